import re

from openapi_spec_validator import validate

from casecrowd.api import API_PREFIX

# The document's own routes and the static assets of its page are not API operations.
UNDOCUMENTED = {f"{API_PREFIX}/openapi.json", f"{API_PREFIX}/docs"}


def flask_rule_to_openapi(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_document_lists_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule in UNDOCUMENTED:
            continue
        if rule.rule.startswith(f"{API_PREFIX}/docs/assets/"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((flask_rule_to_openapi(rule.rule), method))
    assert routes, "the app should expose routes"
    assert routes <= documented, routes - documented


def test_errors_are_documented_as_problem_json(client):
    document = client.get("/api/v1/openapi.json").get_json()
    default_error = document["components"]["responses"]["DEFAULT_ERROR"]
    assert "application/problem+json" in default_error["content"]


def test_browsable_page_is_served_with_local_assets(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"/api/v1/openapi.json" in page.data
    assert b"/api/v1/docs/assets/swagger-ui-bundle.js" in page.data
    asset = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert len(asset.data) > 10000


def test_document_lists_moderation(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    flag = schemas["Envelope_flag"]["properties"]
    assert flag["reason"]["enum"] == [
        "phi",
        "harassment",
        "spam",
        "misinformation",
        "potential-harm",
        "wellbeing",
    ]
    posts = {"case", "answer", "comment", "discussion"}
    assert set(flag["target"]["enum"]) == posts
    withdraw = schemas["Envelope_withdraw"]["properties"]
    assert set(withdraw["target"]["enum"]) == posts
    assert "Envelope_appeal" in schemas
    paths = document["paths"]
    assert "get" in paths[f"{API_PREFIX}/moderation/queue"]
    actions = paths[f"{API_PREFIX}/moderation/actions"]["post"]
    assert actions["security"] == [{"staffBearer": []}]
    assert "get" in paths[f"{API_PREFIX}/modlog"]
    assert "post" in paths[f"{API_PREFIX}/appeals"]
    messages = paths[f"{API_PREFIX}/moderation/messages"]["post"]
    assert messages["security"] == [{"staffBearer": []}]
    assert "get" in paths[f"{API_PREFIX}/me/inbox"]
    # A refusal the moderators' API and a flag writer can meet is in the document.
    assert "429" in paths[f"{API_PREFIX}/envelopes"]["post"]["responses"]


def test_document_lists_the_discussion_kind_and_routes(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas, paths = document["components"]["schemas"], document["paths"]
    created = schemas["Envelope_discussion_create"]["properties"]
    assert {"title", "body", "tags", "phi_ack"} <= set(created)
    assert "discussion_id" in schemas["Envelope_discussion_edit"]["properties"]
    assert "discussion_id" in schemas["Envelope_comment_create"]["properties"]
    assert "discussion" in schemas["Envelope_vote"]["properties"]["target"]["enum"]
    for route in ("discussions", "discussions/search", "discussions/{discussion_id}"):
        assert "get" in paths[f"{API_PREFIX}/{route}"], route
    assert "get" in paths[f"{API_PREFIX}/discussions/{{discussion_id}}/revisions"]
    listing = paths[f"{API_PREFIX}/discussions"]["get"]
    sort = next(p for p in listing["parameters"] if p["name"] == "sort")
    assert "unanswered" in sort["schema"]["enum"]


def _resolved(schemas: dict, schema: dict) -> dict:
    """The component a property refers to, through allOf/anyOf wrappers and arrays."""
    while True:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        elif "items" in schema:
            schema = schema["items"]
        elif wrapped := schema.get("allOf") or schema.get("anyOf") or schema.get("oneOf"):
            schema = next(item for item in wrapped if item.get("type") != "null")
        else:
            return schema


def _undescribed(schemas: dict, name: str, seen: set[str] | None = None) -> list[str]:
    """Properties of component ``name``, and of the components it nests, without a description."""
    seen = seen if seen is not None else set()
    if name in seen:
        return []
    seen.add(name)
    missing = []
    for prop, schema in schemas[name].get("properties", {}).items():
        nested = _resolved(schemas, schema)
        if (
            "description" not in schema
            and "description" not in nested
            and "$ref" not in str(schema)
        ):
            missing.append(f"{name}.{prop}")
        ref = next((n for n, s in schemas.items() if s is nested), None)
        if ref is not None:
            missing += _undescribed(schemas, ref, seen)
    return missing


def test_document_describes_crowd_diagnosis(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths, schemas = document["paths"], document["components"]["schemas"]
    for route in ("/diagnoses", "/stats/crowd", "/polls/{poll_id}", "/polls/{poll_id}/votes"):
        operation = paths[f"{API_PREFIX}{route}"]["get"]
        assert operation.get("description") or operation.get("summary"), route
    assert {"Envelope_poll_create", "Envelope_poll_vote"} <= set(schemas)
    item = _resolved(schemas, schemas["Envelope_answer_create"]["properties"]["differential"])
    assert "pattern" in item["properties"]["code"]
    assert "blind" in schemas["Envelope_case_create"]["properties"]
    assert "final_diagnosis" in schemas["Envelope_case_outcome"]["properties"]
    detail = schemas["CaseDetail"]["properties"]
    for name in ("crowd_differential", "answers_hidden", "blind_lifts", "polls", "final_diagnosis"):
        assert name in detail, name
    # Every member of the new bodies says what it is.
    for name in ("CrowdDifferential", "Accuracy", "Poll"):
        assert not _undescribed(schemas, name), _undescribed(schemas, name)

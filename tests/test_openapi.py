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
    ]
    assert set(flag["target"]["enum"]) == {"case", "answer", "comment"}
    assert "Envelope_appeal" in schemas
    paths = document["paths"]
    assert "get" in paths[f"{API_PREFIX}/moderation/queue"]
    actions = paths[f"{API_PREFIX}/moderation/actions"]["post"]
    assert actions["security"] == [{"staffBearer": []}]
    assert "get" in paths[f"{API_PREFIX}/modlog"]
    assert "post" in paths[f"{API_PREFIX}/appeals"]
    # A refusal the moderators' API and a flag writer can meet is in the document.
    assert "429" in paths[f"{API_PREFIX}/envelopes"]["post"]["responses"]

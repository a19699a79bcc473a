"""The OpenAPI document describes the issuer's media types, authentication and errors."""

from tests.issuer.support import (
    DIRECTORY_PATH,
    DIRECTORY_TYPE,
    REQUEST_PATH,
    REQUEST_TYPE,
    RESPONSE_TYPE,
)


def test_the_token_endpoint_documents_its_bodies_scheme_and_errors(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"][REQUEST_PATH]["post"]

    assert list(operation["requestBody"]["content"]) == [REQUEST_TYPE]
    assert list(operation["responses"]["200"]["content"]) == [RESPONSE_TYPE]
    assert operation["security"] == [{"membershipSecret": []}]
    scheme = document["components"]["securitySchemes"]["membershipSecret"]
    assert scheme["name"] == "Authorization" and "Membership <secret>" in scheme["description"]
    for status in ("401", "403", "415", "422", "429"):
        assert list(operation["responses"][status]["content"]) == ["application/problem+json"]
    assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_the_directory_documents_its_media_type_and_fields(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"][DIRECTORY_PATH]["get"]

    content = operation["responses"]["200"]["content"]
    assert list(content) == [DIRECTORY_TYPE]
    schema_name = content[DIRECTORY_TYPE]["schema"]["$ref"].rpartition("/")[2]
    fields = document["components"]["schemas"][schema_name]["properties"]
    assert set(fields) == {"issuer-request-uri", "token-keys"}
    assert {"ETag", "Cache-Control"} <= set(operation["responses"]["200"]["headers"])
    assert "304" in operation["responses"]

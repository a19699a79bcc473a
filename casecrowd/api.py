"""The OpenAPI 3.1 document and its browsable page, generated from the schemas.

flask-smorest builds the document from each blueprint's marshmallow schemas;
we only teach it that errors are ``application/problem+json`` and serve the
Swagger UI assets from the installed package, so the page works offline.
"""

from __future__ import annotations

import http
from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Flask, send_from_directory
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response

from casecrowd.config import public_url
from casecrowd.problems import PROBLEM_JSON, ProblemSchema

# Swagger UI 5 (the first to read OpenAPI 3.1), as flask-swagger-ui ships it:
# the page loads nothing from outside this server.
SWAGGER_UI_ASSETS = Path(flask_swagger_ui.__file__).parent / "dist"
API_PREFIX = "/api/v1"
ASSETS_PREFIX = f"{API_PREFIX}/docs/assets/"


class Api(SmorestApi):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        # Same as flask-smorest's, but every error response is problem+json.
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        # Errors of no particular operation; each operation lists its own.
        description = (
            "Any other error (no such route or method, a request the server cannot read,"
            " an unexpected failure), as problem details."
        )
        response = {"description": description, "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error):  # type: ignore[no-untyped-def]
        # casecrowd.problems installs the real handler; this one never runs
        # because problems.register() is called after Api.init_app().
        raise error


_assets = Blueprint("openapi_assets", __name__)


@_assets.get(f"{ASSETS_PREFIX}<path:filename>")
def swagger_assets(filename: str):  # type: ignore[no-untyped-def]
    return send_from_directory(str(SWAGGER_UI_ASSETS), filename)


def openapi_config(public_url: str) -> dict:
    return {
        "API_TITLE": "CaseCrowd",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": API_PREFIX,
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": ASSETS_PREFIX,
        "API_SPEC_OPTIONS": {
            "info": {
                "description": (
                    "Verified physicians discuss de-identified cases under pseudonyms. "
                    "Errors are RFC 9457 problem details."
                )
            },
            "servers": [{"url": public_url}],
        },
    }


def init_app(app: Flask) -> Api:
    """One Api per app: flask-smorest keeps the spec on the Api object."""
    app.config.update(openapi_config(public_url(app.config["CASECROWD"])))
    api = Api(app)
    app.extensions["casecrowd.api"] = api
    app.register_blueprint(_assets)
    return api

"""The forum reads the keys its deployment's issuer publishes: file by default, or a URL."""

from __future__ import annotations

import json

import pytest
import requests
from nacl.signing import SigningKey

from casecrowd.crypto import envelope, http_auth, privacypass
from casecrowd.keyfiles import ISSUER_DIRECTORY_FILE as DIRECTORY_FILE
from tests.forum.physician import ISSUER_NAME, ORIGIN


def offered_challenge(client_or_url, public_key: bytes) -> dict:
    body = {
        "public_key": envelope.pseudonym_id(public_key),
        "proof": "A" * 86,
    }
    if isinstance(client_or_url, str):
        response = requests.post(f"{client_or_url}/api/v1/pseudonyms", json=body, timeout=30)
        status, header = response.status_code, response.headers.get("WWW-Authenticate")
    else:
        response = client_or_url.post("/api/v1/pseudonyms", json=body)
        status, header = response.status_code, response.headers.get("WWW-Authenticate")
    assert status == 401
    (offer,) = http_auth.parse_www_authenticate(header)
    return offer


def current_keys(directory_document: dict) -> list[bytes]:
    return [key.spki for key in privacypass.parse_issuer_directory(directory_document)[1]]


def test_by_default_the_issuers_directory_file_is_read(make_app, tmp_path):
    keys = tmp_path / "keys"
    app = make_app({"paths": {"keys": str(keys)}})  # init writes the issuer's key and directory
    published = current_keys(json.loads((keys / DIRECTORY_FILE).read_text()))
    key = bytes(SigningKey.generate().verify_key)
    offer = offered_challenge(app.test_client(), key)
    assert offer["token_key"] in published
    assert offer["challenge"] == envelope.pseudonym_challenge(ISSUER_NAME, ORIGIN, key)


@pytest.mark.live
def test_a_directory_url_is_fetched(live_server, make_app):
    server = live_server(workers=2)
    url = f"{server.url}/.well-known/private-token-issuer-directory"
    published = current_keys(requests.get(url, timeout=30).json())
    app = make_app({"forum": {"issuer_directory": url}})
    offer = offered_challenge(app.test_client(), bytes(SigningKey.generate().verify_key))
    assert offer["token_key"] in published

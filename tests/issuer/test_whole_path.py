"""The whole path over HTTP: apply, approval by a verifier, token request, finalize, verify."""

from urllib.parse import urljoin

import pytest
import requests

from casecrowd.crypto import privacypass
from casecrowd.crypto.errors import InvalidSignature
from tests.desk.support import application_data
from tests.issuer.support import (
    CHALLENGE,
    DIRECTORY_PATH,
    FAST_ARGON2,
    REQUEST_TYPE,
    RESPONSE_TYPE,
    current_key,
    read_directory,
    token_request,
)
from tests.staff.support import add_account, live_bearer

pytestmark = pytest.mark.live


def test_an_approved_applicant_obtains_a_token_that_verifies(make_app, live_server):
    app = make_app(FAST_ARGON2)
    add_account(app, "vera", "verifier")
    url = live_server(workers=2, overrides=FAST_ARGON2).url

    def post(path_or_url, **kwargs):
        target = path_or_url if path_or_url.startswith("http") else url + path_or_url
        return requests.post(target, timeout=30, **kwargs)

    applied = post("/api/v1/desk/applications", json=application_data())
    assert applied.status_code == 201, applied.text
    application_id = applied.json()["application_id"]
    member = {"Authorization": f"Membership {applied.json()['membership_secret']}"}
    verifier = live_bearer(url, "vera")  # password and TOTP code

    request_uri, keys = read_directory(url)
    key = current_key(url)
    body, state = token_request(key.spki)
    # The request URI is relative to the directory (RFC 9578 §4), so it
    # resolves to whatever address the directory was fetched from.
    token_url = urljoin(f"{url}{DIRECTORY_PATH}", request_uri)
    assert token_url == f"{url}/api/v1/issuer/token-requests"
    token_headers = {"Content-Type": REQUEST_TYPE, **member}
    assert post(token_url, data=body, headers=token_headers).status_code == 403  # pending

    approve = f"/api/v1/desk/review/applications/{application_id}/approve"
    approved = post(approve, json={}, headers=verifier)
    assert approved.status_code == 200, approved.text

    response = post(token_url, data=body, headers=token_headers)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == RESPONSE_TYPE
    token = privacypass.Client.finalize(
        state, privacypass.TokenResponse.deserialize(response.content)
    )
    assert privacypass.verify_token(token, CHALLENGE, keys) == key.spki
    # A token for another challenge does not pass as this one.
    other = privacypass.TokenChallenge(2, "casecrowd.test", b"", ["elsewhere.test"])
    with pytest.raises(InvalidSignature):
        privacypass.verify_token(token, other, keys)

"""Members, token requests and directory reading for the issuer tests.

Works with Flask's test client and with a live server's base URL alike.
"""

from __future__ import annotations

import time
from typing import Any

import requests
import sqlalchemy as sa

from casecrowd.clock import utcnow
from casecrowd.crypto import privacypass
from casecrowd.db import db
from casecrowd.desk import review
from casecrowd.desk import service as desk_service
from casecrowd.issuer import epochs
from casecrowd.issuer.models import TokenCount
from casecrowd.staff import service as staff_service
from casecrowd.staff.models import StaffAccount
from tests.desk.support import application_data
from tests.staff.support import FAST_ARGON2, PASSWORD

DIRECTORY_PATH = "/.well-known/private-token-issuer-directory"
REQUEST_PATH = "/api/v1/issuer/token-requests"
REQUEST_TYPE = "application/private-token-request"
RESPONSE_TYPE = "application/private-token-response"
DIRECTORY_TYPE = "application/private-token-issuer-directory"
ISSUER_NAME = "casecrowd.test"
CHALLENGE = privacypass.TokenChallenge(2, ISSUER_NAME, b"", ["casecrowd.test"])
EPOCH_SECONDS = 30 * 86400  # the default issuer.epoch_days

__all__ = ["FAST_ARGON2", "PASSWORD"]


def verifier_account() -> StaffAccount:
    existing = db.session.scalar(sa.select(StaffAccount).where(StaffAccount.username == "vera"))
    return existing or staff_service.create_account("vera", "verifier", PASSWORD)


def new_member(app: Any, status: str = "approved") -> tuple[int, str]:
    """An application taken to ``status`` through the desk's service; (id, secret)."""
    with app.app_context():
        new = desk_service.submit_application(**application_data())
        membership_id = new.membership.id
        actions = {
            "pending": [],
            "approved": [("approve", None)],
            "rejected": [("reject", "Licence could not be confirmed.")],
            "suspended": [("approve", None), ("suspend", "Licence revoked by the board.")],
        }[status]
        for action, reason in actions:
            review.decide(membership_id, action, verifier_account(), reason)
    return membership_id, new.secret


def member_header(secret: str) -> dict[str, str]:
    return {"Authorization": f"Membership {secret}"}


def current_epoch(epoch_seconds: int = EPOCH_SECONDS) -> int:
    return epochs.epoch_of(utcnow(), epoch_seconds)


def read_directory(http: Any) -> tuple[str, list[privacypass.IssuerKey]]:
    if isinstance(http, str):
        response = requests.get(http + DIRECTORY_PATH, timeout=30)
        assert response.status_code == 200
        return privacypass.parse_issuer_directory(response.json())
    response = http.get(DIRECTORY_PATH)
    assert response.status_code == 200
    return privacypass.parse_issuer_directory(response.get_json(force=True))


def current_key(http: Any) -> privacypass.IssuerKey:
    """The directory's key already in force (the next one, if listed, is not)."""
    _, keys = read_directory(http)
    now = time.time()
    return max((k for k in keys if k.not_before <= now), key=lambda k: k.not_before)


def token_request(spki: bytes) -> tuple[bytes, privacypass.ClientState]:
    request, state = privacypass.Client.create_token_request(CHALLENGE, spki)
    return request.serialize(), state


def post_token_request(
    http: Any, secret: str | None, body: bytes, content_type: str = REQUEST_TYPE
) -> Any:
    headers = {"Content-Type": content_type}
    if secret is not None:
        headers.update(member_header(secret))
    if isinstance(http, str):
        return requests.post(http + REQUEST_PATH, data=body, headers=headers, timeout=60)
    return http.post(REQUEST_PATH, data=body, headers=headers)


def issued(app: Any, membership_id: int, epoch: int | None = None) -> int:
    """Tokens counted for the membership in ``epoch`` (default: the current one)."""
    epoch = current_epoch() if epoch is None else epoch
    with app.app_context():
        count = db.session.get(TokenCount, (membership_id, epoch))
        return 0 if count is None else count.issued

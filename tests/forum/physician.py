"""A physician's side of the forum protocol, for tests: issuer stand-in, keys, envelopes.

Works over Flask's test client and over HTTP (``requests``) alike, so the same
steps run in-process and against a live multi-worker server.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from nacl.signing import SigningKey

from casecrowd.crypto import base64url, envelope, http_auth, privacypass
from casecrowd.crypto.keys import public_key_spki

ORIGIN = "http://casecrowd.test"
ISSUER_NAME = "casecrowd.test"
DAY = 86400


@dataclass
class Reply:
    status: int
    body: Any
    headers: Any


class Transport:
    """Either a Flask test client or a base URL served over HTTP."""

    def __init__(self, target: Any) -> None:
        self.target = target

    def request(self, method: str, path: str, **kwargs: Any) -> Reply:
        if isinstance(self.target, str):
            response = requests.request(method, self.target + path, timeout=60, **kwargs)
            body = response.json() if response.content else None
            return Reply(response.status_code, body, response.headers)
        response = self.target.open(path, method=method, **kwargs)
        return Reply(response.status_code, response.get_json(silent=True), response.headers)


@dataclass
class Issuer:
    """Acts as the issuer: named RSA keys with their not-before times."""

    keys: dict[str, Any]
    not_before: dict[str, int]

    def spki(self, name: str) -> bytes:
        return public_key_spki(self.keys[name].public_key())

    def write_directory(self, path: Path, names: list[str]) -> Path:
        entries = []
        for name in names:
            entry = {"token-type": 2, "token-key": base64url.encode(self.spki(name))}
            if self.not_before.get(name) is not None:
                entry["not-before"] = self.not_before[name]
            entries.append(entry)
        document = {"issuer-request-uri": "https://casecrowd.test/token-request"}
        document["token-keys"] = entries
        path.write_text(json.dumps(document))
        return path

    def mint(self, challenge: privacypass.TokenChallenge, name: str) -> privacypass.Token:
        request, state = privacypass.Client.create_token_request(challenge, self.spki(name))
        return privacypass.Client.finalize(state, privacypass.issue(self.keys[name], request))


@dataclass
class Physician:
    http: Transport
    issuer: Issuer
    key: SigningKey = field(default_factory=SigningKey.generate)
    session: str | None = None
    handle: str | None = None

    @property
    def public_key(self) -> bytes:
        return bytes(self.key.verify_key)

    @property
    def pseudonym(self) -> str:
        return envelope.pseudonym_id(self.public_key)

    def challenge(self, *, issuer_name: str = ISSUER_NAME, origin: str = ORIGIN):
        return envelope.pseudonym_challenge(issuer_name, origin, self.public_key)

    def token(self, issuer_key: str = "current", **challenge: Any) -> privacypass.Token:
        return self.issuer.mint(self.challenge(**challenge), issuer_key)

    def register(
        self, token: privacypass.Token | None = None, *, proof: str | None = None, **extra: Any
    ) -> Reply:
        token = token or self.token()
        body = {
            "public_key": self.pseudonym,
            "proof": proof or envelope.sign_registration(self.key, ORIGIN),
        }
        headers = {"Authorization": http_auth.format_authorization(token)}
        reply = self.http.request("POST", "/api/v1/pseudonyms", json=body, headers=headers)
        if reply.status in (200, 201):
            self.handle = reply.body["handle"]
        return reply

    def open_session(self) -> Reply:
        reply = self.http.request(
            "POST", "/api/v1/sessions/challenge", json={"pseudonym": self.pseudonym}
        )
        assert reply.status == 200, reply.body
        challenge = reply.body["challenge"]
        signature = envelope.sign_session(self.key, ORIGIN, challenge)
        reply = self.http.request(
            "POST", "/api/v1/sessions", json={"challenge": challenge, "signature": signature}
        )
        if reply.status == 201:
            self.session = reply.body["token"]
        return reply

    def join(self, issuer_key: str = "current") -> Physician:
        """Register and open a session; the state most tests start from."""
        reply = self.register(self.token(issuer_key))
        assert reply.status == 201, reply.body
        reply = self.open_session()
        assert reply.status == 201, reply.body
        return self

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.session}"}

    def get(self, path: str) -> Reply:
        return self.http.request("GET", path, headers=self.auth())

    def sign(self, kind: str, *, created: datetime | None = None, **members: Any):
        body = {
            "v": 1,
            "kind": kind,
            "origin": ORIGIN,
            "pseudonym": self.pseudonym,
            "created": envelope.format_created(created or datetime.now(UTC)),
            "id": secrets.token_urlsafe(16),
            **members,
        }
        message, signature = envelope.sign_message(self.key, body)
        return message.decode("utf-8"), signature

    def send(self, text: str, signature: str) -> Reply:
        body = {"envelope": text, "signature": signature}
        return self.http.request("POST", "/api/v1/envelopes", json=body, headers=self.auth())

    def post(self, kind: str, **members: Any) -> Reply:
        return self.send(*self.sign(kind, **members))


def case_fields(**changes: Any) -> dict[str, Any]:
    fields = {
        "title": "Recurrent fevers with a migratory rash",
        "age": 34,
        "sex": "female",
        "tags": ["rheumatology", "infectious-disease"],
        "presentation": "Three months of evening fevers, arthralgia and a salmon-pink rash.",
        "history": "No travel. No new medications.",
        "examination": "Splenomegaly, evanescent rash on the trunk.",
        "investigations": "Ferritin 12000 ng/mL, leukocytosis, negative ANA.",
        "question": "What else should be excluded before treating?",
    }
    fields.update(changes)
    return fields


def envelope_body(doctor: Physician, **changes: Any) -> dict[str, Any]:
    """A case.create envelope's members before signing; a change to None drops a member."""
    body = {
        "v": 1,
        "kind": "case.create",
        "origin": ORIGIN,
        "pseudonym": doctor.pseudonym,
        "created": envelope.format_created(datetime.now(UTC)),
        "id": "0123456789abcdefABCDEF",
        **case_fields(),
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def epoch_times(now: datetime | None = None) -> dict[str, int]:
    """Not-before times: ancient (70 days ago), previous (40), current (10)."""
    now = now or datetime.now(UTC)
    return {
        name: int((now - timedelta(days=days)).timestamp())
        for name, days in (("ancient", 70), ("previous", 40), ("current", 10))
    }

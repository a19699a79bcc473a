"""The forum as one pseudonym sees it: reading, and writing through signed envelopes.

Every write is an envelope (RFC 8785 canonical JSON signed with the pseudonym's
Ed25519 key). Its ``id`` is chosen here, so sending the same bytes again after a
lost answer is safe: the forum replays its first answer instead of acting twice.
"""

from __future__ import annotations

import secrets
from typing import Any

from casecrowd.client import pseudonyms
from casecrowd.client.http import ApiClient, ServerProblem, Unreachable
from casecrowd.client.wallet import Pseudonym, Wallet
from casecrowd.clock import utcnow
from casecrowd.crypto import envelope
from casecrowd.crypto.proof import MAX_PROOFS_PER_REQUEST

ENVELOPES_PATH = "/api/v1/envelopes"
CASES_PATH = "/api/v1/cases"
SEARCH_PATH = "/api/v1/search"
DISCUSSIONS_PATH = "/api/v1/discussions"
PROOFS_PATH = "/api/v1/proofs"
APPEALS_PATH = "/api/v1/appeals"
MY_MODERATION_PATH = "/api/v1/me/moderation"
INBOX_PATH = "/api/v1/me/inbox"
ENVELOPE_ID_BYTES = 16
VOTE_VALUES = {"up": 1, "down": -1, "none": 0}
# Why a post on a case page comes without text to check: hidden from this reader, or purged.
HIDDEN, REDACTED = "hidden", "redacted"
# What a write of each kind is, in words, for the message of a rate limit refusing it.
ATTEMPTS = {
    "case.create": "new cases",
    "case.edit": "case edits",
    "case.outcome": "outcomes",
    "answer.create": "answers",
    "answer.edit": "answer edits",
    "answer.accept": "acceptances",
    "comment.create": "comments",
    "vote": "votes",
    "flag": "flags",
    "appeal": "appeals",
    "poll.create": "polls",
    "poll.vote": "poll votes",
    "withdraw": "withdrawals",
}


def sign(pseudonym: Pseudonym, origin: str, kind: str, members: dict[str, Any]) -> tuple[str, str]:
    """The envelope text and its detached signature (base64url)."""
    envelope_id = secrets.token_urlsafe(ENVELOPE_ID_BYTES)
    header = envelope.header(kind, origin, pseudonym.public_key, utcnow(), envelope_id)
    message, signature = envelope.sign_message(pseudonym.signing_key(), {**header, **members})
    return message.decode("utf-8"), signature


def send_signed(
    api: ApiClient, path: str, body: dict[str, str], headers: dict[str, str] | None = None
) -> Any:
    """POST a signed envelope; once more if no answer came (the forum replays its first)."""
    try:
        return api.post_json(path, body, headers=headers)
    except Unreachable:
        return api.post_json(path, body, headers=headers)


def page_of(answer: Any) -> dict[str, Any]:
    """A listing as ``{"items": [...], "next_cursor": ...}``, whether paged or a bare list."""
    if isinstance(answer, list):
        return {"items": answer, "next_cursor": None}
    return {"items": answer.get("items", []), "next_cursor": answer.get("next_cursor")}


def moderation_of(post: dict[str, Any]) -> dict[str, Any]:
    """A post's moderation state as the forum states it (empty before any)."""
    state = post.get("moderation")
    return state if isinstance(state, dict) else {}


def unshown_reason(post: dict[str, Any]) -> str | None:
    """REDACTED once its text is purged or its author withdrew it; HIDDEN when hidden and
    served without its text (to anyone but its author); None when its text is there to check."""
    state = moderation_of(post)
    if state.get("redacted_by") is not None or post.get("withdrawn") is True:
        return REDACTED
    if state.get("hidden") and "proof_id" not in post:
        return HIDDEN
    return None


class Forum:
    """Requests on behalf of ``pseudonym``; opens (and reopens) its session as needed."""

    def __init__(self, wallet: Wallet, api: ApiClient, origin: str, pseudonym: Pseudonym) -> None:
        self.wallet, self.api, self.origin, self.pseudonym = wallet, api, origin, pseudonym

    # -- sessions -----------------------------------------------------------------------

    def _open_session(self) -> str:
        token = pseudonyms.open_session(self.api, self.origin, self.pseudonym)
        self.pseudonym.session_token = token
        self.wallet.save()
        return token

    def _headers(self) -> dict[str, str]:
        token = self.pseudonym.session_token or self._open_session()
        return {"Authorization": f"Bearer {token}"}

    def _with_session(self, call: Any) -> Any:
        try:
            return call(self._headers())
        except ServerProblem as problem:
            if problem.code != "session-required":
                raise
            # Expired or closed: one new session, one more try.
            self.pseudonym.session_token = None
            return call({"Authorization": f"Bearer {self._open_session()}"})

    # -- reading ------------------------------------------------------------------------

    def get(self, path: str, **params: Any) -> Any:
        return self._with_session(
            lambda headers: self.api.get_json(path, headers=headers, **params)
        )

    def list_cases(self, **query: Any) -> dict[str, Any]:
        return page_of(self.get(CASES_PATH, **query))

    def search(self, q: str, **query: Any) -> dict[str, Any]:
        return page_of(self.get(SEARCH_PATH, q=q, **query))

    def case(self, case_id: int) -> dict[str, Any]:
        return self.get(f"{CASES_PATH}/{case_id}")

    def list_discussions(self, **query: Any) -> dict[str, Any]:
        return page_of(self.get(DISCUSSIONS_PATH, **query))

    def search_discussions(self, q: str, **query: Any) -> dict[str, Any]:
        return page_of(self.get(f"{DISCUSSIONS_PATH}/search", q=q, **query))

    def discussion(self, discussion_id: int) -> dict[str, Any]:
        return self.get(f"{DISCUSSIONS_PATH}/{discussion_id}")

    def answer_votes(self, answer_id: int) -> dict[str, Any]:
        """The vote that counts for each voter on an answer, each with its proof."""
        return self.get(f"/api/v1/answers/{answer_id}/votes")

    def my_moderation(self) -> dict[str, Any]:
        """The sanctions on this pseudonym and the mod-log entries about it or its posts."""
        return self.get(MY_MODERATION_PATH)

    def inbox(self) -> dict[str, Any]:
        """The moderators' messages to this pseudonym (each signed by the moderation key)."""
        return self.get(INBOX_PATH)

    def proof(self, proof_id: int) -> dict[str, Any]:
        return self.get(f"{PROOFS_PATH}/{proof_id}")

    def proofs(self, proof_ids: list[int]) -> dict[int, dict[str, Any]]:
        """The proofs of ``proof_ids`` by id; an id the forum does not return is absent."""
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(proof_ids), MAX_PROOFS_PER_REQUEST):
            chunk = proof_ids[start : start + MAX_PROOFS_PER_REQUEST]
            for item in self.get(PROOFS_PATH, id=chunk).get("items", []):
                # Keyed by what was asked: a proof filed under another id is not used.
                if item.get("proof_id") in chunk:
                    found[item["proof_id"]] = item
        return found

    # -- writing ------------------------------------------------------------------------

    def submit(self, kind: str, members: dict[str, Any]) -> dict[str, Any]:
        """Sign and send one envelope; the forum's answer (ids, proof_id...)."""
        text, signature = sign(self.pseudonym, self.origin, kind, members)
        body = {"envelope": text, "signature": signature}
        try:
            return self._with_session(
                lambda headers: send_signed(self.api, ENVELOPES_PATH, body, headers)
            )
        except ServerProblem as problem:
            raise problem.for_attempt(ATTEMPTS.get(kind, "writes")) from None

    def appeal(self, members: dict[str, Any]) -> dict[str, Any]:
        """Sign and send an ``appeal`` without a session.

        The envelope's signature by the pseudonym's key authenticates it, so a
        suspended or banned pseudonym, which cannot open a session, can still appeal.
        """
        text, signature = sign(self.pseudonym, self.origin, "appeal", members)
        body = {"envelope": text, "signature": signature}
        try:
            return send_signed(self.api, APPEALS_PATH, body)
        except ServerProblem as problem:
            raise problem.for_attempt(ATTEMPTS["appeal"]) from None

    def vote(self, target: str, target_id: int, value: int) -> dict[str, Any]:
        return self.submit("vote", {"target": target, "target_id": target_id, "value": value})

    def accept(self, answer_id: int) -> dict[str, Any]:
        return self.submit("answer.accept", {"answer_id": answer_id})

"""A populated forum of the release before forum_times_0001, and its rows compared by key.

Rows are written through tables reflected from the old schema
(``tests.test_migrations.OldRelease``), with every table that refers to a
pseudonym holding some. ``by_public_key`` reads every forum row with each
pseudonym id replaced by that pseudonym's public key, so that a migration
that renumbers pseudonyms can be checked to keep every reference.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from nacl.signing import SigningKey

from tests.test_migrations import OldRelease

NOW = datetime.now(UTC).replace(microsecond=0)
PEOPLE = 6
REFERRING = {
    "pseudonym_tokens": "pseudonym_id",
    "pseudonym_sessions": "pseudonym_id",
    "signed_envelopes": "pseudonym_id",
    "cases": "pseudonym_id",
    "answers": "pseudonym_id",
    "comments": "pseudonym_id",
    "votes": "pseudonym_id",
}
RE_KEYED = {"pseudonym_tokens", "pseudonym_sessions"}


class Seeded:
    def __init__(self, old: OldRelease) -> None:
        self.old = old
        self.keys = [SigningKey.generate() for _ in range(PEOPLE)]
        self.tokens: dict[str, str] = {}

    def public_key(self, n: int) -> bytes:
        return bytes(self.keys[n].verify_key)

    def seed(self) -> None:
        insert = self.old.insert
        key_rows = insert(
            "forum",
            "issuer_keys",
            *[
                {
                    "token_key_id": secrets.token_bytes(32),
                    "spki": secrets.token_bytes(300),
                    "not_before": NOW - timedelta(days=days),
                    "first_seen_on": (NOW - timedelta(days=days)).date(),
                }
                for days in (40, 10)
            ],
        )
        self.people = insert(
            "forum",
            "pseudonyms",
            *[
                {
                    "public_key": self.public_key(n),
                    "handle": f"seeded-person-{n:06x}",
                    "registered_on": date(2026, 11, 1) + timedelta(days=n),
                    "verified_until": NOW + timedelta(days=30),
                    "reputation": n,
                }
                for n in range(PEOPLE)
            ],
        )
        assert self.people == list(range(self.people[0], self.people[0] + PEOPLE))
        insert(
            "forum",
            "pseudonym_tokens",
            *[
                {
                    "nonce": secrets.token_bytes(32),
                    "pseudonym_id": self.people[n % PEOPLE],
                    "issuer_key_id": key_rows[n % 2],
                    "token": secrets.token_bytes(354),
                }
                for n in range(PEOPLE + 3)
            ],
        )
        expiries = {
            "live": (NOW + timedelta(hours=5, microseconds=123456), False),
            "revoked": (NOW + timedelta(hours=2, seconds=7), True),
            "expired": (NOW - timedelta(hours=2, microseconds=1), False),
        }
        for n, (name, (expires, revoked)) in enumerate(expiries.items()):
            token = self.tokens[name] = f"seeded-session-{name}-{secrets.token_hex(8)}"
            insert(
                "forum",
                "pseudonym_sessions",
                {
                    "token_hash": hashlib.sha256(token.encode()).digest(),
                    "pseudonym_id": self.people[n],
                    "expires_at": expires,
                    "revoked": revoked,
                },
            )
        self._content()

    def _content(self) -> None:
        insert = self.old.insert
        kinds = ["case.create", "answer.create", "comment.create", "vote", "case.edit"]
        authors = [0, 1, 2, 3, 0]
        self.envelopes = insert(
            "forum",
            "signed_envelopes",
            *[
                {
                    "pseudonym_id": self.people[author],
                    "client_id": f"client-id-{n:08d}",
                    "kind": kind,
                    "envelope": "{}",
                    "signature": "seeded",
                    "created": NOW - timedelta(hours=5 - n),
                    "response_status": 201,
                    "response_body": {"kind": kind},
                }
                for n, (kind, author) in enumerate(zip(kinds, authors, strict=True))
            ],
        )
        text = dict.fromkeys(("presentation", "history", "examination", "investigations"), "x")
        (self.case,) = insert(
            "forum",
            "cases",
            {
                "pseudonym_id": self.people[0],
                "envelope_id": self.envelopes[0],
                "title": "Migratory polyarthritis after a sore throat",
                "age": "34",
                "sex": "female",
                "question": "What else?",
                "status": "open",
                "revision": 2,
                "score": 1,
                "answer_count": 1,
                "comment_count": 1,
                "created": NOW - timedelta(hours=5),
                "last_activity": NOW - timedelta(hours=3),
                **text,
            },
        )
        insert("forum", "case_tags", {"case_id": self.case, "tag": "rheumatology"})
        insert(
            "forum",
            "case_revisions",
            *[
                {
                    "case_id": self.case,
                    "number": number,
                    "envelope_id": self.envelopes[index],
                    "created": NOW - timedelta(hours=5 - index),
                    "fields": {"title": "seeded"},
                    "phi_acknowledged": [],
                }
                for number, index in ((1, 0), (2, 4))
            ],
        )
        (answer,) = insert(
            "forum",
            "answers",
            {
                "case_id": self.case,
                "pseudonym_id": self.people[1],
                "envelope_id": self.envelopes[1],
                "body": "Rheumatic fever",
                "differential": [],
                "revision": 1,
                "score": 0,
                "comment_count": 0,
                "created": NOW - timedelta(hours=4),
            },
        )
        insert(
            "forum",
            "answer_revisions",
            {
                "answer_id": answer,
                "number": 1,
                "envelope_id": self.envelopes[1],
                "created": NOW - timedelta(hours=4),
                "fields": {"body": "Rheumatic fever"},
                "phi_acknowledged": [],
            },
        )
        insert(
            "forum",
            "comments",
            {
                "case_id": self.case,
                "answer_id": None,
                "pseudonym_id": self.people[2],
                "envelope_id": self.envelopes[2],
                "body": "ASO titre?",
                "created": NOW - timedelta(hours=3),
                "phi_acknowledged": [],
            },
        )
        insert(
            "forum",
            "votes",
            {
                "pseudonym_id": self.people[3],
                "target_kind": "case",
                "target_id": self.case,
                "value": 1,
                "created": NOW - timedelta(hours=2),
                "client_id": "client-id-00000003",
                "envelope_id": self.envelopes[3],
            },
        )


def by_public_key(old: OldRelease) -> dict[str, list[dict[str, Any]]]:
    """Every forum row, each pseudonym id replaced by that pseudonym's key, without the
    surrogate ids of tokens and sessions; sorted, since ids no longer give an order."""
    rows = old.rows("forum")
    keys = {row["id"]: row["public_key"] for row in rows["pseudonyms"]}
    found = {}
    for name, table_rows in rows.items():
        canonical = []
        for row in table_rows:
            row = dict(row)
            if name in REFERRING:
                row[REFERRING[name]] = keys[row[REFERRING[name]]]
            if name == "pseudonyms":
                row.pop("id")
            if name in RE_KEYED:
                row.pop("id", None)
            if name == "pseudonym_sessions":
                row["expires_at"] = _aware(row["expires_at"])
                # forum_sessions_0001 leaves sessions opened before it unmarked.
                if "challenge_hash" in row and row["challenge_hash"] is None:
                    del row["challenge_hash"]
            canonical.append(row)
        found[name] = sorted(canonical, key=repr)
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def pseudonym_ids(old: OldRelease) -> dict[bytes, int]:
    return {row["public_key"]: row["id"] for row in old.rows("forum")["pseudonyms"]}

"""What the purge tests share: posts full of a marker word, the purge, every cell of the forum.

A marker is a made-up word the PHI guard lets through, new in each test so
that no other test's leftovers can be mistaken for a leak. Its ``needle``
(the marker without its first four letters and last two) is what is looked
for in raw bytes: SQLite's full-text index stores a word lower-cased, stemmed
at its end, and shares its first letters with the word before it.

The forum's fixtures (issuer, physicians, the app) come from
tests/moderation/conftest.py.
"""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from casecrowd import db as databases
from casecrowd.db import db
from casecrowd.moderation import log
from casecrowd.moderation.purge import purge_target
from casecrowd.phi.policy import describe
from tests.forum.physician import Physician, case_fields

# A possible name, low confidence: the author acknowledges it, so the revision
# keeps a hash of the span.
UNCERTAIN = "Springfield was mentioned."


@dataclass(frozen=True)
class Marker:
    word: str

    @classmethod
    def new(cls) -> Marker:
        middle = "".join(secrets.choice(string.ascii_lowercase) for _ in range(6))
        return cls(f"Quor{middle}bladden")

    @property
    def needle(self) -> str:
        return self.word.lower()[4:-2]

    def found_in(self, value: str) -> bool:
        lowered = value.lower()
        return self.word.lower() in lowered or self.needle in lowered


def acknowledgements(text: str) -> list[dict[str, str]]:
    """The ``phi_ack`` that lets ``text``'s low-confidence findings through."""
    return [{"rule": f["rule"], "span": f["span_hash"]} for f in describe("text", text)]


def span_hashes(text: str) -> set[str]:
    return {finding["span_hash"] for finding in describe("text", text)}


def created(reply: Any, status: int = 201) -> Any:
    assert reply.status == status, reply.body
    return reply.body


@dataclass
class Posts:
    """A case, an answer and a comment carrying the marker, flagged with notes quoting it."""

    case_id: int
    answer_id: int
    comment_id: int
    marker: Marker
    envelope_ids: dict[str, list[int]] = field(default_factory=dict)
    quiet_flag_envelope: int = 0


def marked_posts(author: Physician, peer: Physician, third: Physician, marker: Marker) -> Posts:
    """Every place text is written: creation, edits, outcome, differential, flags."""
    word = marker.word
    history = f"Took {word} for years. {UNCERTAIN}"
    fields = case_fields(title=f"Fevers after {word} exposure", history=history)
    case = created(author.post("case.create", phi_ack=acknowledgements(history), **fields))
    case_id = case["case_id"]
    edit = created(author.post("case.edit", case_id=case_id, examination=f"Rash at {word}."), 200)
    outcome = f"Resolved once away from {word}."
    first_outcome = created(author.post("case.outcome", case_id=case_id, outcome=outcome), 200)
    second_outcome = created(
        author.post(
            "case.outcome",
            case_id=case_id,
            outcome=f"{outcome} Still well.",
            final_diagnosis={"diagnosis": f"{word} fever"},
        ),
        200,
    )
    answer = created(
        peer.post(
            "answer.create",
            case_id=case_id,
            body=f"Ask about {word} again.",
            differential=[
                {"diagnosis": "Adult-onset Still's disease", "note": f"After {word}."},
                {"diagnosis": f"{word} fever", "note": ""},
            ],
        )
    )
    answer_edit = created(
        peer.post("answer.edit", answer_id=answer["answer_id"], body=f"Ask about {word} twice."),
        200,
    )
    comment = created(peer.post("comment.create", case_id=case_id, body=f"Was {word} the only?"))
    flags = {
        "case": created(flag(peer, "case", case_id, f"{word} looks like a place name")),
        "answer": created(flag(author, "answer", answer["answer_id"], f"{word} again")),
        "comment": created(flag(third, "comment", comment["comment_id"], f"names {word}")),
    }
    quiet = created(flag(third, "case", case_id, ""))
    return Posts(
        case_id,
        answer["answer_id"],
        comment["comment_id"],
        marker,
        {
            "case": [case["proof_id"], edit["proof_id"]],
            "outcome": [first_outcome["proof_id"], second_outcome["proof_id"]],
            "answer": [answer["proof_id"], answer_edit["proof_id"]],
            "comment": [comment["proof_id"]],
            "flags": [reply["proof_id"] for reply in flags.values()],
        },
        quiet["proof_id"],
    )


def flag(member: Physician, kind: str, target_id: int, note: str) -> Any:
    reason = "phi" if note else "spam"
    return member.post("flag", target=kind, target_id=target_id, reason=reason, note=note)


def purge(app: Any, kind: str, target_id: int, note: str = "") -> int:
    """A moderator's purge as the action does it: its log entry and the purge, one commit."""
    with app.app_context():
        entry = log.append("purge", "phi", kind, target_id, "mod-1", note=note)
        purge_target(kind, target_id, entry.seq)
        db.session.commit()
        return entry.seq


def purge_all(app: Any, posts: Posts) -> dict[str, int]:
    note = f"quoted {posts.marker.word}"
    return {
        kind: purge(app, kind, target_id, note)
        for kind, target_id in (
            ("case", posts.case_id),
            ("answer", posts.answer_id),
            ("comment", posts.comment_id),
        )
    }


def cell_text(value: Any) -> str:
    """A cell as text, whatever its type: JSON as JSON, bytes as Latin-1 (every byte a char)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def forum_table_names(connection: sa.Connection) -> list[str]:
    """Every table of the forum database: on SQLite with the schema itself, the full-text
    index and its shadow tables; on PostgreSQL every table of the schema."""
    if connection.dialect.name == "sqlite":
        names = connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'table'"))
        return ["sqlite_master", *names.scalars()]
    return sa.inspect(connection).get_table_names()


def forum_cells(app: Any) -> Iterator[tuple[str, str]]:
    """(table, cell text) for every cell of every row of the forum database."""
    with app.app_context(), databases.engine("forum").connect() as connection:
        for name in forum_table_names(connection):
            rows = connection.execute(sa.text(f'SELECT * FROM "{name}"'))  # noqa: S608
            for row in rows:
                for value in row:
                    yield name, cell_text(value)


def tables_holding(app: Any, needles: Any) -> set[str]:
    """The tables where a cell contains one of ``needles`` (a predicate on text)."""
    return {table for table, text in forum_cells(app) if needles(text)}


def sqlite_file_bytes(app: Any) -> bytes:
    """The forum database file and its write-ahead log, as they are on disk."""
    with app.app_context():
        main = Path(databases.engine("forum").url.database)
    wal = main.with_name(main.name + "-wal")
    return main.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

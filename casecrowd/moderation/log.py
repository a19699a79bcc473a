"""The public mod log: appending the next signed entry, and the entry as it is served.

Invariants: entries are numbered 1, 2, 3… with no gap and no repeat; each
names the hash of the one before (``GENESIS_HASH`` for the first) and is
signed by the moderation key; an entry is written in the transaction of the
change it records, so a rolled-back action leaves no entry and a committed
one always has its entry. Appends serialise on both backends, so two
moderators acting at once get consecutive entries rather than one seq twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, text, update

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.models import ModerationLogEntry
from casecrowd.moderation.keys import moderation_signing_key
from casecrowd.problems import Unprocessable, raises
from casecrowd.protocol import modlog
from casecrowd.protocol.moderation import ACTION_REASONS, ACTIONS, LOG_TARGET_KINDS

# Key of the PostgreSQL advisory lock every append takes ("modlog" in ASCII).
APPEND_LOCK_KEY = 0x6D6F646C6F67
# Column widths of moderation_log.target_id and .moderator.
TARGET_ID_MAX = 64
MODERATOR_MAX = 32


class InvalidLogEntry(Unprocessable):
    code, title = "invalid-log-entry", "Not a valid mod-log entry"


def _check_member(name: str, value: str, allowed: Iterable[str]) -> None:
    if value not in allowed:
        raise InvalidLogEntry(f"{value!r} is not a mod-log {name}.")


def _check_text(name: str, value: str, longest: int) -> None:
    if not value or len(value) > longest:
        raise InvalidLogEntry(f"The {name} must be 1 to {longest} characters.")


def _hold_append_lock() -> None:
    """Take the lock that orders appends, before the last entry is read; held until commit.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a write that
    changes nothing, which makes the transaction the database's one writer
    (waiting for another's commit under the busy timeout). Reading first
    and writing later would instead let two transactions read the same last
    entry, and in WAL mode fail the second with "database is locked" when
    it tries to upgrade to a writer.
    """
    session = db.session
    bind = session.get_bind(mapper=ModerationLogEntry.__mapper__)
    if bind.dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"),
            {"key": APPEND_LOCK_KEY},
            bind_arguments={"mapper": ModerationLogEntry.__mapper__},
        )
    else:
        no_change = (
            update(ModerationLogEntry)
            .where(ModerationLogEntry.seq < 0)
            .values(seq=ModerationLogEntry.seq)
        )
        session.execute(no_change.execution_options(synchronize_session=False))


def last_entry() -> ModerationLogEntry | None:
    statement = select(ModerationLogEntry).order_by(ModerationLogEntry.seq.desc()).limit(1)
    return db.session.scalars(statement).first()


@raises(InvalidLogEntry)
def append(
    action: str,
    reason: str,
    target_kind: str,
    target_id: int | str,
    moderator: str,
    note: str = "",
) -> ModerationLogEntry:
    """Add the next entry in the caller's transaction (flushed, not committed).

    ``target_id`` is a content or appeal id, or a pseudonym's handle; the
    ``note`` stays among moderators and is neither signed nor served.
    """
    _check_member("action", action, ACTIONS)
    _check_member("reason", reason, ACTION_REASONS)
    _check_member("target kind", target_kind, LOG_TARGET_KINDS)
    target = str(target_id)
    _check_text("target id", target, TARGET_ID_MAX)
    _check_text("moderator", moderator, MODERATOR_MAX)
    _hold_append_lock()
    previous = last_entry()
    day = utcnow().date()
    document: dict[str, Any] = {
        "seq": previous.seq + 1 if previous else 1,
        "day": day.isoformat(),
        "action": action,
        "reason": reason,
        "target_kind": target_kind,
        "target_id": target,
        "moderator": moderator,
        "prev_hash": previous.entry_hash if previous else modlog.GENESIS_HASH,
    }
    signed = modlog.sign_entry(document, moderation_signing_key())
    entry = ModerationLogEntry(**{**signed, "day": day}, note=note)
    db.session.add(entry)
    db.session.flush()
    return entry


def served(entry: ModerationLogEntry) -> dict[str, Any]:
    """The entry as readers get it: its signed members (day as ISO text), hash and signature."""
    document = {name: getattr(entry, name) for name in modlog.SIGNED_MEMBERS}
    document["day"] = entry.day.isoformat()
    return {**document, "entry_hash": entry.entry_hash, "signature": entry.signature}


def page(after: int, limit: int) -> dict[str, Any]:
    """The entries after seq ``after``, oldest first; ``next`` is the ``after`` of the next page."""
    statement = (
        select(ModerationLogEntry)
        .where(ModerationLogEntry.seq > after)
        .order_by(ModerationLogEntry.seq)
        .limit(limit + 1)
    )
    rows = list(db.session.scalars(statement))
    shown = rows[:limit]
    more = len(rows) > limit
    return {"entries": [served(row) for row in shown], "next": shown[-1].seq if more else None}

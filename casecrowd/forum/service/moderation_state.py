"""The moderation state of content and pseudonyms, as flags and moderators change it.

One home for what both sides need: the content row a flag target names, the
target's state row (made on first use, locked while it changes), and the
sanction that bars a pseudonym now; and for the forum, the rules that state
sets on writing. A hidden post is its author's alone: no one else writes
beneath it or votes on it (flags still count). A thread is a case or a
discussion with everything beneath it. A locked thread takes no new answers,
comments or edits from anyone; one in slow mode takes one answer or comment
per pseudonym per ``slow_mode_seconds``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import exists, or_, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.db import db
from casecrowd.db.statements import insert_or_ignore
from casecrowd.forum import errors
from casecrowd.forum.models import (
    Answer,
    Case,
    Comment,
    Discussion,
    ModerationTarget,
    Sanction,
)
from casecrowd.forum.service.base import get_or_404
from casecrowd.problems import RateLimited, raises
from casecrowd.protocol.moderation import BARRING_SANCTIONS
from casecrowd.ratelimit import limiter

Key = tuple[str, int]
Post = Case | Answer | Comment | Discussion
SLOW_MODE_NAMESPACE = "forum.slow-mode"

# The content model of each flag target kind (casecrowd.protocol.moderation.FLAG_TARGETS).
CONTENT_MODELS: dict[str, type[Post]] = {
    "case": Case,
    "answer": Answer,
    "comment": Comment,
    "discussion": Discussion,
}
# What a locked thread refuses, by the kind of post that heads it.
LOCKED: dict[str, type[errors.Conflict]] = {
    "case": errors.CaseLocked,
    "discussion": errors.DiscussionLocked,
}


@raises(
    errors.CaseNotFound, errors.AnswerNotFound, errors.CommentNotFound, errors.DiscussionNotFound
)
def content_row(kind: str, target_id: int) -> Post:
    """The post ``kind``/``target_id`` names, or its 404."""
    return get_or_404(CONTENT_MODELS[kind], target_id)


def case_id_of(row: Post) -> int | None:
    """The case the post belongs to; None for a discussion and its comments."""
    if isinstance(row, Discussion):
        return None
    return row.id if isinstance(row, Case) else row.case_id


def thread_of(row: Post) -> Key:
    """The case or discussion that heads the post's thread (itself, for one of those)."""
    if isinstance(row, Case | Discussion):
        return key_of(row)
    if isinstance(row, Comment) and row.discussion_id is not None:
        return "discussion", row.discussion_id
    return "case", row.case_id


def key_of(row: Post) -> Key:
    """The (target kind, id) that names ``row`` in flags, states and the mod log."""
    kind = next(kind for kind, model in CONTENT_MODELS.items() if isinstance(row, model))
    return kind, row.id


def state_of(kind: str, target_id: int) -> ModerationTarget | None:
    """The target's state as it stands, without creating or locking it."""
    return db.session.get(ModerationTarget, (kind, target_id))


def locked_state(kind: str, row: Post) -> ModerationTarget:
    """The target's state row, created if missing and locked until commit.

    Concurrent flags and actions on one target serialise on this row
    (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite has one writer at a
    time), so a count read here and written back cannot lose an update and
    a threshold is crossed exactly once.
    """
    key = {"target_kind": kind, "target_id": row.id}
    insert_or_ignore(
        ModerationTarget,
        {
            **key,
            "author_id": row.pseudonym_id,
            "case_id": case_id_of(row),
            "phi_flags": 0,
            "pending_flags": 0,
            "pending_weight": 0,
        },
        ["target_kind", "target_id"],
    )
    statement = (
        select(ModerationTarget)
        .filter_by(**key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(statement).one()


def barring_sanction(pseudonym_id: int, now: datetime) -> Sanction | None:
    """The suspension or ban in force on the pseudonym at ``now``, if any (a ban first)."""
    statement = (
        select(Sanction)
        .where(
            Sanction.pseudonym_id == pseudonym_id,
            Sanction.kind.in_(BARRING_SANCTIONS),
            Sanction.lifted_seq.is_(None),
            Sanction.starts <= now,
            or_(Sanction.ends.is_(None), Sanction.ends > now),
        )
        .order_by(Sanction.ends.is_(None).desc(), Sanction.ends.desc())
    )
    return db.session.scalars(statement).first()


def states(keys: Iterable[Key]) -> dict[Key, ModerationTarget]:
    """The state rows that exist among ``keys``, by key: one primary-key lookup each."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    columns = tuple_(ModerationTarget.target_kind, ModerationTarget.target_id)
    rows = db.session.scalars(select(ModerationTarget).where(columns.in_(wanted)))
    return {(row.target_kind, row.target_id): row for row in rows}


def not_hidden(kind: str, target_id: ColumnElement[int]) -> ColumnElement[bool]:
    """True for posts of ``kind`` that are not hidden: a NOT EXISTS on the state's primary key."""
    return ~exists().where(
        ModerationTarget.target_kind == kind,
        ModerationTarget.target_id == target_id,
        ModerationTarget.hidden,
    )


def _chain(row: Post) -> list[Key]:
    """The row and every post it sits beneath: its answer (for a comment) and its thread."""
    keys = [key_of(row)]
    if isinstance(row, Comment) and row.answer_id is not None:
        keys.append(("answer", row.answer_id))
    if thread_of(row) not in keys:
        keys.append(thread_of(row))
    return keys


@raises(errors.ContentHidden)
def require_visible(pseudonym_id: int, row: Post) -> dict[Key, ModerationTarget]:
    """Refuse unless the pseudonym may see ``row``: each hidden post above it is its own.

    Returns the states of ``row`` and of the posts above it, for the
    caller's further checks.
    """
    found = states(_chain(row))
    for (kind, _), state in found.items():
        if state.hidden and state.author_id != pseudonym_id:
            raise errors.ContentHidden(
                f"This {kind} is hidden until a moderator reviews it; only its author can"
                " see it or write beneath it."
            )
    return found


@raises(require_visible, errors.CaseLocked, errors.DiscussionLocked)
def require_open(pseudonym_id: int, row: Case | Answer | Discussion) -> None:
    """Refuse a new answer, comment or edit on ``row`` when its thread is locked or it is hidden."""
    thread = thread_of(row)
    thread_state = require_visible(pseudonym_id, row).get(thread)
    if thread_state is not None and thread_state.locked:
        raise LOCKED[thread[0]](
            f"A moderator has locked this {thread[0]}: it takes no new answers, comments or edits."
        )


@raises(errors.SlowMode)
def count_post(pseudonym_id: int, thread: Key) -> None:
    """Count an answer or comment on the thread against its slow mode, if it is in one.

    Called once every other check has passed, so a refused post costs no turn.
    """
    kind, thread_id = thread
    state = state_of(kind, thread_id)
    seconds = state.slow_mode_seconds if state is not None else None
    if not seconds:
        return
    # A case's key stays "<id>:<pseudonym>", as before discussions had slow mode.
    prefix = "" if kind == "case" else f"{kind}:"
    try:
        limiter().hit(
            f"1 per {seconds} second", SLOW_MODE_NAMESPACE, f"{prefix}{thread_id}:{pseudonym_id}"
        )
    except RateLimited as exc:
        wait = exc.extra["retry_after"]
        raise errors.SlowMode(
            f"This {kind} is in slow mode: one answer or comment per {seconds} seconds per"
            f" pseudonym. Try again in {wait} seconds.",
            retry_after=wait,
        ) from None


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@raises(errors.PseudonymSuspended, errors.PseudonymBanned)
def require_unbarred(pseudonym_id: int, now: datetime) -> None:
    """Refuse a pseudonym under a suspension or a ban at ``now``; a warning bars nothing."""
    sanction = barring_sanction(pseudonym_id, now)
    if sanction is None:
        return
    ends = rfc3339(sanction.ends) if sanction.ends is not None else None
    entry = f"(mod log entry {sanction.log_seq})"
    if sanction.kind == "ban":
        error, detail = errors.PseudonymBanned, f"This pseudonym is banned {entry}."
    else:
        until = f" until {ends}" if ends else ""
        error, detail = errors.PseudonymSuspended, f"This pseudonym is suspended{until} {entry}."
    raise error(
        detail, extra={"sanction": sanction.kind, "ends": ends, "log_entry": sanction.log_seq}
    )

"""The moderation state of content and pseudonyms, as flags and moderators change it.

One home for what both sides need: the content row a flag target names, the
target's state row (made on first use, locked while it changes), and the
sanction that bars a pseudonym now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from casecrowd.db import db
from casecrowd.db.statements import insert_or_ignore
from casecrowd.forum import errors
from casecrowd.forum.models import Answer, Case, Comment, ModerationTarget, Sanction
from casecrowd.forum.service.base import get_or_404
from casecrowd.problems import raises
from casecrowd.protocol.moderation import BARRING_SANCTIONS

# The content model of each flag target kind (casecrowd.protocol.moderation.FLAG_TARGETS).
CONTENT_MODELS: dict[str, type[Case] | type[Answer] | type[Comment]] = {
    "case": Case,
    "answer": Answer,
    "comment": Comment,
}


@raises(errors.CaseNotFound, errors.AnswerNotFound, errors.CommentNotFound)
def content_row(kind: str, target_id: int) -> Case | Answer | Comment:
    """The case, answer or comment ``kind``/``target_id`` names, or its 404."""
    return get_or_404(CONTENT_MODELS[kind], target_id)


def case_id_of(row: Case | Answer | Comment) -> int:
    return row.id if isinstance(row, Case) else row.case_id


def state_of(kind: str, target_id: int) -> ModerationTarget | None:
    """The target's state as it stands, without creating or locking it."""
    return db.session.get(ModerationTarget, (kind, target_id))


def locked_state(kind: str, row: Case | Answer | Comment) -> ModerationTarget:
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

"""Blind cases: answers hidden from each member until they have sent their own differential.

A crowd diagnoses better than its members only while their differentials
are independent, so a blind case shows a member none of its answers (no
text, differential, comments on answers, revisions, proofs, votes, search
hits through answers, crowd differential) until one of these holds:

- the member wrote the case, or has an answer on it (every answer on a
  blind case carries a differential, so answering is sending one);
- the case is solved (an accepted answer or an outcome): nothing is left
  to herd on;
- ``forum.crowd.blind_lift_days`` have passed since its first answer
  (0: never by time), so that a case nobody solves opens up eventually.

The rule has one home, :func:`hidden_sql`: every read path applies it in
SQL (one query for a whole page of cases), with the viewer and the time the
blind lifts before as bound parameters. :func:`answers_hidden` first rules
out, in Python, the cases that cannot be hidden (not blind, the viewer's
own, solved) so that reading an ordinary case costs no query.

Whether a case is blind is public (``blind`` on the case): it says only
that its answers wait, not what they say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.sql.elements import TextClause

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.db.types import UTCDateTime
from casecrowd.forum import errors
from casecrowd.forum.crowd_settings import crowd_config
from casecrowd.forum.models import Answer, Case
from casecrowd.problems import raises

SOLVED = "solved"
# A viewer who is no member (pseudonym ids start at 1): sees what a stranger sees.
NOBODY = 0
# Bound parameters of hidden_sql; no other statement may use these names.
VIEWER, LIFTED_BEFORE = "blind_viewer", "blind_lifted_before"


def blind_on_create(fields: Mapping[str, Any]) -> bool:
    """Whether a new case is blind: as its author said, else by its tags."""
    if fields.get("blind") is not None:
        return bool(fields["blind"])
    return not crowd_config().blind_default_tags.isdisjoint(fields.get("tags") or ())


@raises(errors.DifferentialRequired)
def require_differential(case: Case, differential: list[Any]) -> None:
    """A blind case's answers each carry a differential (on creation and on every edit)."""
    if case.blind and not differential:
        raise errors.DifferentialRequired(
            "This case is blind: each answer gives a differential of at least one diagnosis,"
            " independent of the others."
        )


def _lift_days() -> float:
    return crowd_config().blind_lift_days


def hidden_sql(case_id: str, *, lifts_by_time: bool) -> str:
    """SQL true when the answers of the case whose id is ``case_id`` are hidden from the viewer.

    ``case_id`` is a column reference from the calling statement (a constant
    of the code, never input). The statement binds :data:`VIEWER` and, when
    ``lifts_by_time``, :data:`LIFTED_BEFORE` (see :func:`params`).
    """
    by_time = (
        " AND NOT EXISTS (SELECT 1 FROM answers AS blind_first"  # noqa: S608 - constants
        f" WHERE blind_first.case_id = blind_case.id AND blind_first.created <= :{LIFTED_BEFORE})"
        if lifts_by_time
        else ""
    )
    return (
        "EXISTS (SELECT 1 FROM cases AS blind_case"  # noqa: S608 - constants
        f" WHERE blind_case.id = {case_id} AND blind_case.blind"
        f" AND blind_case.pseudonym_id <> :{VIEWER} AND blind_case.status <> '{SOLVED}'"
        " AND NOT EXISTS (SELECT 1 FROM answers AS blind_own"
        f" WHERE blind_own.case_id = blind_case.id AND blind_own.pseudonym_id = :{VIEWER})"
        f"{by_time})"
    )


def params(viewer_id: int) -> dict[str, Any]:
    """The values :func:`hidden_sql` binds for ``viewer_id``, now."""
    days = _lift_days()
    values: dict[str, Any] = {VIEWER: viewer_id}
    if days:
        values[LIFTED_BEFORE] = utcnow() - timedelta(days=days)
    return values


def typed(sql: str) -> TextClause:
    """``text(sql)`` with the lifting time typed as the column is (SQLite compares its text)."""
    statement = text(sql)
    if f":{LIFTED_BEFORE}" in sql:
        statement = statement.bindparams(bindparam(LIFTED_BEFORE, type_=UTCDateTime()))
    return statement


def hidden_clause(case_id: str, viewer_id: int) -> TextClause:
    """:func:`hidden_sql` with its values bound, for a ``select(...).where(...)``."""
    values = params(viewer_id)
    return typed(hidden_sql(case_id, lifts_by_time=LIFTED_BEFORE in values)).bindparams(**values)


def hidden_case_ids(viewer_id: int, case_ids: Iterable[int]) -> set[int]:
    """The cases among ``case_ids`` whose answers ``viewer_id`` may not see: one query."""
    wanted = set(case_ids)
    if not wanted:
        return set()
    statement = select(Case.id).where(Case.id.in_(wanted), hidden_clause("cases.id", viewer_id))
    return set(db.session.scalars(statement))


def _may_hide(viewer_id: int, case: Case) -> bool:
    """False when no answer of ``case`` can be hidden from the viewer, without a query."""
    return case.blind and case.pseudonym_id != viewer_id and case.status != SOLVED


def answers_hidden(viewer_id: int, case: Case) -> bool:
    """Whether ``viewer_id`` may see none of the case's answers yet."""
    return _may_hide(viewer_id, case) and bool(hidden_case_ids(viewer_id, [case.id]))


@raises(errors.BlindAnswers)
def require_unblind(viewer_id: int, row: Case | Answer) -> None:
    """Refuse ``viewer_id`` anything of the case's answers (or of this answer) while hidden."""
    case = row if isinstance(row, Case) else db.session.get(Case, row.case_id)
    if case is not None and answers_hidden(viewer_id, case):
        raise errors.BlindAnswers(
            "This case is blind: its answers show once you have sent your own differential,"
            " once the case is solved, or once its first answer is old enough."
        )


def lifts_at(case: Case) -> datetime | None:
    """When the blind lifts for everyone by time: the first answer's time plus the lift days.

    None when it never will by time (0 days), when it does not apply (not
    blind, already solved) or when no answer is there yet to start the wait.
    """
    days = _lift_days()
    if not case.blind or case.status == SOLVED or not days:
        return None
    first = db.session.scalar(select(func.min(Answer.created)).where(Answer.case_id == case.id))
    return None if first is None else first + timedelta(days=days)

"""Case listings: hot, new, top, active and unanswered, filtered by tag and status.

Paging is by keyset on (sort key, id), newest/highest first. The first page
fixes a reference time and the highest case id; later pages are computed
against that same time and never show cases with a higher id. So while new
cases arrive, pages neither repeat nor skip the cases that were there when
paging began. Cases whose sort key itself changes between pages (a vote
moves "top" and "hot", activity moves "active") may move across the page
boundary; that is the price of not storing anything per reader. Hidden
cases are left out, for everyone.

"hot" is Lemmy's rank, ``log10(max(1, 3 + score)) / (hours + 2) ^ gravity``,
computed in SQL (``log`` is base 10 on SQLite and PostgreSQL alike; see
:mod:`casecrowd.db.sqlite_functions`) at the reference time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Float, and_, bindparam, cast, exists, extract, func, select, tuple_
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.clock import utcnow
from casecrowd.db import UTCDateTime
from casecrowd.forum.listing_settings import listing_config
from casecrowd.forum.models import Case, CaseTag
from casecrowd.forum.service.moderation_state import not_hidden
from casecrowd.forum.service.paging import (
    InvalidPageQuery,
    Page,
    checked_limit,
    decode_cursor,
    encode_cursor,
    state_time,
    state_value,
    time_text,
)
from casecrowd.problems import raises
from casecrowd.protocol.cases import TAG_PATTERN

Sort = Literal["hot", "new", "top", "active", "unanswered"]
Window = Literal["day", "week", "month", "year", "all"]
SORTS: tuple[str, ...] = ("hot", "new", "top", "active", "unanswered")
WINDOWS: dict[str, timedelta | None] = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
    "all": None,
}
STATUSES: tuple[str, ...] = ("open", "solved")
# Sorts whose key is a time: the cursor keeps it as ISO text.
TIME_KEYS = {"new", "active", "unanswered"}
_TAG = re.compile(TAG_PATTERN)


def hot_gravity() -> float:
    return listing_config().hot_gravity


def hours_before(moment: datetime, column: Any, dialect: str) -> ColumnElement[float]:
    """Hours from ``column`` to ``moment`` as a double, 0 for rows after ``moment``."""
    reference = bindparam("hot_reference", moment, type_=UTCDateTime())
    if dialect == "sqlite":
        hours = (func.julianday(reference) - func.julianday(column)) * 24.0
    else:
        hours = cast(extract("epoch", reference - column), Float) / 3600.0
    # Envelopes may be signed a little ahead of the server clock; a negative
    # age would make power() complex on PostgreSQL.
    return sql_case((column > reference, 0.0), else_=hours)


def hot_rank(moment: datetime, dialect: str, gravity: float) -> ColumnElement[float]:
    """Lemmy's hot rank of each case at ``moment``."""
    votes = sql_case((Case.score > -2, Case.score + 3), else_=1)
    age = hours_before(moment, Case.created, dialect)
    return func.log(cast(votes, Float)) / func.power(age + 2.0, gravity)


def _sort_key(sort: str, reference: datetime, dialect: str) -> ColumnElement[Any]:
    if sort == "hot":
        return hot_rank(reference, dialect, hot_gravity())
    if sort == "top":
        return Case.score
    if sort == "active":
        return Case.last_activity
    return Case.created


def _check(sort: str, tag: str | None, status: str | None, window: str | None) -> None:
    if sort not in SORTS:
        raise InvalidPageQuery("sort", f"must be one of {', '.join(SORTS)}.")
    if window is not None and window not in WINDOWS:
        raise InvalidPageQuery("window", f"must be one of {', '.join(WINDOWS)}.")
    if status is not None and status not in STATUSES:
        raise InvalidPageQuery("status", f"must be one of {', '.join(STATUSES)}.")
    if tag is not None and (not isinstance(tag, str) or len(tag) > 40 or not _TAG.fullmatch(tag)):
        raise InvalidPageQuery("tag", "must be lower-case words joined by hyphens.")


def _after(sort: str, key: ColumnElement[Any], state: dict[str, Any]) -> ColumnElement[bool]:
    """Rows strictly after the cursor's last row in (key desc, id desc) order."""
    last_id = bindparam("after_id", state_value(state, "id", int))
    if sort in TIME_KEYS:
        last_key: Any = bindparam("after_key", state_time(state, "key"), type_=UTCDateTime())
    elif sort == "top":
        last_key = bindparam("after_key", state_value(state, "key", int))
    else:
        last_key = bindparam("after_key", float(state_value(state, "key", int | float)), Float)
    return tuple_(key, Case.id) < tuple_(last_key, last_id)


def _key_state(sort: str, value: Any) -> Any:
    return time_text(value) if sort in TIME_KEYS else value


@raises(InvalidPageQuery, checked_limit, decode_cursor, state_time, state_value)
def list_cases(
    session: Session,
    *,
    sort: Sort,
    tag: str | None = None,
    status: str | None = None,
    window: Window | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    now: datetime | None = None,
) -> Page[Case]:
    """One page of cases in ``sort`` order, and the cursor of the next page (None at the end).

    ``window`` keeps cases created within that long before the first page's
    time (any sort; "all" or None: no limit). Raises InvalidPageQuery (422)
    for unknown parameters and InvalidCursor (400) for a cursor that is not
    the next_cursor of a page of this very listing.
    """
    _check(sort, tag, status, window)
    limit = checked_limit(limit)
    scope = {"sort": sort, "tag": tag, "status": status, "window": window or "all"}
    state: dict[str, Any] | None = None
    if cursor is not None:
        state = decode_cursor("cases", cursor, scope)
        reference = state_time(state, "ref")
        highest = state_value(state, "hi", int)
    else:
        reference = now or utcnow()
        highest = session.scalar(select(func.max(Case.id)))
        if highest is None:
            return Page([], None)

    dialect = session.get_bind(mapper=Case.__mapper__).dialect.name
    key = _sort_key(sort, reference, dialect)
    statement = select(Case, key.label("sort_key")).where(
        Case.id <= highest, not_hidden("case", Case.id)
    )
    if tag is not None:
        statement = statement.where(
            exists().where(and_(CaseTag.case_id == Case.id, CaseTag.tag == tag))
        )
    if status is not None:
        statement = statement.where(Case.status == status)
    if sort == "unanswered":
        statement = statement.where(Case.answer_count == 0)
    span = WINDOWS[window or "all"]
    if span is not None:
        statement = statement.where(Case.created >= reference - span)
    if state is not None:
        statement = statement.where(_after(sort, key, state))
    statement = statement.order_by(key.desc(), Case.id.desc()).limit(limit + 1)
    rows = session.execute(statement).all()

    items = [row[0] for row in rows[:limit]]
    if len(rows) <= limit:
        return Page(items, None)
    last_case, last_key = rows[limit - 1]
    next_cursor = encode_cursor(
        "cases",
        scope,
        {
            "ref": time_text(reference),
            "hi": highest,
            "key": _key_state(sort, last_key),
            "id": last_case.id,
        },
    )
    return Page(items, next_cursor)

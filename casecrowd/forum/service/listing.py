"""Listings of cases and of discussions: hot, new, top, active and unanswered, filtered by
tag (and a case's status).

Cases and the lounge's discussions are listed apart but alike: each
:class:`Listed` names the table, its tags and what "unanswered" counts.

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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Float, and_, bindparam, cast, exists, extract, func, select, tuple_
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.clock import utcnow
from casecrowd.db import UTCDateTime
from casecrowd.forum.listing_settings import listing_config
from casecrowd.forum.models import Case, CaseTag, Discussion, DiscussionTag
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


@dataclass(frozen=True)
class Listed:
    """One kind of post that listings page through."""

    name: str  # the kind of cursor its pages carry
    model: type[Case] | type[Discussion]
    tag_model: type[CaseTag] | type[DiscussionTag]
    tag_owner: str  # the tag table's column naming the post
    unanswered: str  # the counter that is 0 for an "unanswered" post
    target_kind: str


CASES = Listed("cases", Case, CaseTag, "case_id", "answer_count", "case")
DISCUSSIONS = Listed(
    "discussions", Discussion, DiscussionTag, "discussion_id", "comment_count", "discussion"
)


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


def hot_rank(
    moment: datetime, dialect: str, gravity: float, model: type[Case] | type[Discussion] = Case
) -> ColumnElement[float]:
    """Lemmy's hot rank of each post of ``model`` at ``moment``."""
    votes = sql_case((model.score > -2, model.score + 3), else_=1)
    age = hours_before(moment, model.created, dialect)
    return func.log(cast(votes, Float)) / func.power(age + 2.0, gravity)


def _sort_key(listed: Listed, sort: str, reference: datetime, dialect: str) -> ColumnElement[Any]:
    model = listed.model
    if sort == "hot":
        return hot_rank(reference, dialect, hot_gravity(), model)
    if sort == "top":
        return model.score
    if sort == "active":
        return model.last_activity
    return model.created


def _check(sort: str, tag: str | None, status: str | None, window: str | None) -> None:
    if sort not in SORTS:
        raise InvalidPageQuery("sort", f"must be one of {', '.join(SORTS)}.")
    if window is not None and window not in WINDOWS:
        raise InvalidPageQuery("window", f"must be one of {', '.join(WINDOWS)}.")
    if status is not None and status not in STATUSES:
        raise InvalidPageQuery("status", f"must be one of {', '.join(STATUSES)}.")
    if tag is not None and (not isinstance(tag, str) or len(tag) > 40 or not _TAG.fullmatch(tag)):
        raise InvalidPageQuery("tag", "must be lower-case words joined by hyphens.")


def _after(
    listed: Listed, sort: str, key: ColumnElement[Any], state: dict[str, Any]
) -> ColumnElement[bool]:
    """Rows strictly after the cursor's last row in (key desc, id desc) order."""
    last_id = bindparam("after_id", state_value(state, "id", int))
    if sort in TIME_KEYS:
        last_key: Any = bindparam("after_key", state_time(state, "key"), type_=UTCDateTime())
    elif sort == "top":
        last_key = bindparam("after_key", state_value(state, "key", int))
    else:
        last_key = bindparam("after_key", float(state_value(state, "key", int | float)), Float)
    return tuple_(key, listed.model.id) < tuple_(last_key, last_id)


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
    return list_posts(
        session,
        CASES,
        sort=sort,
        tag=tag,
        status=status,
        window=window,
        limit=limit,
        cursor=cursor,
        now=now,
    )


@raises(InvalidPageQuery, checked_limit, decode_cursor, state_time, state_value)
def list_discussions(
    session: Session,
    *,
    sort: Sort,
    tag: str | None = None,
    window: Window | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    now: datetime | None = None,
) -> Page[Discussion]:
    """One page of the lounge's discussions, as :func:`list_cases` pages cases.

    "unanswered" lists the discussions nobody has commented on yet.
    """
    return list_posts(
        session,
        DISCUSSIONS,
        sort=sort,
        tag=tag,
        window=window,
        limit=limit,
        cursor=cursor,
        now=now,
    )


def list_posts(
    session: Session,
    listed: Listed,
    *,
    sort: Sort,
    tag: str | None = None,
    status: str | None = None,
    window: Window | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    now: datetime | None = None,
) -> Page[Any]:
    """One page of ``listed`` posts in ``sort`` order, and the next page's cursor."""
    _check(sort, tag, status, window)
    limit = checked_limit(limit)
    model = listed.model
    scope = {"sort": sort, "tag": tag, "status": status, "window": window or "all"}
    state: dict[str, Any] | None = None
    if cursor is not None:
        state = decode_cursor(listed.name, cursor, scope)
        reference = state_time(state, "ref")
        highest = state_value(state, "hi", int)
    else:
        reference = now or utcnow()
        highest = session.scalar(select(func.max(model.id)))
        if highest is None:
            return Page([], None)

    dialect = session.get_bind(mapper=model.__mapper__).dialect.name
    key = _sort_key(listed, sort, reference, dialect)
    statement = select(model, key.label("sort_key")).where(
        model.id <= highest, not_hidden(listed.target_kind, model.id)
    )
    if tag is not None:
        tags = listed.tag_model
        owner = getattr(tags, listed.tag_owner)
        statement = statement.where(exists().where(and_(owner == model.id, tags.tag == tag)))
    if status is not None:
        statement = statement.where(Case.status == status)
    if sort == "unanswered":
        statement = statement.where(getattr(model, listed.unanswered) == 0)
    span = WINDOWS[window or "all"]
    if span is not None:
        statement = statement.where(model.created >= reference - span)
    if state is not None:
        statement = statement.where(_after(listed, sort, key, state))
    statement = statement.order_by(key.desc(), model.id.desc()).limit(limit + 1)
    rows = session.execute(statement).all()

    items = [row[0] for row in rows[:limit]]
    if len(rows) <= limit:
        return Page(items, None)
    last_post, last_key = rows[limit - 1]
    next_cursor = encode_cursor(
        listed.name,
        scope,
        {
            "ref": time_text(reference),
            "hi": highest,
            "key": _key_state(sort, last_key),
            "id": last_post.id,
        },
    )
    return Page(items, next_cursor)

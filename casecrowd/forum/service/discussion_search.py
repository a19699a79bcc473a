"""Full-text search over the lounge's discussions, apart from cases.

The same query language (:mod:`casecrowd.forum.service.search_query`) and the
same index kinds as case search: SQLite FTS5 (``discussions_fts``) or a
PostgreSQL GIN expression index, both from the ``forum_lounge_0001``
migration, whose expression must stay :data:`PG_DISCUSSION_VECTOR` or
PostgreSQL stops using the index. Two tiers that never move: discussions whose
title matches (rank 2), then those whose body matches (1), newest first within
each. The first page fixes the newest discussion id, as listings do. Hidden
discussions are left out; comments are not searched (a reply's words would
find a discussion whose own text never said them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casecrowd.forum.models import Discussion
from casecrowd.forum.service.paging import (
    InvalidPageQuery,
    Page,
    checked_limit,
    decode_cursor,
    encode_cursor,
    state_value,
)
from casecrowd.forum.service.search import (
    MAX_QUERY_LENGTH,
    PG_HEADLINE_OPTIONS,
    PUNCTUATION,
    SNIPPET_WORDS,
    SPACES,
    START,
    STOP,
    Snippet,
    max_terms,
    pg_tsquery,
    run_sql,
    shown_sql,
    snippet_of,
)
from casecrowd.forum.service.search_query import parse
from casecrowd.problems import raises

TITLE_RANK, BODY_RANK = 2, 1
PG_DISCUSSION_VECTOR = (
    f"setweight(to_tsvector('english'::regconfig, translate(title, {PUNCTUATION}, {SPACES})),"
    f" 'A') || to_tsvector('english'::regconfig, translate(body, {PUNCTUATION}, {SPACES}))"
)
PG_TITLE_VECTOR = f"to_tsvector('english'::regconfig, translate(title, {PUNCTUATION}, {SPACES}))"


@dataclass(frozen=True)
class DiscussionHit:
    discussion: Discussion
    snippet: Snippet
    rank: int


# Assembled from this module's constants only; what a member typed reaches the
# statements as bound parameters (noqa: S608).


def _sqlite_sql() -> tuple[str, str]:
    ranked = (
        "SELECT rowid AS discussion_id, CASE WHEN rowid IN"  # noqa: S608
        " (SELECT rowid FROM discussions_fts WHERE discussions_fts MATCH :title_match)"
        f" THEN {TITLE_RANK} ELSE {BODY_RANK} END AS score"
        " FROM discussions_fts WHERE discussions_fts MATCH :match AND rowid <= :hi"
    )
    snippet = (
        "SELECT snippet(discussions_fts, -1, :start, :stop, '…', :words) FROM discussions_fts"
        " WHERE discussions_fts MATCH :match AND rowid = :discussion_id"
    )
    return ranked, snippet


def _postgres_sql(query: str) -> tuple[str, str]:
    ranked = (
        f"SELECT id AS discussion_id, CASE WHEN {PG_TITLE_VECTOR} @@ {query}"  # noqa: S608
        f" THEN {TITLE_RANK} ELSE {BODY_RANK} END AS score FROM discussions"
        f" WHERE {PG_DISCUSSION_VECTOR} @@ {query} AND id <= :hi"
    )
    snippet = (
        "SELECT ts_headline('english'::regconfig, title || ' — ' || body,"  # noqa: S608
        f" {query}, :options) FROM discussions WHERE id = :discussion_id"
    )
    return ranked, snippet


def _page_sql(ranked: str, after: bool) -> str:
    keyset = " AND (score, discussion_id) < (:after_score, :after_id)" if after else ""
    return (
        f"SELECT discussion_id, score FROM ({ranked}) AS ranked"  # noqa: S608
        f" WHERE {shown_sql('discussion', 'ranked.discussion_id')}{keyset}"
        " ORDER BY score DESC, discussion_id DESC LIMIT :limit"
    )


@raises(InvalidPageQuery, checked_limit, decode_cursor, state_value)
def search_discussions(
    session: Session, query: str, *, limit: int | None = None, cursor: str | None = None
) -> Page[DiscussionHit]:
    """One page of discussions matching ``query``, best first, each with a snippet.

    A query with nothing searchable in it finds nothing. Raises
    InvalidPageQuery (422) for a query longer than MAX_QUERY_LENGTH or a bad
    limit, InvalidCursor (400) for a cursor not of this very query.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
        raise InvalidPageQuery("q", f"must be text of at most {MAX_QUERY_LENGTH} characters.")
    limit = checked_limit(limit)
    terms = parse(query, max_terms())
    scope = {"q": terms.fingerprint()}
    params: dict[str, Any] = {"limit": limit + 1}
    if cursor is not None:
        state = decode_cursor("discussion-search", cursor, scope)
        params["hi"] = state_value(state, "hi", int)
        params["after_score"] = state_value(state, "rank", int)
        params["after_id"] = state_value(state, "id", int)
    else:
        params["hi"] = session.scalar(select(func.max(Discussion.id)))
    if not terms or params["hi"] is None:
        return Page([], None)

    if session.get_bind(mapper=Discussion.__mapper__).dialect.name == "sqlite":
        params.update(match=terms.fts5(), title_match="{title} : (" + terms.fts5() + ")")
        params.update(start=START, stop=STOP, words=SNIPPET_WORDS)
        ranked, snippet_sql = _sqlite_sql()
    else:
        ranked, snippet_sql = _postgres_sql(pg_tsquery(terms, params))
        params["options"] = PG_HEADLINE_OPTIONS
    rows = run_sql(session, _page_sql(ranked, cursor is not None), params).all()
    page = rows[:limit]
    found = session.scalars(
        select(Discussion).where(Discussion.id.in_([row.discussion_id for row in page]))
    )
    discussions = {discussion.id: discussion for discussion in found}
    hits = []
    for row in page:
        marked = run_sql(session, snippet_sql, {**params, "discussion_id": row.discussion_id})
        hits.append(
            DiscussionHit(discussions[row.discussion_id], snippet_of(marked.scalar()), row.score)
        )
    if len(rows) <= limit:
        return Page(hits, None)
    last = page[-1]
    state = {"hi": params["hi"], "rank": int(last.score), "id": last.discussion_id}
    return Page(hits, encode_cursor("discussion-search", scope, state))

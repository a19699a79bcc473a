"""Full-text search over cases and answers: SQLite FTS5 or PostgreSQL tsvector + GIN.

A case is found when its own text (title, presentation, history,
examination, investigations, question) matches the whole query, or when one
of its answers does; the query language is in
:mod:`casecrowd.forum.service.search_query`.

Results come in three tiers, the same on both backends: cases whose title
alone matches (rank 3), then cases whose own text matches (2), then cases
found only through an answer (1); within a tier, newest first (by id).
FTS5's ``bm25`` weighs words by their rarity in the whole index, so scores
shift as posts are written and a page boundary could repeat or skip a case;
``ts_rank`` would re-parse every matching text on PostgreSQL. The tiers
cost one index lookup each and never move. Like listings, the first page
fixes the newest case and answer ids, so cases and answers written while
paging do not show up on later pages; only an edit can move a case.
Hidden cases are left out, and a hidden answer neither finds its case nor
lends it a snippet; each check is a NOT EXISTS on the moderation state's
primary key. Nor does an answer of a blind case whose answers the reader
may not see yet (:func:`casecrowd.forum.service.blind.hidden_sql`, with the
reader bound as a parameter): such a case is found by its own text alone.

An answer is searched by its body and by its diagnoses (``answers.diagnoses``:
each diagnosis of its differential with its code and the code's
description), so "parkinson" finds an answer that lists only G20.

The indexes and triggers come from the ``forum_search_0001`` migration (the
answers' from ``forum_crowd_0002``); the PostgreSQL expressions below must
stay identical to their index expressions,
or PostgreSQL stops using the indexes (a test checks that it does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casecrowd.forum.listing_settings import listing_config
from casecrowd.forum.models import Answer, Case
from casecrowd.forum.service import blind
from casecrowd.forum.service.paging import (
    InvalidPageQuery,
    Page,
    checked_limit,
    decode_cursor,
    encode_cursor,
    state_value,
)
from casecrowd.forum.service.search_query import SearchTerms, parse
from casecrowd.problems import raises

MAX_QUERY_LENGTH = 500
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 24
TITLE_RANK, CASE_RANK, ANSWER_RANK = 3, 2, 1

PUNCTUATION = "'!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~'"
SPACES = "'" + " " * 32 + "'"
PG_CASE_VECTOR = (
    f"setweight(to_tsvector('english'::regconfig, translate(title, {PUNCTUATION}, {SPACES})),"
    " 'A') || to_tsvector('english'::regconfig, translate(presentation || ' ' || history"
    " || ' ' || examination || ' ' || investigations || ' ' || question,"
    f" {PUNCTUATION}, {SPACES}))"
)
PG_TITLE_VECTOR = f"to_tsvector('english'::regconfig, translate(title, {PUNCTUATION}, {SPACES}))"
PG_ANSWER_TEXT = "body || ' ' || diagnoses"
PG_ANSWER_VECTOR = (
    f"to_tsvector('english'::regconfig, translate({PG_ANSWER_TEXT}, {PUNCTUATION}, {SPACES}))"
)
PG_CASE_TEXT = (
    "title || ' — ' || presentation || ' ' || history || ' ' || examination || ' '"
    " || investigations || ' ' || question"
)
PG_HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class Snippet:
    """A passage of the matching text; ``highlights`` are [start, end) offsets of matches."""

    text: str
    highlights: list[tuple[int, int]]


@dataclass(frozen=True)
class SearchHit:
    case: Case
    snippet: Snippet
    rank: int


# The statements below are assembled from this module's constants only; what
# a member typed reaches them as bound parameters (noqa: S608).


def shown_sql(kind: str, column: str) -> str:
    """SQL true when the case or answer whose id is ``column`` is not hidden."""
    return (
        "NOT EXISTS (SELECT 1 FROM moderation_targets AS state"  # noqa: S608
        f" WHERE state.target_kind = '{kind}' AND state.target_id = {column}"
        " AND state.hidden)"
    )


def _sqlite_sql(after: bool, unblind: str) -> tuple[str, str, str]:
    ranked = (
        "SELECT case_id, max(score) AS score FROM ("  # noqa: S608
        " SELECT cases_fts.rowid AS case_id, CASE WHEN cases_fts.rowid IN"
        " (SELECT rowid FROM cases_fts WHERE cases_fts MATCH :title_match)"
        f" THEN {TITLE_RANK} ELSE {CASE_RANK} END AS score"
        " FROM cases_fts WHERE cases_fts MATCH :match AND cases_fts.rowid <= :hi_case"
        " UNION ALL"
        f" SELECT answers.case_id AS case_id, {ANSWER_RANK} AS score"
        " FROM answers_fts JOIN answers ON answers.id = answers_fts.rowid"
        " WHERE answers_fts MATCH :match AND answers_fts.rowid <= :hi_answer"
        f" AND answers.case_id <= :hi_case AND {shown_sql('answer', 'answers.id')} AND {unblind}"
        ") AS hits GROUP BY case_id"
    )
    case_snippet = (
        "SELECT snippet(cases_fts, -1, :start, :stop, '…', :words) FROM cases_fts"
        " WHERE cases_fts MATCH :match AND cases_fts.rowid = :case_id"
    )
    answer_snippet = (
        "SELECT snippet(answers_fts, -1, :start, :stop, '…', :words)"  # noqa: S608
        " FROM answers_fts JOIN answers ON answers.id = answers_fts.rowid"
        " WHERE answers_fts MATCH :match AND answers.case_id = :case_id"
        f" AND answers.id <= :hi_answer AND {shown_sql('answer', 'answers.id')} AND {unblind}"
        " ORDER BY answers.id LIMIT 1"
    )
    return _page_sql(ranked, after), case_snippet, answer_snippet


def pg_tsquery(terms: SearchTerms, params: dict[str, Any]) -> str:
    # Each piece is a bound parameter holding letters and digits only (plus
    # ":*" for a prefix): nothing typed can change the query's structure.
    parts = []
    if terms.words:
        params["words"] = " ".join(terms.words)
        parts.append("plainto_tsquery('english'::regconfig, :words)")
    for index, prefix in enumerate(terms.prefixes):
        params[f"prefix_{index}"] = f"{prefix}:*"
        parts.append(f"to_tsquery('english'::regconfig, :prefix_{index})")
    for index, phrase in enumerate(terms.phrases):
        params[f"phrase_{index}"] = " ".join(phrase)
        parts.append(f"phraseto_tsquery('english'::regconfig, :phrase_{index})")
    return "(" + " && ".join(parts) + ")"


def _postgres_sql(after: bool, query: str, unblind: str) -> tuple[str, str, str]:
    ranked = (
        "SELECT case_id, max(score) AS score FROM ("  # noqa: S608
        f" SELECT id AS case_id, CASE WHEN {PG_TITLE_VECTOR} @@ {query}"
        f" THEN {TITLE_RANK} ELSE {CASE_RANK} END AS score FROM cases"
        f" WHERE {PG_CASE_VECTOR} @@ {query} AND id <= :hi_case"
        " UNION ALL"
        f" SELECT case_id, {ANSWER_RANK} AS score FROM answers"
        f" WHERE {PG_ANSWER_VECTOR} @@ {query} AND id <= :hi_answer AND case_id <= :hi_case"
        f" AND {shown_sql('answer', 'answers.id')} AND {unblind}"
        ") AS hits GROUP BY case_id"
    )
    case_snippet = (
        f"SELECT ts_headline('english'::regconfig, {PG_CASE_TEXT}, {query}, :options)"  # noqa: S608
        f" FROM cases WHERE id = :case_id AND {PG_CASE_VECTOR} @@ {query}"
    )
    answer_snippet = (
        f"SELECT ts_headline('english'::regconfig, {PG_ANSWER_TEXT}, {query}, :options)"  # noqa: S608
        f" FROM answers WHERE case_id = :case_id AND id <= :hi_answer"
        f" AND {PG_ANSWER_VECTOR} @@ {query} AND {shown_sql('answer', 'answers.id')} AND {unblind}"
        " ORDER BY id LIMIT 1"
    )
    return _page_sql(ranked, after), case_snippet, answer_snippet


def _page_sql(ranked: str, after: bool) -> str:
    keyset = " AND (score, case_id) < (:after_score, :after_id)" if after else ""
    return (
        f"SELECT case_id, score FROM ({ranked}) AS ranked"  # noqa: S608
        f" WHERE {shown_sql('case', 'ranked.case_id')}{keyset}"
        " ORDER BY score DESC, case_id DESC LIMIT :limit"
    )


def snippet_of(marked: str | None) -> Snippet:
    """Split text carrying START/STOP marks into plain text and highlight offsets."""
    plain: list[str] = []
    highlights: list[tuple[int, int]] = []
    length, opened = 0, None
    for char in marked or "":
        if char == START:
            opened = length
        elif char == STOP and opened is not None:
            highlights.append((opened, length))
            opened = None
        elif char != STOP:
            plain.append(char)
            length += 1
    return Snippet("".join(plain), highlights)


def run_sql(session: Session, sql: str, params: dict[str, Any]) -> Any:
    # Textual SQL names no table the session could pick the database from.
    return session.execute(blind.typed(sql), params, bind_arguments={"mapper": Case.__mapper__})


def forget_removed_text(session: Session) -> None:
    """Rewrite the SQLite search index so that removed and edited-away words leave it.

    FTS5 records a deletion as a marker; the old words stay in its shadow
    tables until segments merge. A PHI purge must call this (in its
    transaction) so that the purged text is gone from the index too.
    PostgreSQL's expression indexes hold no text of their own; old row
    versions there go with VACUUM, as for every table.
    """
    if session.get_bind(mapper=Case.__mapper__).dialect.name == "sqlite":
        for table in ("cases_fts", "answers_fts", "discussions_fts"):
            run_sql(session, f"INSERT INTO {table}({table}) VALUES ('optimize')", {})  # noqa: S608


def max_terms() -> int:
    return listing_config().search_max_terms


@raises(InvalidPageQuery, checked_limit, decode_cursor, state_value)
def search(
    session: Session,
    query: str,
    *,
    limit: int | None = None,
    cursor: str | None = None,
    viewer_id: int = blind.NOBODY,
) -> Page[SearchHit]:
    """One page of cases matching ``query`` as ``viewer_id`` may see them, best first,
    with a snippet of the best match.

    A query with nothing searchable in it (only punctuation or common words)
    finds nothing. Raises InvalidPageQuery (422) for a query longer than
    MAX_QUERY_LENGTH or a bad limit, InvalidCursor (400) for a cursor that
    is not the next_cursor of a page of this very query.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
        raise InvalidPageQuery("q", f"must be text of at most {MAX_QUERY_LENGTH} characters.")
    limit = checked_limit(limit)
    terms = parse(query, max_terms())
    scope = {"q": terms.fingerprint()}
    params: dict[str, Any] = {"limit": limit + 1, **blind.params(viewer_id)}
    unblind = "NOT " + blind.hidden_sql(
        "answers.case_id", lifts_by_time=blind.LIFTED_BEFORE in params
    )
    if cursor is not None:
        state = decode_cursor("search", cursor, scope)
        params["hi_case"] = state_value(state, "hi", int)
        params["hi_answer"] = state_value(state, "hi_answer", int)
        params["after_score"] = state_value(state, "rank", int)
        params["after_id"] = state_value(state, "id", int)
    else:
        params["hi_case"] = session.scalar(select(func.max(Case.id)))
        params["hi_answer"] = session.scalar(select(func.max(Answer.id))) or 0
    if not terms or params["hi_case"] is None:
        return Page([], None)

    if session.get_bind(mapper=Case.__mapper__).dialect.name == "sqlite":
        params.update(match=terms.fts5(), title_match="{title} : (" + terms.fts5() + ")")
        params.update(start=START, stop=STOP, words=SNIPPET_WORDS)
        page_sql, case_sql, answer_sql = _sqlite_sql(cursor is not None, unblind)
    else:
        page_sql, case_sql, answer_sql = _postgres_sql(
            cursor is not None, pg_tsquery(terms, params), unblind
        )
        params["options"] = PG_HEADLINE_OPTIONS
    rows = run_sql(session, page_sql, params).all()
    page = rows[:limit]
    cases = {
        case.id: case
        for case in session.scalars(select(Case).where(Case.id.in_([r.case_id for r in page])))
    }
    hits = []
    for row in page:
        marked = run_sql(session, case_sql, {**params, "case_id": row.case_id}).scalar()
        if marked is None:
            marked = run_sql(session, answer_sql, {**params, "case_id": row.case_id}).scalar()
        hits.append(SearchHit(cases[row.case_id], snippet_of(marked), int(row.score)))
    if len(rows) <= limit:
        return Page(hits, None)
    last = page[-1]
    state = {"hi": params["hi_case"], "hi_answer": params["hi_answer"]}
    state.update(rank=int(last.score), id=last.case_id)
    return Page(hits, encode_cursor("search", scope, state))

"""Full-text search: the same queries find the same cases on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from casecrowd.db import db
from casecrowd.forum.models import Answer, AnswerRevision, Case, CaseRevision, CaseTag
from casecrowd.forum.service.paging import InvalidPageQuery
from casecrowd.forum.service.search import MAX_QUERY_LENGTH, search
from tests.forum.listing.conftest import NOW


def found(query: str, limit: int = 50) -> set[int]:
    return {hit.case.id for hit in search(db.session, query, limit=limit).items}


@pytest.fixture
def library(forum):
    """A few cases, each known for something."""
    hip = forum.case(
        "Hip fracture after a fall",
        presentation="An 84-year-old fell at home; the left hip fractures were displaced.",
        history="Osteoporosis, atrial fibrillation on warfarin.",
    )
    near = forum.case(
        "Groin pain in a runner",
        presentation="Stress fracture near the hip joint is suspected.",
        examination="Pain on hopping.",
    )
    bleed = forum.case(
        "Headache on anticoagulation",
        presentation="Sudden headache; CT shows a subdural hematoma.",
        history="Takes warfarin for a mechanical valve.",
    )
    rash = forum.case(
        "Butterfly rash",
        presentation="Malar rash and arthralgia in a young woman.",
        investigations="ANA positive, anti-dsDNA 1:320; COVID-19 negative.",
    )
    forum.answer(rash, "Consider systemic lupus erythematosus; check complement levels.")
    forum.answer(hip, "Reverse anticoagulation before fixation.")
    forum.commit()
    return {"hip": hip.id, "near": near.id, "bleed": bleed.id, "rash": rash.id}


def test_words_are_stemmed_and_case_insensitive(library):
    assert found("fractures") == {library["hip"], library["near"]}
    assert found("FRACTURE") == {library["hip"], library["near"]}
    assert found("fracturing") == {library["hip"], library["near"]}
    assert found("hematomas") == {library["bleed"]}


def test_all_words_must_match(library):
    assert found("warfarin hematoma") == {library["bleed"]}
    assert found("warfarin") == {library["hip"], library["bleed"]}
    assert found("warfarin zebra") == set()


def test_a_quoted_phrase_matches_the_words_in_order(library):
    assert found("hip fracture") == {library["hip"], library["near"]}
    assert found('"hip fracture"') == {library["hip"]}
    assert found('"fracture hip"') == set()
    assert found('"fracture near the hip"') == {library["near"]}
    # Common words at a phrase's ends are ignored, like everywhere else.
    assert found('"the hip"') == {library["hip"], library["near"]}


def test_a_trailing_star_is_a_prefix(library):
    assert found("hemato*") == {library["bleed"]}
    assert found("hemato") == set()
    assert found("arthral*") == {library["rash"]}
    assert found("fract* warf*") == {library["hip"]}


def test_answers_are_searched_and_find_their_case(library):
    assert found("lupus") == {library["rash"]}
    assert found("erythematosus complement") == {library["rash"]}
    # Only the hip case mentions anticoagulation in an answer; the bleed case in its title.
    assert found("anticoagulation") == {library["hip"], library["bleed"]}


def test_all_words_must_match_within_one_text(library):
    # "lupus" is in the answer and "butterfly" in the case: no single text has both.
    assert found("lupus butterfly") == set()


def test_punctuation_separates_words(library):
    assert found("covid-19") == {library["rash"]}
    assert found("covid") == {library["rash"]}
    assert found("dsDNA") == {library["rash"]}
    assert found("84-year-old") == {library["hip"]}


NASTY = [
    "",
    " ",
    "*",
    "**",
    '"',
    '""',
    '"unclosed phrase',
    "'",
    "(",
    ")",
    "()",
    "(fracture",
    "fracture)",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(hip fracture)",
    "hip NEAR/2 fracture",
    "fracture AND",
    "OR fracture",
    "NOT fracture",
    "-fracture",
    "fracture -hip",
    "title:fracture",
    ":",
    "fracture:*",
    "fracture:",
    "^fracture",
    "fracture^2",
    "fract**",
    "*fract",
    "a*b",
    "{title}: fracture",
    "fracture & hip | !warfarin",
    "fracture <-> hip",
    "'fracture'",
    "\\",
    '\\\\"',
    "%",
    "_",
    "fracture; DROP TABLE cases; --",
    "\x00",
    "\x02hip\x03",
    "😀",
    "ﬁbrillation",
    "the of and",
    "x" * 400,
    " ".join(["fracture"] * 50),
    " ".join(f"w{n}" for n in range(80)),
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_input_never_raises(library, query):
    page = search(db.session, query, limit=5)
    assert isinstance(page.items, list)


def test_operators_are_plain_words(library):
    both = {library["hip"], library["near"]}
    assert found("fracture AND hip") == both
    assert found("NOT fracture") == both
    assert found("-fracture") == both
    assert found("fracture OR zebra") == set()
    # NEAR is an ordinary word, and only one case has it.
    assert found("NEAR(hip fracture)") == {library["near"]}
    assert found("title:fracture") == set()
    assert found("only the of and") == set()
    assert found("*") == set()


def test_a_query_too_long_is_refused(library):
    with pytest.raises(InvalidPageQuery):
        search(db.session, "x" * (MAX_QUERY_LENGTH + 1))


def test_an_edited_case_is_found_by_its_new_text_only(library):
    case = db.session.get(Case, library["bleed"])
    case.presentation = "Thunderclap headache; CT shows subarachnoid blood."
    db.session.commit()
    assert found("subarachnoid") == {library["bleed"]}
    assert found("hematoma") == set()
    # Untouched fields still count.
    assert found("mechanical valve") == {library["bleed"]}


def test_an_edited_answer_is_found_by_its_new_text_only(library):
    answer = db.session.query(Answer).filter_by(case_id=library["rash"]).one()
    answer.body = "Think of dermatomyositis."
    db.session.commit()
    assert found("dermatomyositis") == {library["rash"]}
    assert found("lupus") == set()


def test_deleted_answers_and_cases_vanish(library):
    db.session.execute(delete(AnswerRevision))
    db.session.execute(delete(Answer).where(Answer.case_id == library["rash"]))
    db.session.commit()
    assert found("lupus") == set()
    assert found("butterfly") == {library["rash"]}
    for model in (CaseRevision, CaseTag):
        db.session.execute(delete(model).where(model.case_id == library["rash"]))
    db.session.execute(delete(Case).where(Case.id == library["rash"]))
    db.session.commit()
    assert found("butterfly") == set()


def test_snippets_highlight_the_matching_words(library):
    (hit,) = search(db.session, "lupus").items
    assert hit.case.id == library["rash"]
    marked = [hit.snippet.text[start:end] for start, end in hit.snippet.highlights]
    assert marked == ["lupus"]
    (hit,) = search(db.session, "hematomas").items
    assert [hit.snippet.text[s:e].lower() for s, e in hit.snippet.highlights] == ["hematoma"]


def test_title_matches_come_first_then_case_text_then_answers_newest_first(forum):
    in_answer = forum.case("Chest pain", presentation="Troponin normal.")
    forum.answer(in_answer, "Cardiac sarcoidosis would explain the block.")
    older_text = forum.case("Heart block", presentation="Known sarcoidosis of the lungs.")
    titled = forum.case("Cardiac sarcoidosis?", presentation="Palpitations and syncope.")
    newer_text = forum.case("Uveitis", history="Sarcoidosis diagnosed last year.")
    spread = forum.case("Fatigue", presentation="Known sarcoidosis.", question="Is it cardiac?")
    forum.commit()
    hits = search(db.session, "cardiac sarcoidosis").items
    # The title has both words; two texts have them in one section or across
    # sections; the answer-only case comes last. Ties: newest first.
    assert [hit.case.id for hit in hits] == [titled.id, spread.id, in_answer.id]
    assert [hit.rank for hit in hits] == [3, 2, 1]
    hits = search(db.session, "sarcoidosis").items
    assert [hit.case.id for hit in hits] == [
        titled.id,
        spread.id,
        newer_text.id,
        older_text.id,
        in_answer.id,
    ]


def test_paging_while_posts_arrive_neither_repeats_nor_skips(forum):
    for number in range(17):
        case = forum.case(
            f"Syncope case {number}",
            presentation="Syncope " * (number % 4 + 1),
            created=NOW - timedelta(hours=number),
        )
        if number % 5 == 0:
            forum.answer(case, "Syncope work-up: ECG, echo.")
    forum.commit()
    everything = [hit.case.id for hit in search(db.session, "syncope", limit=100).items]
    assert len(everything) == 17

    seen, cursor = [], None
    for _ in range(10):  # 17 cases in pages of 4: 5 pages; more means paging is stuck
        page = search(db.session, "syncope", limit=4, cursor=cursor)
        seen += [hit.case.id for hit in page.items]
        # New matching cases and answers arrive between pages.
        newcomer = forum.case("Syncope again", presentation="Syncope syncope syncope syncope.")
        forum.answer(newcomer, "Syncope.")
        forum.commit()
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert page.next_cursor is None
    assert seen == everything

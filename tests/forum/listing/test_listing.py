"""Case listings: every sort's order, filters, windows, and paging while cases arrive."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from casecrowd.db import db
from casecrowd.forum.service.listing import SORTS, list_cases
from tests.forum.listing.conftest import NOW


def ids(page):
    return [case.id for case in page.items]


def lemmy_hot(score: int, hours: float) -> float:
    return math.log10(max(1, 3 + score)) / (hours + 2) ** 1.8


def walk(sort, *, limit, now=NOW, between=None, **filters):
    """Every page's ids, in order; ``between(n)`` runs after page n is fetched."""
    pages, cursor, number = [], None, 0
    while number < 100:  # more pages than any test has cases: paging is stuck
        page = list_cases(db.session, sort=sort, limit=limit, cursor=cursor, now=now, **filters)
        pages.append(ids(page))
        number += 1
        if between:
            between(number)
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor
    raise AssertionError("paging did not reach the last page")


def test_new_is_newest_first_with_id_breaking_ties(forum):
    old = forum.case(created=NOW - timedelta(days=2))
    twin_a = forum.case(created=NOW - timedelta(hours=1))
    twin_b = forum.case(created=NOW - timedelta(hours=1))
    newest = forum.case(created=NOW)
    forum.commit()
    page = list_cases(db.session, sort="new", limit=10, now=NOW)
    assert ids(page) == [newest.id, twin_b.id, twin_a.id, old.id]
    assert page.next_cursor is None


def test_hot_follows_lemmy_rank_at_the_reference_time(forum):
    shapes = [(0, 0.5), (10, 30), (3, 2), (50, 200), (-5, 1), (1, 6), (25, 12), (2, 0)]
    created = {}
    for score, hours in shapes:
        case = forum.case(score=score, created=NOW - timedelta(hours=hours))
        created[case.id] = (score, hours)
    forum.commit()
    expected = sorted(created, key=lambda i: (lemmy_hot(*created[i]), i), reverse=True)
    assert ids(list_cases(db.session, sort="hot", limit=20, now=NOW)) == expected


def test_hot_prefers_a_fresh_case_to_an_old_popular_one(forum):
    old_popular = forum.case(score=40, created=NOW - timedelta(days=3))
    fresh = forum.case(score=2, created=NOW - timedelta(minutes=30))
    forum.commit()
    assert ids(list_cases(db.session, sort="hot", limit=5, now=NOW)) == [fresh.id, old_popular.id]
    # A day later without new votes the order is the same; with the old case
    # far older it stays behind.
    later = NOW + timedelta(days=1)
    assert ids(list_cases(db.session, sort="hot", limit=5, now=later))[0] == fresh.id


def test_hot_treats_a_case_signed_ahead_of_the_clock_as_brand_new(forum):
    ahead = forum.case(score=0, created=NOW + timedelta(minutes=5))
    just_now = forum.case(score=0, created=NOW - timedelta(minutes=30))
    forum.commit()
    assert ids(list_cases(db.session, sort="hot", limit=5, now=NOW)) == [ahead.id, just_now.id]


def test_top_orders_by_score_within_the_window(forum):
    month_old = forum.case(score=100, created=NOW - timedelta(days=20))
    week_best = forum.case(score=9, created=NOW - timedelta(days=3))
    today = forum.case(score=4, created=NOW - timedelta(hours=2))
    today_tie = forum.case(score=4, created=NOW - timedelta(hours=3))
    ancient = forum.case(score=500, created=NOW - timedelta(days=800))
    forum.commit()

    def top(window):
        return ids(list_cases(db.session, sort="top", window=window, limit=10, now=NOW))

    assert top("day") == [today_tie.id, today.id]
    assert top("week") == [week_best.id, today_tie.id, today.id]
    assert top("month") == [month_old.id, week_best.id, today_tie.id, today.id]
    assert top("year") == top("month")
    everything = [ancient.id, month_old.id, week_best.id, today_tie.id, today.id]
    assert top("all") == everything
    assert top(None) == everything


def test_active_orders_by_last_activity(forum):
    quiet = forum.case(created=NOW - timedelta(days=5))
    busy = forum.case(created=NOW - timedelta(days=9), last_activity=NOW - timedelta(minutes=1))
    recent = forum.case(created=NOW - timedelta(hours=4))
    forum.commit()
    assert ids(list_cases(db.session, sort="active", limit=10, now=NOW)) == [
        busy.id,
        recent.id,
        quiet.id,
    ]


def test_unanswered_lists_only_cases_without_answers_newest_first(forum):
    answered = forum.case(created=NOW - timedelta(hours=1))
    forum.answer(answered)
    older = forum.case(created=NOW - timedelta(hours=5))
    newer = forum.case(created=NOW - timedelta(hours=2))
    forum.commit()
    assert ids(list_cases(db.session, sort="unanswered", limit=10, now=NOW)) == [
        newer.id,
        older.id,
    ]


@pytest.mark.parametrize("sort", SORTS)
def test_filters_by_tag_and_status(forum, sort):
    cardio_open = forum.case(tags=("cardiology", "internal-medicine"), created=NOW)
    cardio_solved = forum.case(tags=("cardiology",), status="solved", created=NOW)
    neuro_open = forum.case(tags=("neurology",), created=NOW)
    forum.commit()

    def listed(**filters):
        return set(ids(list_cases(db.session, sort=sort, limit=50, now=NOW, **filters)))

    assert listed(tag="cardiology") == {cardio_open.id, cardio_solved.id}
    assert listed(tag="internal-medicine") == {cardio_open.id}
    assert listed(status="open") == {cardio_open.id, neuro_open.id}
    assert listed(status="solved") == {cardio_solved.id}
    assert listed(tag="cardiology", status="open") == {cardio_open.id}
    assert listed(tag="dermatology") == set()
    assert listed() == {cardio_open.id, cardio_solved.id, neuro_open.id}


def test_an_empty_forum_gives_an_empty_last_page(forum):
    for sort in SORTS:
        page = list_cases(db.session, sort=sort, limit=10, now=NOW)
        assert page.items == [] and page.next_cursor is None


@pytest.mark.parametrize("sort", SORTS)
def test_paging_while_new_cases_arrive_neither_repeats_nor_skips(forum, sort):
    # 23 cases with every sort key spread out, several ties included.
    for number in range(23):
        forum.case(
            score=number % 7,
            created=NOW - timedelta(hours=number * 3 % 40, minutes=number),
            last_activity=NOW - timedelta(minutes=number * 11 % 90),
        )
    forum.commit()
    before = ids(list_cases(db.session, sort=sort, limit=100, now=NOW))

    def arrive(_page_number):
        # New cases that would sort first, last, and in the middle — one of
        # them signed earlier than the others (a client's clock may lag).
        forum.case(score=99, created=NOW + timedelta(minutes=1), last_activity=NOW)
        forum.case(score=3, created=NOW - timedelta(hours=20))
        forum.case(score=-3, created=NOW - timedelta(days=30))
        forum.commit()

    pages = walk(sort, limit=5, between=arrive)
    seen = [case_id for page in pages for case_id in page]
    assert seen == before
    assert len(pages) == math.ceil(len(before) / 5)
    # A new listing, started afterwards, does show the new cases.
    assert len(ids(list_cases(db.session, sort=sort, limit=100, now=NOW))) > len(before)


def test_paging_keeps_the_filters_and_window_of_the_first_page(forum):
    cases = [
        forum.case(
            score=number,
            created=NOW - timedelta(hours=number * 3),
            tags=("cardiology",) if number % 2 else ("neurology",),
        )
        for number in range(12)
    ]
    forum.commit()
    # Cardiology (odd numbers) within a day (number * 3 hours <= 24): 7, 5, 3, 1 by score.
    expected = [cases[n].id for n in (7, 5, 3, 1)]
    first = list_cases(db.session, sort="top", tag="cardiology", window="day", limit=3, now=NOW)
    assert ids(first) == expected[:3]
    # A day later the window would hold none of them; the cursor keeps the first page's time.
    second = list_cases(
        db.session,
        sort="top",
        tag="cardiology",
        window="day",
        limit=3,
        cursor=first.next_cursor,
        now=NOW + timedelta(days=1),
    )
    assert ids(second) == expected[3:]
    assert second.next_cursor is None


def test_hot_pages_are_ranked_at_the_first_pages_time(forum):
    for number in range(9):
        forum.case(score=number % 4, created=NOW - timedelta(hours=number * 7))
    forum.commit()
    expected = ids(list_cases(db.session, sort="hot", limit=50, now=NOW))
    first = list_cases(db.session, sort="hot", limit=4, now=NOW)
    # Whatever "now" a later call passes, the cursor's reference time rules.
    second = list_cases(
        db.session, sort="hot", limit=4, cursor=first.next_cursor, now=NOW + timedelta(days=40)
    )
    third = list_cases(db.session, sort="hot", limit=4, cursor=second.next_cursor)
    assert ids(first) + ids(second) + ids(third) == expected
    assert third.next_cursor is None

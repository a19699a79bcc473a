"""GET /api/v1/stats/crowd: individual against pooled top-3 accuracy, on data checked by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from casecrowd.forum.service import crowd_stats
from tests.conftest import deep_merge
from tests.forum.crowd_support import CROWD_SETTINGS, STILL, answer, dx, new_case, outcome
from tests.forum.test_hidden_content import set_state

ALL_GROUPS = {"forum": {"crowd": {"stats_groups_per_case": 200}}}
# Case A's two kinds of answer: "hit" names the final diagnosis first, "miss" never.
HIT = dx(STILL, "Lymphoma", "Sepsis")
MISS = dx("Lymphoma", "Sepsis", "Systemic lupus erythematosus")


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(deep_merge(CROWD_SETTINGS, ALL_GROUPS)))


@pytest.fixture
def solved(forum_app, physician, author):
    """Three solved cases (A, B, C, oldest first), a hidden one and one without a final diagnosis.

    A (final: Still's): 3 "hit" answers and 6 "miss" answers. Pooled, with
    h hits and m misses, Still's gets h points, lymphoma h/2 + m, sepsis
    h/3 + m/2, lupus m/3: Still's is in the top three exactly when h >= 1
    and m < 3h (at m = 3h lupus ties it and wins on answers).
      groups of 3: a hit unless all three miss: 84 - C(6,3) = 64 of 84;
      groups of 5: h=2 (3 * 20 = 60) or h=3 (1 * 15 = 15): 75 of 126;
      the group of 9: h=3, m=6: a hit.
    B (final: lymphoma): [lymphoma, sepsis] (a hit), [sepsis, lupus],
      [sepsis, lupus, Still's]. Pooled: sepsis 5/2, lupus 1 (2 answers),
      lymphoma 1 (1 answer), Still's 1/3: lymphoma third, a hit.
    C (final: sepsis): [lymphoma], a miss.
    """
    doctors = [physician().join() for _ in range(9)]
    a = new_case(author)
    for doctor, differential in zip(doctors, [HIT] * 3 + [MISS] * 6, strict=True):
        answer(doctor, a, differential)
    b = new_case(author)
    answer(doctors[0], b, dx("Lymphoma", "Sepsis"))
    answer(doctors[1], b, dx("Sepsis", "Systemic lupus erythematosus"))
    answer(doctors[2], b, dx("Sepsis", "Systemic lupus erythematosus", STILL))
    c = new_case(author)
    answer(doctors[3], c, dx("Lymphoma"))
    for case_id, final in ((a, STILL), (b, "Lymphoma"), (c, "Sepsis")):
        assert outcome(author, case_id, final).status == 200
    hidden = new_case(author)
    answer(doctors[4], hidden, dx("Sepsis"))
    assert outcome(author, hidden, "Sepsis").status == 200
    set_state(forum_app, "case", hidden, hidden=True)
    unnamed = new_case(author)
    answer(doctors[5], unnamed, dx("Sepsis"))
    assert outcome(author, unnamed, None).status == 200
    return a, b, c


def stats(reader):
    reply = reader.get("/api/v1/stats/crowd")
    assert reply.status == 200, reply.body
    return reply.body


def by_size(body):
    return {g["size"]: (g["cases"], g["groups"], g["top3"]) for g in body["groups"]}


def test_the_figure_on_three_cases_worked_out_by_hand(solved, author):
    body = stats(author)
    assert body["cases"] == 3
    # Hits in the top three: A's 3 of 9, B's 1 of 3, C's 0 of 1.
    assert body["individual_top3"] == pytest.approx(4 / 13)
    assert by_size(body) == {
        # Per case: A 3/9, B 1/3, C 0, averaged over the three cases.
        1: (3, 13, pytest.approx(float(Fraction(2, 9)))),
        3: (2, 84 + 1, pytest.approx(float((Fraction(64, 84) + 1) / 2))),
        5: (1, 126, pytest.approx(75 / 126)),
        9: (1, 1, 1.0),
    }
    assert "unweighted" in body["method"]


def test_groups_are_drawn_reproducibly_past_the_per_case_limit(make_app, forum_settings, solved):
    # The same databases under the default of 20 groups a case and size.
    app = make_app(forum_settings(CROWD_SETTINGS))
    with app.test_request_context():
        first, again = crowd_stats.crowd_stats(), crowd_stats.crowd_stats()
    assert first == again
    # A: 9 of 9 alone, 20 of 84 threes, 20 of 126 fives, its one nine; B: 3 and 1.
    assert {size: groups for size, (_, groups, _) in by_size(first).items()} == {
        1: 13,
        3: 21,
        5: 20,
        9: 1,
    }


def test_groups_of_draws_distinct_groups_the_same_way_every_time():
    drawn = crowd_stats.groups_of(7, 9, 3, 20)
    assert len(drawn) == len(set(drawn)) == 20
    assert all(len(g) == 3 and list(g) == sorted(set(g)) and g[-1] < 9 for g in drawn)
    assert crowd_stats.groups_of(7, 9, 3, 20) == drawn
    assert crowd_stats.groups_of(8, 9, 3, 20) != drawn
    assert crowd_stats.groups_of(7, 4, 3, 20) == [(0, 1, 2), (0, 1, 3), (0, 2, 3), (1, 2, 3)]
    assert crowd_stats.groups_of(7, 2, 3, 20) == []
    assert len(crowd_stats.groups_of(7, 30, 9, 20)) == 20 < math.comb(30, 9)


def test_the_work_is_bounded_newest_cases_first(monkeypatch, solved, author):
    # C needs 1 group, B 4, A 220: with room for 10, A (the oldest) is left out.
    monkeypatch.setattr(crowd_stats, "MAX_POOLS", 10)
    body = stats(author)
    assert body["cases"] == 3
    assert body["individual_top3"] == pytest.approx(4 / 13)
    assert by_size(body) == {
        1: (2, 4, pytest.approx(float(Fraction(1, 3) / 2))),
        3: (1, 1, 1.0),
        5: (0, 0, None),
        9: (0, 0, None),
    }
    monkeypatch.setattr(crowd_stats, "MAX_CASES", 1)
    body = stats(author)
    assert (body["cases"], body["individual_top3"]) == (1, 0.0)


def test_no_solved_case_no_rates(author):
    new_case(author)
    body = stats(author)
    assert (body["cases"], body["individual_top3"]) == (0, None)
    assert by_size(body) == dict.fromkeys((1, 3, 5, 9), (0, 0, None))


def test_the_statistics_need_a_session(http):
    reply = http.request("GET", "/api/v1/stats/crowd")
    assert reply.status == 401


def test_a_case_is_pooled_again_only_when_its_figures_can_change(monkeypatch, solved, author):
    monkeypatch.setattr(crowd_stats, "_CASE_FIGURES", {})
    pooled_groups = []
    hit = crowd_stats.pooled_hit

    def counted(differentials, final):
        pooled_groups.append(final["diagnosis"])
        return hit(differentials, final)

    monkeypatch.setattr(crowd_stats, "pooled_hit", counted)
    first = stats(author)
    assert len(pooled_groups) == 13 + 85 + 126 + 1
    assert stats(author) == first
    assert len(pooled_groups) == 13 + 85 + 126 + 1
    # C's final diagnosis corrected: C alone is pooled again (one group), and now hits.
    _, _, c = solved
    assert outcome(author, c, "Lymphoma").status == 200
    pooled_groups.clear()
    corrected = stats(author)
    assert pooled_groups == ["Lymphoma"]
    assert corrected["individual_top3"] == pytest.approx(5 / 13)

"""The client's schedule: redemption delays, each wallet's moment per epoch, token choice."""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from casecrowd.client import schedule

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
EPOCH = 30 * 86400


@dataclass
class Token:
    name: str
    ready_at: datetime
    obtained_at: datetime = T0 - timedelta(days=20)


def test_delays_stay_within_the_published_bounds_and_spread_over_them():
    rng = random.Random(7)
    delays = [schedule.draw_redeem_delay(rng) for _ in range(5000)]
    assert min(delays) >= schedule.REDEEM_DELAY_MIN
    assert max(delays) <= schedule.REDEEM_DELAY_MAX
    days = [d.total_seconds() / 86400 for d in delays]
    # Uniform on [1, 18] days: median 9.5 days, and every day of the window used.
    assert statistics.median(days) == pytest.approx(9.5, abs=0.5)
    assert {int(d) for d in days} == set(range(1, 18))


def test_the_system_random_source_is_the_default():
    draws = {schedule.draw_redeem_delay() for _ in range(20)}
    assert len(draws) > 15  # not a constant offset


def test_ready_time_adds_the_delay_to_the_moment_obtained():
    ready = schedule.ready_time(T0, random.Random(1))
    assert T0 + schedule.REDEEM_DELAY_MIN <= ready <= T0 + schedule.REDEEM_DELAY_MAX


def test_a_wallets_moment_is_stable_within_its_epoch_and_new_each_epoch():
    salt = b"s" * 32
    first = schedule.scheduled_fetch_time(salt, 700, EPOCH)
    assert first == schedule.scheduled_fetch_time(salt, 700, EPOCH)
    start = datetime.fromtimestamp(700 * EPOCH, UTC)
    assert start <= first < start + timedelta(seconds=EPOCH)
    offsets = {
        (
            schedule.scheduled_fetch_time(salt, epoch, EPOCH)
            - datetime.fromtimestamp(epoch * EPOCH, UTC)
        )
        for epoch in range(700, 720)
    }
    assert len(offsets) == 20


def test_wallets_spread_their_moments_over_the_whole_epoch():
    rng = random.Random(3)
    start = datetime.fromtimestamp(700 * EPOCH, UTC)
    fractions = [
        (schedule.scheduled_fetch_time(rng.randbytes(32), 700, EPOCH) - start).total_seconds()
        / EPOCH
        for _ in range(2000)
    ]
    # Roughly uniform: each tenth of the epoch holds about a tenth of the wallets.
    for tenth in range(10):
        share = sum(tenth / 10 <= f < (tenth + 1) / 10 for f in fractions) / len(fractions)
        assert 0.07 < share < 0.13


def test_a_token_whose_time_has_come_goes_first():
    tokens = [Token("later", T0 + timedelta(days=3)), Token("ready", T0 - timedelta(hours=1))]
    for seed in range(20):
        assert schedule.choose_token(tokens, T0, random.Random(seed)).name == "ready"


def test_before_any_is_ready_the_choice_is_random_not_the_earliest():
    tokens = [Token(str(day), T0 + timedelta(days=day)) for day in (2, 5, 11)]
    chosen = {schedule.choose_token(tokens, T0, random.Random(seed)).name for seed in range(60)}
    # Always taking the earliest of three would shorten the typical delay.
    assert chosen == {"2", "5", "11"}


def test_right_after_a_batch_an_old_ready_token_does_not_go_first():
    old = Token("old", T0 - timedelta(days=9), obtained_at=T0 - timedelta(days=20))
    fresh = [
        Token(f"new{day}", T0 + timedelta(days=day), obtained_at=T0 - timedelta(hours=1))
        for day in (2, 6)
    ]
    chosen = {schedule.choose_token([old, *fresh], T0, random.Random(s)).name for s in range(40)}
    # Registered at once, the old token would date the pseudonym by the new batch.
    assert chosen == {"new2", "new6"}
    later = T0 + schedule.REDEEM_DELAY_MIN
    assert schedule.choose_token([old, *fresh], later, random.Random(0)).name == "old"


def test_choosing_from_nothing_is_an_error():
    with pytest.raises(ValueError):
        schedule.choose_token([], T0)

"""When the client obtains tokens and when it redeems them: chosen so that time links nothing.

The issuer knows which membership obtained tokens and when; the forum knows when a
pseudonym appeared. Blind signatures make the tokens themselves unlinkable, so only
time could join the two records. The client therefore

* obtains its whole epoch's quota in one batch: as soon as the membership is approved,
  and afterwards once per epoch at a time of its own (:func:`scheduled_fetch_time`),
  uniformly spread over the epoch and never "just before a pseudonym is needed";
* gives every token a redemption time of its own when it is obtained:
  obtained + a delay drawn uniformly from [``REDEEM_DELAY_MIN``, ``REDEEM_DELAY_MAX``]
  (1 to 18 days, median 9.5 days; see :func:`draw_redeem_delay`);
* when asked for a new pseudonym, takes one of the tokens whose time has come (any of
  them, at random); if none has come yet, it picks one at random and registers it at
  that token's own time — never at the earliest of several, which would shorten the
  typical delay. Within a day of a batch, only that batch's tokens are chosen from, so
  a registration soon after a batch is always that batch's own delay
  (:func:`choose_token`).

Why uniform: an observer who sees every issuance and every registration (the strongest
operator) can only guess among the memberships that obtained tokens 1 to 18 days
earlier; a flat distribution gives no moment within that window more weight than
another. Why these bounds: ``casecrowd audit linkage`` measures the linked fraction
against chance for populations of 50 to 1000 members. With sessions dated to the hour,
a two-week window left an observer of nightly backups at about 2.1 times chance at 200
members; 1 to 18 days brings it to about 1.7 times (and 2.2 times for an observer who
sees every request live). See docs/privacy-timing.md.
Tokens stay redeemable through the epoch after the one they were obtained in (at
least 30 days), so the longest delay always fits.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

REDEEM_DELAY_MIN = timedelta(days=1)
REDEEM_DELAY_MAX = timedelta(days=18)
DELAY_RANGE_TEXT = f"{REDEEM_DELAY_MIN.days} to {REDEEM_DELAY_MAX.days} days"
_SYSTEM_RANDOM = secrets.SystemRandom()


class Redeemable(Protocol):
    obtained_at: datetime
    ready_at: datetime


T = TypeVar("T", bound=Redeemable)


def draw_redeem_delay(rng: random.Random | None = None) -> timedelta:
    """A redemption delay, uniform on [REDEEM_DELAY_MIN, REDEEM_DELAY_MAX], to the second."""
    rng = rng or _SYSTEM_RANDOM
    low = int(REDEEM_DELAY_MIN.total_seconds())
    high = int(REDEEM_DELAY_MAX.total_seconds())
    return timedelta(seconds=rng.randint(low, high))


def ready_time(obtained_at: datetime, rng: random.Random | None = None) -> datetime:
    """When a token obtained at ``obtained_at`` may be redeemed."""
    return obtained_at + draw_redeem_delay(rng)


def scheduled_fetch_time(
    wallet_salt: bytes, epoch: int, epoch_seconds: int, *, epoch_zero: datetime | None = None
) -> datetime:
    """This wallet's moment to obtain the quota of ``epoch``: uniform within the epoch.

    Derived from a random salt kept in the wallet, so it is the same on every run
    (a scheduled job may run at any time and know whether the moment has passed)
    and differs from epoch to epoch and from wallet to wallet.
    """
    zero = epoch_zero or datetime(1970, 1, 1, tzinfo=UTC)
    digest = hmac.new(wallet_salt, b"fetch-epoch-%d" % epoch, hashlib.sha256).digest()
    offset = int.from_bytes(digest[:8], "big") % epoch_seconds
    return zero + timedelta(seconds=epoch * epoch_seconds + offset)


def choose_token(tokens: Sequence[T], now: datetime, rng: random.Random | None = None) -> T:
    """The token a new pseudonym is registered with; see the module docstring.

    A token whose time has come if there is one, else any token: both at random,
    so that which token goes (and so when) is no function of when they were obtained.
    Within ``REDEEM_DELAY_MIN`` of the latest batch, only that batch's tokens count:
    an older token, ready long ago, would otherwise register right after the batch
    and date the pseudonym by it.
    """
    if not tokens:
        raise ValueError("no token to choose from")
    rng = rng or _SYSTEM_RANDOM
    latest = max(token.obtained_at for token in tokens)
    if now - latest < REDEEM_DELAY_MIN:
        tokens = [token for token in tokens if token.obtained_at == latest]
    ready = [token for token in tokens if token.ready_at <= now]
    return rng.choice(ready or list(tokens))

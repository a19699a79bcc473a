"""Members over two epochs on the client's schedule: who obtained tokens when, who appeared when.

The client's timing is not copied here: every moment comes from
:mod:`casecrowd.client.schedule` (``scheduled_fetch_time``, ``ready_time``,
``choose_token``) called with a seeded generator, so the audit measures exactly what the
client does by default. The first epoch warms up (tokens stay redeemable through the
next epoch); pseudonyms appearing in the second are the ones measured.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from casecrowd.audit.precision import EPOCH_SECONDS, issuer_default
from casecrowd.client import schedule

# The old client, for comparison: one token obtained when a pseudonym was wanted and
# redeemed once client.min_redeem_delay (an hour) had passed; its wait loop ended a
# second after that.
OLD_CLIENT_MIN_DELAY = 3600
OLD_CLIENT_DELAY = OLD_CLIENT_MIN_DELAY + 1
# Any epoch number serves (the fetch moment is a keyed digest of it); a fixed one keeps
# a seeded run the same on every machine and every day.
FIRST_EPOCH = 680
SALT_BYTES = 16
# A fifth of the members are approved during the measured epoch; each member wants
# one new pseudonym whenever a batch of tokens arrives (the worst case, see _batched).
NEW_FRACTION = 0.2
PSEUDONYMS_PER_MEMBER = 1


@dataclass(frozen=True)
class ClientModel:
    """How a client times things, as far as an adversary may know (its published delays)."""

    name: str
    delay_min: int  # seconds
    delay_max: int
    batch: bool  # the whole quota at once, on the client's schedule


CURRENT_CLIENT = ClientModel(
    "current",
    int(schedule.REDEEM_DELAY_MIN.total_seconds()),
    int(schedule.REDEEM_DELAY_MAX.total_seconds()),
    batch=True,
)
OLD_CLIENT = ClientModel("baseline", OLD_CLIENT_MIN_DELAY, OLD_CLIENT_DELAY, batch=False)


@dataclass(frozen=True)
class Population:
    """One configuration of members over two epochs."""

    members: int
    new_fraction: float = NEW_FRACTION
    pseudonyms_per_member: int = PSEUDONYMS_PER_MEMBER
    client: ClientModel = CURRENT_CLIENT
    quota: int = field(default_factory=lambda: issuer_default("issuer.tokens_per_epoch"))
    epoch_seconds: int = EPOCH_SECONDS
    first_epoch: int = FIRST_EPOCH

    @property
    def measured_start(self) -> int:
        return (self.first_epoch + 1) * self.epoch_seconds

    @property
    def measured_end(self) -> int:
        return (self.first_epoch + 2) * self.epoch_seconds


@dataclass(frozen=True)
class Issuance:
    at: int  # Unix seconds
    member: int
    tokens: int
    at_approval: bool  # a new member's first batch: the desk's record dates it too


@dataclass(frozen=True)
class Appearance:
    at: int
    member: int  # the truth the attacks try to find
    measured: bool


@dataclass
class Trial:
    issuances: list[Issuance]
    appearances: list[Appearance]

    @property
    def measured(self) -> int:
        return sum(1 for a in self.appearances if a.measured)


@dataclass
class _Token:
    """What schedule.choose_token reads of a wallet's token, and the epoch it expires after."""

    obtained_at: datetime
    ready_at: datetime
    epoch: int


def _moment(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def _seconds(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())


def simulate(population: Population, rng: random.Random) -> Trial:
    """Every issuance and registration of one random population over the two epochs."""
    trial = Trial([], [])
    new_members = round(population.members * population.new_fraction)
    epochs = (population.first_epoch, population.first_epoch + 1)
    for member in range(population.members):
        if member < new_members:
            approved = population.measured_start + rng.randrange(population.epoch_seconds)
            batches = [(approved, True)]
        else:
            salt = rng.randbytes(SALT_BYTES)
            batches = [
                (_seconds(schedule.scheduled_fetch_time(salt, e, population.epoch_seconds)), False)
                for e in epochs
            ]
        if population.client.batch:
            _batched(population, member, batches, rng, trial)
        else:
            _on_demand(population, member, batches, trial)
    return trial


def _appear(population: Population, trial: Trial, at: int, member: int) -> None:
    # What appears after the measured epoch is not observed at all.
    if at < population.measured_end:
        measured = at >= population.measured_start
        trial.appearances.append(Appearance(at, member, measured))


def _batched(
    population: Population,
    member: int,
    batches: list[tuple[int, bool]],
    rng: random.Random,
    trial: Trial,
) -> None:
    """The current client: the quota at once; each demand registers at its token's time."""
    wallet: list[_Token] = []
    for at, at_approval in batches:
        epoch = at // population.epoch_seconds
        trial.issuances.append(Issuance(at, member, population.quota, at_approval))
        # A token is redeemable through the epoch after the one it was obtained in.
        wallet = [token for token in wallet if token.epoch + 1 >= epoch]
        obtained = _moment(at)
        wallet += [
            _Token(obtained, schedule.ready_time(obtained, rng), epoch)
            for _ in range(population.quota)
        ]
        # Worst case: the member wants a pseudonym the moment the batch arrives.
        for _ in range(population.pseudonyms_per_member):
            if not wallet:
                break
            token = schedule.choose_token(wallet, obtained, rng)
            wallet.remove(token)
            _appear(population, trial, max(at, _seconds(token.ready_at)), member)


def _on_demand(
    population: Population, member: int, batches: list[tuple[int, bool]], trial: Trial
) -> None:
    """The old client: one token per wanted pseudonym, obtained then, redeemed an hour on."""
    for at, at_approval in batches:
        for _ in range(population.pseudonyms_per_member):
            trial.issuances.append(Issuance(at, member, 1, at_approval))
            _appear(population, trial, at + population.client.delay_max, member)

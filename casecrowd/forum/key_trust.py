"""Which directory changes the forum follows: issuer keys only move forward.

Whoever answers a directory fetch decides what the forum sees, so one
response must not be able to add a key that signs alongside the genuine
ones, move a key to another epoch, or bring a dropped key back. Given what
the forum has recorded and what the directory lists now, :func:`review`
decides, without side effects:

- **A new key** is recorded only if it has a not-before, later than that of
  every recorded key (keys the operator revoked and keys withdrawn before
  they came into force do not count: they never signed a genuine token, and
  must not block the issuer's next key), and only if no other key of the
  directory is ahead of the key in force: the issuer publishes one key
  ahead, so a second one is refused until the first has come into force.
  A key without a not-before cannot be placed among the epochs and is
  refused; this deployment's issuer always dates its keys. On first use (no
  key recorded) the same rules accept the directory as it is: its keys in
  date order and at most one ahead.
- **A recorded key** must come with the not-before it was recorded with;
  otherwise the listing is refused and the recorded date stays.
- **A recorded key the directory no longer lists** is withdrawn, for good:
  listed again, it is refused. Whether it had come into force is kept, as
  only such a key can be the predecessor whose late tokens still verify
  (``casecrowd.forum.service.issuer_keys.accepted_key``).

A refused change records nothing; the forum keeps the keys it trusted, and
each refusal becomes one line for the operator (:class:`Refusal`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class Recorded:
    """A key of the forum's table, with what the forum decided about it so far."""

    token_key_id: bytes
    not_before: datetime | None  # None only in rows of releases that recorded undated keys
    start: datetime
    withdrawn: bool
    withdrawn_in_force: bool


@dataclass(frozen=True)
class Listed:
    """A key as the directory lists it now."""

    token_key_id: bytes
    spki: bytes
    not_before: datetime | None


@dataclass(frozen=True)
class Refusal:
    token_key_id: bytes
    reason: str

    def line(self) -> str:
        return (
            f"issuer directory change refused for token key {self.token_key_id.hex()}:"
            f" {self.reason}; the forum keeps the keys it already trusted"
        )


@dataclass
class Review:
    record: list[Listed] = field(default_factory=list)  # new keys to record
    withdraw: list[bytes] = field(default_factory=list)  # recorded keys no longer listed
    listed: set[bytes] = field(default_factory=set)  # recorded keys listed and still trusted
    refusals: list[Refusal] = field(default_factory=list)


def review(
    recorded: Iterable[Recorded], listed: Iterable[Listed], revoked: set[bytes], now: datetime
) -> Review:
    known = {key.token_key_id: key for key in recorded}
    entries: dict[bytes, Listed] = {}
    for entry in listed:  # a key listed twice counts as listed once, with its first date
        entries.setdefault(entry.token_key_id, entry)
    result = Review()
    for entry in entries.values():
        mine = known.get(entry.token_key_id)
        if mine is None:
            continue
        if mine.withdrawn:
            result.refusals.append(Refusal(entry.token_key_id, "listed again after its withdrawal"))
        elif entry.not_before != mine.not_before:
            # Another date moves the key to another epoch, for this reader only.
            reason = (
                f"listed as not before {_moment(entry.not_before)},"
                f" recorded as {_moment(mine.not_before)}"
            )
            result.refusals.append(Refusal(entry.token_key_id, reason))
            result.listed.add(entry.token_key_id)
        else:
            result.listed.add(entry.token_key_id)
    result.withdraw = [
        key.token_key_id
        for key in known.values()
        if not key.withdrawn and key.token_key_id not in entries
    ]
    new = [entry for key_id, entry in entries.items() if key_id not in known]
    _review_new(new, known, revoked, now, result)
    return result


def _review_new(
    new: list[Listed],
    known: dict[bytes, Recorded],
    revoked: set[bytes],
    now: datetime,
    result: Review,
) -> None:
    counted = [
        key
        for key in known.values()
        if key.token_key_id not in revoked and (not key.withdrawn or key.withdrawn_in_force)
    ]
    newest = max((key.start for key in counted), default=None)
    ahead = sum(1 for key in counted if key.token_key_id in result.listed and key.start > now)
    for entry in sorted(new, key=lambda e: (e.not_before is None, e.not_before or now)):
        key_id, not_before = entry.token_key_id, entry.not_before
        if not_before is None:
            result.refusals.append(Refusal(key_id, "it has no not-before"))
        elif newest is not None and not_before <= newest:
            reason = (
                f"not before {_moment(not_before)}, not after the newest known key"
                f" ({_moment(newest)})"
            )
            result.refusals.append(Refusal(key_id, reason))
        elif not_before > now and ahead:
            result.refusals.append(Refusal(key_id, "a second key ahead of the key in force"))
        else:
            result.record.append(entry)
            if key_id not in revoked:
                newest = not_before
                ahead += not_before > now


def _moment(moment: datetime | None) -> str:
    if moment is None:
        return "(none)"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

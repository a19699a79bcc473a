"""Errors of the client library, each with the exit code the ``casecrowd`` command uses.

Wallet errors (:mod:`casecrowd.client.wallet_errors`) keep their own classes; the
command maps them with :func:`exit_code_of`.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

from casecrowd.client.wallet_errors import WalletError


class ExitCode(IntEnum):
    """What ``casecrowd`` client verbs exit with (documented in their help and the README)."""

    OK = 0
    SERVER = 1  # the server refused the request (problem+json) or could not be reached
    USAGE = 2  # bad options or arguments
    NOT_ACKNOWLEDGED = 3  # PHI findings or an early redemption not acknowledged; not sent
    WALLET = 4  # no wallet, wrong passphrase, damaged file, nothing suitable in it
    KEY_CONSISTENCY = 5  # issuer keys or name inconsistent, or not shown to other members
    VERIFICATION = 6  # a proof did not verify, or shown text differs from what was signed


EXIT_CODES_HELP = (
    "Exit codes: 0 done; 1 the server refused (its problem is shown) or could not be"
    " reached; 2 usage error; 3 PHI findings or an early token redemption not"
    " acknowledged, a post cancelled at the civility question, or a lounge post waiting"
    " for the lounge's pseudonym: nothing was sent; 4 wallet error (missing, wrong"
    " passphrase, nothing suitable in it);"
    " 5 the issuer's key or name is inconsistent (with the pins, the forum, or other"
    " members' tokens), or its request URI is not trusted, or the forum's moderation key"
    " is not the one pinned: nothing was sent; 6 a proof did not verify, the forum shows"
    " text that differs from what its author signed, or the mod log does not verify."
)


class ClientError(Exception):
    """A failure the user should read; the message says what happened and what to do."""

    exit_code: ExitCode = ExitCode.SERVER

    def __init__(self, message: str = "", *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class KeyInconsistency(ClientError):
    """The issuer's keys or name disagree with the pins, the forum or other members' tokens.

    Raised before anything is requested from the issuer (RFC 9576 §6.2).
    """

    exit_code = ExitCode.KEY_CONSISTENCY


class NotAcknowledged(ClientError):
    """Something needed the user's explicit go-ahead and did not get it."""

    exit_code = ExitCode.NOT_ACKNOWLEDGED


class WalletStateError(ClientError):
    """The wallet lacks what the step needs (no membership, no token, no pseudonym)."""

    exit_code = ExitCode.WALLET


def exit_code_of(error: BaseException) -> ExitCode:
    if isinstance(error, ClientError):
        return error.exit_code
    if isinstance(error, WalletError):
        return ExitCode.WALLET
    return ExitCode.SERVER


# -- refusals told in words ------------------------------------------------------------

# The problems refusing a suspended or banned pseudonym, and the word for each.
SANCTION_PROBLEMS = {"pseudonym-suspended": "suspended", "pseudonym-banned": "banned"}


def duration_words(seconds: int) -> str:
    """``seconds`` in the largest units read at a glance, rounded up: never sooner than meant."""
    seconds = max(1, math.ceil(seconds))
    minutes = math.ceil(seconds / 60)
    if seconds < 60:
        return _counted(seconds, "second")
    if minutes < 60:
        return _counted(minutes, "minute")
    if minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        return _counted(hours, "hour") + (f" {_counted(rest, 'minute')}" if rest else "")
    return _counted(math.ceil(seconds / 86400), "day")


def _counted(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def moment_words(moment: datetime, now: datetime | None = None) -> str:
    """``moment`` in UTC to the minute, "9 Dec 2026 14:05 UTC"; "14:05 UTC" on ``now``'s day."""
    moment = moment.astimezone(UTC)
    if now is None or moment.date() != now.astimezone(UTC).date():
        return f"{moment.day} {moment:%b %Y %H:%M} UTC"
    return f"{moment:%H:%M} UTC"


def _when(retry_after: int | None, now: datetime) -> str:
    """ "in 2 minutes (at 14:05 UTC)", the moment rounded up to the minute; "later" if unknown."""
    if retry_after is None:
        return "later"
    at = now + timedelta(seconds=retry_after)
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return f"in {duration_words(retry_after)} (at {moment_words(at, now)})"


def retry_words(attempted: str, retry_after: int | None, now: datetime) -> str:
    """A rate limit as a sentence: what was refused, and when to try again."""
    return f"Too many {attempted} for now; try again {_when(retry_after, now)}."


def slow_mode_words(pace: Any, retry_after: int | None, now: datetime) -> str:
    """A case's slow mode as a sentence; ``pace`` is its seconds between posts, if known."""
    known = f" (one post per {per_words(pace)})" if isinstance(pace, int) and pace > 0 else ""
    return f"This case is in slow mode{known}; try again {_when(retry_after, now)}."


def per_words(seconds: int) -> str:
    """The period of a pace: "minute", "10 minutes", "1 hour 30 minutes"."""
    words = duration_words(seconds)
    number, _, unit = words.partition(" ")
    return unit if number == "1" and " " not in unit else words


def sanction_words(code: str, members: dict[str, Any]) -> str:
    """A suspension or a ban refusing the pseudonym: which, until when, and how to appeal."""
    kind = SANCTION_PROBLEMS[code]
    ends = _parsed_time(members.get("ends"))
    until = f" until {moment_words(ends)}" if ends else ""
    entry = members.get("log_entry")
    if not isinstance(entry, int):
        return f"Your pseudonym is {kind}{until}."
    return (
        f"Your pseudonym is {kind}{until} (mod log entry {entry});"
        f" you can appeal with `casecrowd appeal {entry}`."
    )


def _parsed_time(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment

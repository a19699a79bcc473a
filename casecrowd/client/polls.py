"""Polls from the physician's side: asking, voting, and recounting a tally offline.

The forum's tally is a claim; the signed votes are the evidence. :func:`recount`
counts only ``poll.vote`` envelopes whose proof checks against the issuer keys
the reader trusts, that name this poll, that were signed before it closed and
that choose options the poll has; of several from one key, the latest signed
(``created``, then envelope id, as the forum decides) counts. The poll itself is
checked against its signed ``poll.create`` (:func:`check_poll`), so a question
or options the forum changed after the fact are caught too.

Limits: the forum can withhold votes (a recount of what it serves then matches
a tally it shrank consistently); it cannot add, alter or replay one unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from casecrowd.client.errors import ClientError, ExitCode
from casecrowd.client.forum import Forum
from casecrowd.client.verify import Verification
from casecrowd.crypto import envelope
from casecrowd.crypto.errors import CryptoError
from casecrowd.protocol.votes import signed_order

POLLS_PATH = "/api/v1/polls"
# The members of a poll.create that the forum's poll must show as signed.
SIGNED_POLL_MEMBERS = ("case_id", "question", "options", "multiple", "closes")
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

Check = Callable[[dict[str, Any]], Verification]


def poll(forum: Forum, poll_id: int) -> dict[str, Any]:
    return forum.get(f"{POLLS_PATH}/{poll_id}")


def poll_votes(forum: Forum, poll_id: int) -> dict[str, Any]:
    """The counting vote of each pseudonym with its proof (refused until one may see results)."""
    return forum.get(f"{POLLS_PATH}/{poll_id}/votes")


def closing_time(closes: str | None, closes_in: str | None, now: datetime) -> str | None:
    """The ``closes`` member to sign: an RFC 3339 UTC time given, or now plus "3d", "12h"..."""
    if closes is not None and closes_in is not None:
        raise ClientError("give --closes or --closes-in, not both", exit_code=ExitCode.USAGE)
    if closes is not None:
        try:
            moment = envelope.parse_created(closes)
        except CryptoError:
            raise ClientError(
                "--closes takes an RFC 3339 UTC time such as 2026-12-31T12:00:00Z",
                exit_code=ExitCode.USAGE,
            ) from None
        return envelope.format_created(moment)
    if closes_in is not None:
        match = _DURATION.match(closes_in)
        if match is None or int(match.group(1)) == 0:
            raise ClientError(
                "--closes-in takes a whole number of minutes, hours, days or weeks: 90m, 12h,"
                " 3d, 2w",
                exit_code=ExitCode.USAGE,
            )
        delta = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        return envelope.format_created(now.replace(microsecond=0) + delta)
    return None


def _moment(value: Any) -> datetime | None:
    try:
        return envelope.parse_created(value)
    except CryptoError:
        return None


def _same(name: str, served: Any, signed: Any) -> bool:
    if name == "closes" and served is not None and signed is not None:
        return _moment(served) is not None and _moment(served) == _moment(signed)
    return served == signed


def check_poll(
    served: dict[str, Any], proof: dict[str, Any], check: Check
) -> tuple[list[str], dict[str, Any] | None]:
    """(what is wrong with the poll the forum shows, the signed poll.create's members).

    The members are None when the proof cannot be used.
    """
    verification = check(proof)
    signed = verification.signed
    if not verification.valid or signed is None:
        return ["the poll's own proof does not verify"], None
    if signed.get("kind") != "poll.create":
        return ["the poll's proof is not a poll.create"], None
    signed = {"multiple": False, "closes": None, **signed}
    problems = [
        f"the forum shows {name} other than the signed poll's"
        for name in SIGNED_POLL_MEMBERS
        if not _same(name, served.get(name), signed.get(name))
    ]
    return problems, signed


@dataclass
class Recount:
    """A tally counted from signed votes, and how it compares with the forum's."""

    poll_id: int
    tally: list[int]
    voters: int
    served_tally: list[int] | None
    served_voters: int | None
    counted: int = 0
    rejected: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return (
            not self.problems
            and self.tally == self.served_tally
            and self.voters == self.served_voters
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "poll_id": self.poll_id,
            "matches": self.matches,
            "tally": self.tally,
            "voters": self.voters,
            "served_tally": self.served_tally,
            "served_voters": self.served_voters,
            "signed_votes": self.counted,
            "rejected": self.rejected,
            "problems": self.problems,
        }


def _choices_error(choices: Any, options: int, multiple: bool) -> str | None:
    if not isinstance(choices, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) for c in choices
    ):
        return "its choices are not option numbers"
    if len(set(choices)) != len(choices) or any(not 1 <= c <= options for c in choices):
        return "it chooses options the poll does not have"
    if not multiple and len(choices) > 1:
        return "it chooses several options in a single-choice poll"
    return None


def _rejection(signed: dict[str, Any] | None, poll_id: int, rules: dict[str, Any]) -> str | None:
    """Why a verified envelope does not count as a vote in the poll (None: it counts)."""
    if signed is None:
        return "its proof does not verify"
    if signed.get("kind") != "poll.vote" or signed.get("poll_id") != poll_id:
        return "it is not a vote in this poll"
    created, closes = _moment(signed.get("created")), _moment(rules.get("closes"))
    if created is None:
        return "its signing time cannot be read"
    if closes is not None and created >= closes:
        return "it was signed after the poll closed"
    return _choices_error(signed.get("choices"), len(rules["options"]), bool(rules["multiple"]))


def recount(
    poll: dict[str, Any], votes: dict[str, Any], check: Check, poll_proof: dict[str, Any]
) -> Recount:
    """Count ``votes`` (GET /polls/{id}/votes) from their proofs and compare with the forum.

    The poll's rules (options, single or multiple, closing time) are the signed
    ones when its own proof checks, else the forum's (the mismatch is reported).
    """
    problems, signed_poll = check_poll(poll, poll_proof, check)
    rules = signed_poll or poll
    latest: dict[bytes, dict[str, Any]] = {}
    rejected: list[str] = []
    items = votes.get("votes") or []
    for number, item in enumerate(items, start=1):
        proof = item.get("proof") if isinstance(item, dict) else None
        verification = check(proof) if isinstance(proof, dict) else None
        signed = verification.signed if verification and verification.valid else None
        reason = _rejection(signed, poll["id"], rules)
        if reason is not None:
            rejected.append(f"vote {number} does not count: {reason}")
            continue
        key = verification.author_key
        if key not in latest or signed_order(signed) > signed_order(latest[key]):
            latest[key] = signed
    tally = [0] * len(rules["options"])
    for signed in latest.values():
        for choice in signed["choices"]:
            tally[choice - 1] += 1
    served_tally = votes.get("tally")
    if poll.get("tally") is not None and poll["tally"] != served_tally:
        problems.append("the poll's tally differs from the tally served with its votes")
    return Recount(
        poll_id=poll["id"],
        tally=tally,
        voters=sum(1 for signed in latest.values() if signed["choices"]),
        served_tally=served_tally,
        served_voters=votes.get("voters"),
        counted=len(latest),
        rejected=rejected,
        problems=problems,
    )

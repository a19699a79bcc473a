"""Polls on cases: asked by the case's author, one counting vote per pseudonym, tallies
hidden until one votes.

Rules a physician relies on:

* only the case's author asks a poll, on a case that is open to writing
  (visible to them and not locked); its question and options are screened for
  PHI like any post;
* a vote names option numbers (1 for the first): exactly one in a
  single-choice poll, one or more in a multiple-choice one, none to withdraw.
  The latest *signed* vote of each pseudonym counts, ``(created, envelope
  id)`` deciding as for answer votes, so a replayed older vote changes nothing;
* no vote is taken once the poll is closed: signed at or after ``closes``,
  or arriving when the server's clock is past it;
* the tally, and the signed votes behind it, are shown only to a member whose
  current vote is not empty, or to everyone once the poll closes: seeing how
  others voted must not sway one's own vote. The number of voters is always
  shown; it says nothing about what they chose;
* a poll on a case hidden by moderation is hidden like the case: its
  author's alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import Case, Poll, PollVote
from casecrowd.forum.service.base import (
    Submission,
    handles,
    keep_latest_signed,
    result,
    screen,
    touch,
)
from casecrowd.forum.service.cases import own_case
from casecrowd.forum.service.moderation_state import require_open, require_visible
from casecrowd.forum.service.poll_visibility import is_closed, results_visible
from casecrowd.forum.service.proofs import counting_proofs
from casecrowd.problems import raises


def tally_of(poll: Poll, votes: Iterable[PollVote]) -> list[int]:
    """Votes per option, in the options' order; a withdrawn vote counts for none."""
    counts = [0] * len(poll.options)
    for vote in votes:
        for choice in vote.choices:
            if isinstance(choice, int) and 1 <= choice <= len(counts):
                counts[choice - 1] += 1
    return counts


def _votes_by_poll(poll_ids: list[int]) -> dict[int, list[PollVote]]:
    found: dict[int, list[PollVote]] = defaultdict(list)
    if poll_ids:
        statement = select(PollVote).where(PollVote.poll_id.in_(poll_ids)).order_by(PollVote.id)
        for vote in db.session.scalars(statement):
            found[vote.poll_id].append(vote)
    return found


def poll_body(poll: Poll, votes: list[PollVote], viewer_id: int, now: datetime) -> dict[str, Any]:
    """The poll as ``viewer_id`` sees it (:class:`casecrowd.forum.schemas.polls.PollSchema`)."""
    mine = next((vote.choices for vote in votes if vote.pseudonym_id == viewer_id), [])
    visible = results_visible(poll, votes, viewer_id, now)
    return {
        "id": poll.id,
        "case_id": poll.case_id,
        "question": poll.question,
        "options": poll.options,
        "multiple": poll.multiple,
        "closes": poll.closes,
        "closed": is_closed(poll, now),
        "created": poll.created,
        "proof_id": poll.envelope_id,
        "voters": sum(1 for vote in votes if vote.choices),
        "your_choices": sorted(mine),
        "results_visible": visible,
        "tally": tally_of(poll, votes) if visible else None,
    }


def case_polls(case_id: int, viewer_id: int) -> list[dict[str, Any]]:
    """The case's polls as ``viewer_id`` sees them, oldest first.

    The caller has checked that the viewer may see the case.
    """
    polls = list(db.session.scalars(select(Poll).where(Poll.case_id == case_id).order_by(Poll.id)))
    if not polls:
        return []
    votes = _votes_by_poll([poll.id for poll in polls])
    now = utcnow()
    return [poll_body(poll, votes[poll.id], viewer_id, now) for poll in polls]


@raises(errors.PollNotFound)
def poll_or_404(poll_id: int) -> Poll:
    poll = db.session.get(Poll, poll_id)
    if poll is None:
        raise errors.PollNotFound("No poll has this id.")
    return poll


@raises(poll_or_404, require_visible)
def visible_poll(poll_id: int, viewer_id: int) -> Poll:
    """The poll, unless its case is hidden by moderation from ``viewer_id``."""
    poll = poll_or_404(poll_id)
    require_visible(viewer_id, db.session.get(Case, poll.case_id))
    return poll


@raises(visible_poll)
def poll_detail(poll_id: int, viewer_id: int) -> dict[str, Any]:
    poll = visible_poll(poll_id, viewer_id)
    return poll_body(poll, _votes_by_poll([poll.id])[poll.id], viewer_id, utcnow())


@raises(visible_poll, errors.PollResultsHidden)
def poll_votes(poll_id: int, viewer_id: int) -> dict[str, Any]:
    """The vote that counts for each pseudonym, with its proof: a recount needs nothing else.

    Refused while the viewer may not see the results: the signed votes are the results.
    """
    poll = visible_poll(poll_id, viewer_id)
    votes = _votes_by_poll([poll.id])[poll.id]
    if not results_visible(poll, votes, viewer_id, utcnow()):
        raise errors.PollResultsHidden(
            "The results and the votes behind them show once you vote or the poll closes."
        )
    proofs = counting_proofs([vote.envelope_id for vote in votes])
    return {
        "poll_id": poll.id,
        "tally": tally_of(poll, votes),
        "voters": sum(1 for vote in votes if vote.choices),
        "votes": [
            {"choices": vote.choices, "proof": proof}
            for vote, proof in zip(votes, proofs, strict=True)
        ],
    }


@handles("poll.create")
@raises(own_case, require_open, errors.PollClosingTimeInvalid, screen)
def create_poll(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    case = own_case(sub, fields["case_id"], "ask a poll on it")
    require_open(sub.pseudonym.id, case)
    closes = fields.get("closes")
    if closes is not None and (closes <= sub.created or closes <= utcnow()):
        raise errors.PollClosingTimeInvalid(
            "The closing time must be later than the poll's signed creation time and than now."
        )
    screen(sub)
    poll = Poll(
        case_id=case.id,
        pseudonym_id=sub.pseudonym.id,
        envelope_id=sub.row.id,
        question=fields["question"],
        options=fields["options"],
        multiple=fields["multiple"],
        closes=closes,
        created=sub.created,
    )
    db.session.add(poll)
    db.session.flush()
    touch(Case, case.id, sub.created)
    return result(sub, case_id=case.id, poll_id=poll.id), 201


@raises(errors.PollChoiceInvalid)
def check_choices(poll: Poll, choices: list[int]) -> None:
    """Every choice names an option; a single-choice poll takes one (or none, to withdraw)."""
    if any(choice > len(poll.options) for choice in choices):
        raise errors.PollChoiceInvalid(f"This poll has options 1 to {len(poll.options)}.")
    if not poll.multiple and len(choices) > 1:
        raise errors.PollChoiceInvalid("This poll takes one choice per vote.")


@handles("poll.vote")
@raises(poll_or_404, require_visible, errors.PollClosed, check_choices)
def vote_in_poll(sub: Submission) -> tuple[dict[str, Any], int]:
    poll = poll_or_404(sub.fields["poll_id"])
    require_visible(sub.pseudonym.id, db.session.get(Case, poll.case_id))
    if poll.closes is not None and (sub.created >= poll.closes or is_closed(poll, utcnow())):
        raise errors.PollClosed("The poll closed; it takes no more votes.")
    choices = sorted(sub.fields["choices"])
    check_choices(poll, choices)
    match = {"poll_id": poll.id, "pseudonym_id": sub.pseudonym.id}
    counted, _ = keep_latest_signed(PollVote, match, {"choices": choices}, sub)
    return result(sub, poll_id=poll.id, choices=choices, counted=counted), 200

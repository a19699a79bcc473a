"""Who may see a poll's results, and so which poll envelopes a reader may fetch as proofs.

The results of a poll are its signed votes as much as its tally: a reader who
could fetch other members' ``poll.vote`` envelopes by proof id would see how
they voted before voting. So until the poll closes, a member whose current
vote chooses nothing reads no one else's vote envelope, whichever vote of
theirs it is (the counting one or an older one). A poll on a case hidden by
moderation is, like the case, its author's alone: its ``poll.create`` and its
votes are withheld from everyone else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.models import Poll, PollVote, SignedEnvelope
from casecrowd.forum.service.moderation_state import states

POLL_KINDS = ("poll.create", "poll.vote")


def is_closed(poll: Poll, now: datetime) -> bool:
    return poll.closes is not None and now >= poll.closes


def results_visible(poll: Poll, votes: Iterable[PollVote], viewer_id: int, now: datetime) -> bool:
    """Once the poll closes, or while the viewer's own vote chooses something."""
    return is_closed(poll, now) or any(v.pseudonym_id == viewer_id and v.choices for v in votes)


def _poll_id(row: SignedEnvelope) -> int | None:
    # A stored poll envelope was applied (a refused one is rolled back), so its
    # recorded response names its poll.
    body = row.response_body if isinstance(row.response_body, dict) else {}
    poll_id = body.get("poll_id")
    return poll_id if isinstance(poll_id, int) else None


def withheld(rows: Iterable[SignedEnvelope], viewer_id: int) -> set[int]:
    """The ids among ``rows`` (others' envelopes) of poll envelopes ``viewer_id`` may not read."""
    rows = list(rows)
    polled = {row.id: _poll_id(row) for row in rows if row.kind in POLL_KINDS}
    polled = {envelope_id: poll_id for envelope_id, poll_id in polled.items() if poll_id}
    if not polled:
        return set()
    polls = {
        poll.id: poll
        for poll in db.session.scalars(select(Poll).where(Poll.id.in_(set(polled.values()))))
    }
    found = states(("case", poll.case_id) for poll in polls.values())
    hidden_cases = {
        case_id
        for (_, case_id), state in found.items()
        if state.hidden and state.author_id != viewer_id
    }
    statement = select(PollVote.poll_id, PollVote.choices).where(
        PollVote.pseudonym_id == viewer_id, PollVote.poll_id.in_(list(polls))
    )
    mine = dict(db.session.execute(statement).all())
    now = utcnow()
    kinds = {row.id: row.kind for row in rows}

    def refused(envelope_id: int, poll: Poll) -> bool:
        if poll.case_id in hidden_cases:
            return True
        results_hidden = not (is_closed(poll, now) or mine.get(poll.id))
        return kinds[envelope_id] == "poll.vote" and results_hidden

    return {
        envelope_id
        for envelope_id, poll_id in polled.items()
        if poll_id in polls and refused(envelope_id, polls[poll_id])
    }

"""Polls: one poll as you see it, and the signed votes behind its tally.

Polls are asked and voted on through signed envelopes (``poll.create``,
``poll.vote``, POST /api/v1/envelopes); a case's polls are also listed in
its detail.
"""

from __future__ import annotations

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.polls import PollSchema, PollVotesSchema
from casecrowd.forum.service import polls
from casecrowd.forum.views.common import ForumBlueprint, current_pseudonym

blp = ForumBlueprint("forum_polls", __name__, url_prefix="/api/v1", description="Polls")


@blp.get("/polls/<int:poll_id>")
@blp.session_route
@blp.response(200, PollSchema)
@documents_errors(polls.poll_detail)
def show_poll(poll_id):
    """A poll, with its tally once you have voted or it has closed.

    `voters` is always shown; `tally` is null while `results_visible` is
    false. A poll on a case hidden by moderation is its author's alone.
    """
    return polls.poll_detail(poll_id, current_pseudonym().id)


@blp.get("/polls/<int:poll_id>/votes")
@blp.session_route
@blp.response(200, PollVotesSchema)
@documents_errors(polls.poll_votes)
def poll_votes(poll_id):
    """The vote that counts for each pseudonym, signed; recounting them gives the tally.

    Refused, like the tally, until you have voted or the poll has closed.
    `casecrowd verify --poll POLL_ID` recounts them offline.
    """
    return polls.poll_votes(poll_id, current_pseudonym().id)

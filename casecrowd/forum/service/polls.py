"""Polls on cases: creation by the case's author, votes, tallies hidden until one votes."""

from __future__ import annotations

from typing import Any

from casecrowd.forum import errors
from casecrowd.forum.service.base import Submission, handles
from casecrowd.problems import raises


def case_polls(case_id: int, viewer_id: int) -> list[dict[str, Any]]:
    """The case's polls as ``viewer_id`` may see them."""
    return []


@handles("poll.create")
@raises(errors.CaseNotFound, errors.NotAuthor)
def create_poll(sub: Submission) -> tuple[dict[str, Any], int]:
    raise NotImplementedError


@handles("poll.vote")
@raises(errors.PollNotFound, errors.PollClosed, errors.PollChoiceInvalid)
def vote_in_poll(sub: Submission) -> tuple[dict[str, Any], int]:
    raise NotImplementedError

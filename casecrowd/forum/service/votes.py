"""Votes: +1 / -1 / 0 per pseudonym per case or answer; the latest signed vote counts.

The vote row, the target's score and the reputation of the target's author
and of the voter change in the same transaction, each by ``x = x + delta``
in SQL, so the score always equals the sum of the stored votes, and each
reputation its recount, however many workers count at once. A hidden post
takes no votes: only its author can see it, and authors do not vote on their own.
Nor does an answer that a blind case still hides from the voter: a vote is
a judgement of the answer, which waits until the voter has answered too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import Answer, Case, Discussion, Vote
from casecrowd.forum.service import blind
from casecrowd.forum.service.base import (
    Submission,
    get_or_404,
    handles,
    keep_latest_signed,
    result,
)
from casecrowd.forum.service.moderation_state import require_visible
from casecrowd.forum.service.reputation import (
    apply_deltas,
    require_privilege,
    vote_delta,
    vote_privilege,
)
from casecrowd.problems import raises

TARGETS: dict[str, type] = {"case": Case, "answer": Answer, "discussion": Discussion}


@raises(errors.CaseNotFound, errors.AnswerNotFound, errors.DiscussionNotFound)
def target_of(kind: str, target_id: int) -> Any:
    return get_or_404(TARGETS[kind], target_id)


@handles("vote")
@raises(target_of, errors.SelfVote, require_visible, blind.require_unblind, require_privilege)
def cast_vote(sub: Submission) -> tuple[dict[str, Any], int]:
    kind, target_id, value = sub.fields["target"], sub.fields["target_id"], sub.fields["value"]
    target = target_of(kind, target_id)
    if target.pseudonym_id == sub.pseudonym.id:
        raise errors.SelfVote(f"You cannot vote on your own {kind}.")
    require_visible(sub.pseudonym.id, target)
    if kind == "answer":
        blind.require_unblind(sub.pseudonym.id, target)
    match = {"pseudonym_id": sub.pseudonym.id, "target_kind": kind, "target_id": target_id}
    counted, previous = keep_latest_signed(Vote, match, {"value": value}, sub)
    old_value = previous["value"] if previous else 0
    if counted:
        # A vote that does not count changes nothing, so it needs no privilege.
        # A refusal rolls back the vote row with the rest of the envelope.
        privilege = vote_privilege(value)
        if privilege is not None:
            require_privilege(sub.pseudonym, privilege)
        _count(kind, target, sub.pseudonym.id, old_value, value)
    return result(sub, target=kind, target_id=target_id, value=value, counted=counted), 200


def _count(kind: str, target: Any, voter_id: int, old_value: int, new_value: int) -> None:
    """Move the target's score and both parties' reputation from ``old_value`` to ``new_value``."""
    if new_value == old_value:
        return
    model = TARGETS[kind]
    statement = (
        update(model)
        .where(model.id == target.id)
        .values(score=model.score + (new_value - old_value))
    )
    db.session.execute(statement.execution_options(synchronize_session=False))
    delta = vote_delta(kind, old_value, new_value)
    apply_deltas(db.session, {target.pseudonym_id: delta["author"], voter_id: delta["voter"]})

"""Votes: +1 / -1 / 0 per pseudonym per case or answer; the latest signed vote counts.

The vote row and the target's score change in the same transaction, the
score by ``score = score + delta`` in SQL, so the score always equals the
sum of the stored votes however many workers count at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import Answer, Case, Vote
from casecrowd.forum.service.envelopes import Submission, result
from casecrowd.forum.sql import insert_or_ignore

TARGETS: dict[str, type] = {"case": Case, "answer": Answer}
TARGET_ERRORS = {"case": errors.CaseNotFound, "answer": errors.AnswerNotFound}


def target_of(kind: str, target_id: int) -> Any:
    target = db.session.get(TARGETS[kind], target_id)
    if target is None:
        raise TARGET_ERRORS[kind](f"No {kind} has this id.")
    return target


def cast_vote(sub: Submission) -> tuple[dict[str, Any], int]:
    kind, target_id, value = sub.fields["target"], sub.fields["target_id"], sub.fields["value"]
    target = target_of(kind, target_id)
    if target.pseudonym_id == sub.pseudonym.id:
        raise errors.SelfVote(f"You cannot vote on your own {kind}.")
    client_id = sub.row.client_id
    inserted = insert_or_ignore(
        Vote,
        {
            "pseudonym_id": sub.pseudonym.id,
            "target_kind": kind,
            "target_id": target_id,
            "value": value,
            "created": sub.created,
            "client_id": client_id,
            "envelope_id": sub.row.id,
        },
        ["pseudonym_id", "target_kind", "target_id"],
    )
    if inserted:
        delta, counted = value, True
    else:
        vote = db.session.scalars(
            select(Vote)
            .where(
                Vote.pseudonym_id == sub.pseudonym.id,
                Vote.target_kind == kind,
                Vote.target_id == target_id,
            )
            .with_for_update()
        ).one()
        # "Latest" is the signed time; the envelope id breaks ties so that the
        # outcome never depends on which of two envelopes arrived first.
        counted = (sub.created, client_id) > (vote.created, vote.client_id)
        delta = value - vote.value if counted else 0
        if counted:
            vote.value, vote.created = value, sub.created
            vote.client_id, vote.envelope_id = client_id, sub.row.id
    if delta:
        model = TARGETS[kind]
        statement = update(model).where(model.id == target_id).values(score=model.score + delta)
        db.session.execute(statement.execution_options(synchronize_session=False))
    return result(sub, target=kind, target_id=target_id, value=value, counted=counted), 200

"""Cases: create, edit (every revision kept), accept an answer, record the outcome.

Accepting moves reputation (``casecrowd.forum.service.reputation.accept_delta``) in
the same transaction: accepting another answer moves the bonus to its author.
A locked case takes no edit, though its author may still accept an answer
and record the outcome; an answer hidden from the author cannot be accepted.
A withdrawn case takes no edit or outcome (its author may still accept an
answer), and a withdrawn answer cannot be accepted; one accepted before its
withdrawal stays accepted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import Answer, Case, CaseRevision, CaseTag
from casecrowd.forum.service import accuracy, blind, diagnoses
from casecrowd.forum.service.base import (
    Submission,
    add_revision,
    get_or_404,
    handles,
    result,
    screen,
    touch,
)
from casecrowd.forum.service.moderation_state import require_open, require_visible
from casecrowd.forum.service.reputation import accept_delta, apply_deltas
from casecrowd.forum.service.withdrawals import require_not_withdrawn
from casecrowd.problems import raises
from casecrowd.protocol.cases import CASE_FIELDS

# The case fields stored in the case's own columns; its tags have a table of their own.
COLUMN_FIELDS = tuple(name for name in CASE_FIELDS if name != "tags")


def case_snapshot(case: Case, tags: list[str]) -> dict[str, Any]:
    snapshot = {name: getattr(case, name) for name in COLUMN_FIELDS}
    snapshot["tags"] = sorted(tags)
    return snapshot


def tags_of(case_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(CaseTag.tag).where(CaseTag.case_id == case_id).order_by(CaseTag.tag)
        )
    )


@raises(errors.CaseNotFound, errors.NotAuthor, require_not_withdrawn)
def own_case(sub: Submission, case_id: int, action: str, *, text: bool = True) -> Case:
    """The case, row-locked until commit, if the envelope's author wrote it.

    ``text``: the action writes the case's text, which a withdrawn case no longer takes.
    """
    case = get_or_404(Case, case_id, for_update=True)
    if case.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor(f"Only the case's author may {action}.")
    if text:
        require_not_withdrawn("case", case.id)
    return case


@handles("case.create")
@raises(screen)
def create_case(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    acknowledged = screen(sub)
    case = Case(
        pseudonym_id=sub.pseudonym.id,
        envelope_id=sub.row.id,
        **{name: fields[name] for name in COLUMN_FIELDS},
        status="open",
        blind=blind.blind_on_create(fields),
        revision=1,
        score=0,
        answer_count=0,
        comment_count=0,
        created=sub.created,
        last_activity=sub.created,
    )
    db.session.add(case)
    db.session.flush()
    db.session.add_all(CaseTag(case_id=case.id, tag=tag) for tag in fields["tags"])
    snapshot = case_snapshot(case, fields["tags"])
    add_revision(sub, CaseRevision, 1, snapshot, acknowledged, case_id=case.id)
    return result(sub, case_id=case.id, revision=1), 201


@handles("case.edit")
@raises(own_case, require_open, screen)
def edit_case(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    case = own_case(sub, fields["case_id"], "edit it")
    require_open(sub.pseudonym.id, case)
    acknowledged = screen(sub)
    for name in COLUMN_FIELDS:
        if name in fields:
            setattr(case, name, fields[name])
    tags = fields.get("tags")
    if tags is not None:
        db.session.execute(delete(CaseTag).where(CaseTag.case_id == case.id))
        db.session.add_all(CaseTag(case_id=case.id, tag=tag) for tag in tags)
    else:
        tags = tags_of(case.id)
    case.revision += 1
    snapshot = case_snapshot(case, tags)
    add_revision(sub, CaseRevision, case.revision, snapshot, acknowledged, case_id=case.id)
    db.session.flush()
    touch(Case, case.id, sub.created)
    return result(sub, case_id=case.id, revision=case.revision), 200


@handles("answer.accept")
@raises(errors.AnswerNotFound, own_case, require_visible, require_not_withdrawn)
def accept_answer(sub: Submission) -> tuple[dict[str, Any], int]:
    answer = get_or_404(Answer, sub.fields["answer_id"])
    case = own_case(sub, answer.case_id, "accept an answer", text=False)
    require_visible(sub.pseudonym.id, answer)
    require_not_withdrawn("answer", answer.id)
    # The case row is locked, so the previous acceptance read here is the one
    # whose bonus moves: concurrent acceptances cannot both reverse it.
    previous = db.session.get(Answer, case.accepted_answer_id) if case.accepted_answer_id else None
    apply_deltas(
        db.session,
        accept_delta(
            case.pseudonym_id,
            previous.pseudonym_id if previous is not None else None,
            answer.pseudonym_id,
        ),
    )
    case.accepted_answer_id = answer.id
    case.accept_envelope_id = sub.row.id
    case.status = "solved"
    db.session.flush()
    touch(Case, case.id, sub.created)
    return result(sub, case_id=case.id, answer_id=answer.id), 200


@handles("case.outcome")
@raises(own_case, diagnoses.check_codes, screen)
def record_outcome(sub: Submission) -> tuple[dict[str, Any], int]:
    case = own_case(sub, sub.fields["case_id"], "record its outcome")
    final = sub.fields.get("final_diagnosis")
    diagnoses.check_codes([final] if final else [])
    acknowledged = screen(sub)
    case.outcome = sub.fields["outcome"]
    # The latest signed outcome is what the case says, as for its text.
    case.final_diagnosis = final
    case.outcome_phi_acknowledged = acknowledged
    case.outcome_envelope_id = sub.row.id
    case.status = "solved"
    db.session.flush()
    accuracy.score_case(case)
    touch(Case, case.id, sub.created)
    return result(sub, case_id=case.id), 200

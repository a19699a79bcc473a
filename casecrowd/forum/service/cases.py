"""Cases: create, edit (every revision kept), accept an answer, record the outcome.

Accepting moves reputation (``casecrowd.forum.reputation.accept_delta``) in
the same transaction: accepting another answer moves the bonus to its author.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import delete, select, update

from casecrowd.db import db
from casecrowd.forum import errors, phi_guard
from casecrowd.forum.models import Answer, Case, CaseRevision, CaseTag
from casecrowd.forum.reputation import accept_delta, apply_deltas
from casecrowd.forum.schemas.kinds import CASE_FIELDS
from casecrowd.forum.service.envelopes import Submission, result
from casecrowd.problems import raises

SCREENED_CASE_FIELDS = (
    "title",
    "presentation",
    "history",
    "examination",
    "investigations",
    "question",
)


def case_snapshot(case: Case, tags: list[str]) -> dict[str, Any]:
    snapshot = {name: getattr(case, name) for name in CASE_FIELDS if name != "tags"}
    snapshot["tags"] = sorted(tags)
    return snapshot


def tags_of(case_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(CaseTag.tag).where(CaseTag.case_id == case_id).order_by(CaseTag.tag)
        )
    )


@raises(errors.CaseNotFound)
def locked_case(case_id: int) -> Case:
    """The case, row-locked until commit (PostgreSQL), so concurrent changes serialise."""
    found = db.session.scalars(select(Case).where(Case.id == case_id).with_for_update()).first()
    if found is None:
        raise errors.CaseNotFound("No case has this id.")
    return found


def touch(model: type, target_id: int, moment: datetime, **increments: int) -> None:
    """Move ``last_activity`` forward (never back) and bump counters, in one UPDATE."""
    values: dict[str, Any] = {
        name: getattr(model, name) + amount for name, amount in increments.items()
    }
    if hasattr(model, "last_activity"):
        column = model.last_activity
        values["last_activity"] = sql_case((column < moment, moment), else_=column)
    statement = update(model).where(model.id == target_id).values(**values)
    db.session.execute(statement.execution_options(synchronize_session=False))


@raises(phi_guard.screen)
def create_case(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    acknowledged = phi_guard.screen(
        {name: fields[name] for name in SCREENED_CASE_FIELDS}, fields["phi_ack"]
    )
    case = Case(
        pseudonym_id=sub.pseudonym.id,
        envelope_id=sub.row.id,
        **{name: fields[name] for name in CASE_FIELDS if name != "tags"},
        status="open",
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
    db.session.add(
        CaseRevision(
            case_id=case.id,
            number=1,
            envelope_id=sub.row.id,
            created=sub.created,
            fields=case_snapshot(case, fields["tags"]),
            phi_acknowledged=acknowledged,
        )
    )
    return result(sub, case_id=case.id, revision=1), 201


@raises(locked_case, errors.NotAuthor, phi_guard.screen)
def edit_case(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    case = locked_case(fields["case_id"])
    if case.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor("Only the case's author may edit it.")
    screened = {name: fields[name] for name in SCREENED_CASE_FIELDS if name in fields}
    acknowledged = phi_guard.screen(screened, fields["phi_ack"])
    for name in CASE_FIELDS:
        if name in fields and name != "tags":
            setattr(case, name, fields[name])
    tags = fields.get("tags")
    if tags is not None:
        db.session.execute(delete(CaseTag).where(CaseTag.case_id == case.id))
        db.session.add_all(CaseTag(case_id=case.id, tag=tag) for tag in tags)
    else:
        tags = tags_of(case.id)
    case.revision += 1
    db.session.add(
        CaseRevision(
            case_id=case.id,
            number=case.revision,
            envelope_id=sub.row.id,
            created=sub.created,
            fields=case_snapshot(case, tags),
            phi_acknowledged=acknowledged,
        )
    )
    db.session.flush()
    touch(Case, case.id, sub.created)
    return result(sub, case_id=case.id, revision=case.revision), 200


@raises(errors.AnswerNotFound, locked_case, errors.NotAuthor)
def accept_answer(sub: Submission) -> tuple[dict[str, Any], int]:
    answer = db.session.get(Answer, sub.fields["answer_id"])
    if answer is None:
        raise errors.AnswerNotFound("No answer has this id.")
    case = locked_case(answer.case_id)
    if case.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor("Only the case's author may accept an answer.")
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


@raises(locked_case, errors.NotAuthor, phi_guard.screen)
def record_outcome(sub: Submission) -> tuple[dict[str, Any], int]:
    case = locked_case(sub.fields["case_id"])
    if case.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor("Only the case's author may record its outcome.")
    acknowledged = phi_guard.screen({"outcome": sub.fields["outcome"]}, sub.fields["phi_ack"])
    case.outcome = sub.fields["outcome"]
    case.outcome_phi_acknowledged = acknowledged
    case.outcome_envelope_id = sub.row.id
    case.status = "solved"
    db.session.flush()
    touch(Case, case.id, sub.created)
    return result(sub, case_id=case.id), 200

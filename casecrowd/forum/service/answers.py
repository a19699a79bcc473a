"""Answers (with a ranked differential), their edits, and comments.

Commenting on other members' posts is a privilege (``forum.privileges.comment``);
one's own case, one's own answers and the answers to one's own case are
always open to one's comments.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum import errors, phi_guard
from casecrowd.forum.models import Answer, AnswerRevision, Case, Comment
from casecrowd.forum.reputation import require_privilege
from casecrowd.forum.service.cases import touch
from casecrowd.forum.service.envelopes import Submission, result
from casecrowd.problems import raises


def _texts(body: str | None, differential: list[dict[str, str]] | None) -> dict[str, str]:
    texts = {} if body is None else {"body": body}
    for rank, item in enumerate(differential or [], start=1):
        texts[f"differential.{rank}.diagnosis"] = item["diagnosis"]
        texts[f"differential.{rank}.note"] = item["note"]
    return texts


def _existing_case(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise errors.CaseNotFound("No case has this id.")
    return case


def _existing_answer(answer_id: int) -> Answer:
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        raise errors.AnswerNotFound("No answer has this id.")
    return answer


@raises(errors.CaseNotFound, phi_guard.screen)
def create_answer(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    case = _existing_case(fields["case_id"])
    acknowledged = phi_guard.screen(
        _texts(fields["body"], fields["differential"]), fields["phi_ack"]
    )
    answer = Answer(
        case_id=case.id,
        pseudonym_id=sub.pseudonym.id,
        envelope_id=sub.row.id,
        body=fields["body"],
        differential=fields["differential"],
        revision=1,
        score=0,
        comment_count=0,
        created=sub.created,
    )
    db.session.add(answer)
    db.session.flush()
    db.session.add(
        AnswerRevision(
            answer_id=answer.id,
            number=1,
            envelope_id=sub.row.id,
            created=sub.created,
            fields={"body": answer.body, "differential": answer.differential},
            phi_acknowledged=acknowledged,
        )
    )
    touch(Case, case.id, sub.created, answer_count=1)
    return result(sub, case_id=case.id, answer_id=answer.id, revision=1), 201


@raises(errors.AnswerNotFound, errors.NotAuthor, phi_guard.screen)
def edit_answer(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    answer = db.session.scalars(
        select(Answer).where(Answer.id == fields["answer_id"]).with_for_update()
    ).first()
    if answer is None:
        raise errors.AnswerNotFound("No answer has this id.")
    if answer.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor("Only the answer's author may edit it.")
    texts = _texts(fields.get("body"), fields.get("differential"))
    acknowledged = phi_guard.screen(texts, fields["phi_ack"])
    if "body" in fields:
        answer.body = fields["body"]
    if "differential" in fields:
        answer.differential = fields["differential"]
    answer.revision += 1
    db.session.add(
        AnswerRevision(
            answer_id=answer.id,
            number=answer.revision,
            envelope_id=sub.row.id,
            created=sub.created,
            fields={"body": answer.body, "differential": answer.differential},
            phi_acknowledged=acknowledged,
        )
    )
    db.session.flush()
    touch(Case, answer.case_id, sub.created)
    return result(sub, case_id=answer.case_id, answer_id=answer.id, revision=answer.revision), 200


@raises(errors.CaseNotFound, errors.AnswerNotFound, require_privilege, phi_guard.screen)
def create_comment(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    answer_id = fields.get("answer_id")
    if answer_id is not None:
        answer = _existing_answer(answer_id)
        case = _existing_case(answer.case_id)
        # As on Stack Exchange, a case's author may always reply to its answers.
        own = {answer.pseudonym_id, case.pseudonym_id}
    else:
        case = _existing_case(fields["case_id"])
        own = {case.pseudonym_id}
    case_id = case.id
    if sub.pseudonym.id not in own:
        require_privilege(sub.pseudonym, "comment")
    acknowledged = phi_guard.screen({"body": fields["body"]}, fields["phi_ack"])
    comment = Comment(
        case_id=case_id,
        answer_id=answer_id,
        pseudonym_id=sub.pseudonym.id,
        envelope_id=sub.row.id,
        body=fields["body"],
        created=sub.created,
        phi_acknowledged=acknowledged,
    )
    db.session.add(comment)
    db.session.flush()
    if answer_id is not None:
        touch(Answer, answer_id, sub.created, comment_count=1)
    touch(Case, case_id, sub.created, comment_count=0 if answer_id else 1)
    members = {"case_id": case_id, "comment_id": comment.id}
    if answer_id is not None:
        members["answer_id"] = answer_id
    return result(sub, **members), 201

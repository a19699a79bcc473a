"""Answers (with a ranked differential), their edits, and comments.

Commenting on other members' posts is a privilege (``forum.privileges.comment``);
one's own case, one's own answers and the answers to one's own case are
always open to one's comments. Moderation closes them all the same: a locked
case takes no answer, comment or edit, a hidden post takes none but its
author's, and a case in slow mode counts each new answer and comment
(:mod:`casecrowd.forum.service.moderation_state`).
"""

from __future__ import annotations

from typing import Any

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import Answer, AnswerRevision, Case, Comment, Discussion
from casecrowd.forum.service import blind, diagnoses
from casecrowd.forum.service.base import (
    Submission,
    add_revision,
    get_or_404,
    handles,
    result,
    screen,
    touch,
)
from casecrowd.forum.service.moderation_state import count_post, require_open, thread_of
from casecrowd.forum.service.reputation import require_privilege
from casecrowd.forum.service.withdrawals import require_not_withdrawn
from casecrowd.problems import raises
from casecrowd.protocol.answers import ANSWER_FIELDS


def answer_snapshot(answer: Answer) -> dict[str, Any]:
    return {name: getattr(answer, name) for name in ANSWER_FIELDS}


@handles("answer.create")
@raises(
    errors.CaseNotFound,
    require_open,
    blind.require_differential,
    diagnoses.check_codes,
    screen,
    count_post,
)
def create_answer(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    case = get_or_404(Case, fields["case_id"])
    require_open(sub.pseudonym.id, case)
    blind.require_differential(case, fields["differential"])
    diagnoses.check_codes(fields["differential"])
    acknowledged = screen(sub)
    count_post(sub.pseudonym.id, ("case", case.id))
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
    diagnoses.record_entries(answer)
    add_revision(sub, AnswerRevision, 1, answer_snapshot(answer), acknowledged, answer_id=answer.id)
    touch(Case, case.id, sub.created, answer_count=1)
    return result(sub, case_id=case.id, answer_id=answer.id, revision=1), 201


@handles("answer.edit")
@raises(
    errors.AnswerNotFound,
    errors.CaseNotFound,
    errors.NotAuthor,
    require_not_withdrawn,
    require_open,
    blind.require_differential,
    diagnoses.check_codes,
    screen,
)
def edit_answer(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    answer = get_or_404(Answer, fields["answer_id"], for_update=True)
    if answer.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor("Only the answer's author may edit it.")
    require_not_withdrawn("answer", answer.id)
    require_open(sub.pseudonym.id, answer)
    if "differential" in fields:
        blind.require_differential(get_or_404(Case, answer.case_id), fields["differential"])
        diagnoses.check_codes(fields["differential"])
    acknowledged = screen(sub)
    for name in ANSWER_FIELDS:
        if name in fields:
            setattr(answer, name, fields[name])
    if "differential" in fields:
        diagnoses.record_entries(answer)
    answer.revision += 1
    snapshot = answer_snapshot(answer)
    add_revision(sub, AnswerRevision, answer.revision, snapshot, acknowledged, answer_id=answer.id)
    db.session.flush()
    touch(Case, answer.case_id, sub.created)
    return result(sub, case_id=answer.case_id, answer_id=answer.id, revision=answer.revision), 200


@handles("comment.create")
@raises(
    errors.CaseNotFound,
    errors.AnswerNotFound,
    errors.DiscussionNotFound,
    require_open,
    blind.require_unblind,
    require_privilege,
    screen,
    count_post,
)
def create_comment(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    answer_id = fields.get("answer_id")
    if answer_id is not None:
        answer = get_or_404(Answer, answer_id)
        head: Case | Discussion = get_or_404(Case, answer.case_id)
        # As on Stack Exchange, a case's author may always reply to its answers.
        own = {answer.pseudonym_id, head.pseudonym_id}
        require_open(sub.pseudonym.id, answer)
        # One cannot reply to an answer one may not read yet.
        blind.require_unblind(sub.pseudonym.id, answer)
    else:
        if "discussion_id" in fields:
            head = get_or_404(Discussion, fields["discussion_id"])
        else:
            head = get_or_404(Case, fields["case_id"])
        own = {head.pseudonym_id}
        require_open(sub.pseudonym.id, head)
    thread = thread_of(head)
    if sub.pseudonym.id not in own:
        require_privilege(sub.pseudonym, "comment")
    acknowledged = screen(sub)
    count_post(sub.pseudonym.id, thread)
    on_case = thread[0] == "case"
    comment = Comment(
        case_id=head.id if on_case else None,
        discussion_id=None if on_case else head.id,
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
    touch(type(head), head.id, sub.created, comment_count=0 if answer_id else 1)
    members = {f"{thread[0]}_id": head.id, "comment_id": comment.id}
    if answer_id is not None:
        members["answer_id"] = answer_id
    return result(sub, **members), 201

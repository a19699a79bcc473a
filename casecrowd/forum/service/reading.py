"""Reading cases, answers, comments and revisions; the summaries listings and search show.

Each post shows its moderation state. A hidden case, answer or comment is
its author's alone: anyone else gets only its id and that state, and its
revisions are refused. A purged post keeps its place, its texts emptied.
The answers of a blind case (:mod:`casecrowd.forum.service.blind`) are left
out altogether, with their comments and revisions, for a member who may not
see them yet; the case's own text and comments stay.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import (
    Answer,
    AnswerRevision,
    Case,
    CaseRevision,
    CaseTag,
    Comment,
    DiscussionRevision,
    ModerationTarget,
    Pseudonym,
)
from casecrowd.forum.service import accuracy, blind, crowd, polls
from casecrowd.forum.service.base import get_or_404
from casecrowd.forum.service.moderation_state import Key, Post, require_visible, states
from casecrowd.forum.service.paging import Page
from casecrowd.forum.service.reputation import current_rules, effective_reputation
from casecrowd.forum.service.search import SearchHit
from casecrowd.forum.service.withdrawals import withdrawn
from casecrowd.problems import raises

# The posts that head a thread, and show its lock and slow mode.
THREAD_KINDS = ("case", "discussion")


@dataclass(frozen=True)
class Author:
    handle: str
    reputation: int  # as shown: never below the floor
    accuracy: dict[str, Any] | None  # diagnostic accuracy over scored answers


def authors_of(ids: set[int]) -> dict[int, Author]:
    if not ids:
        return {}
    rules = current_rules()
    rows = db.session.execute(
        select(Pseudonym.id, Pseudonym.handle, Pseudonym.reputation).where(Pseudonym.id.in_(ids))
    )
    accuracies = accuracy.accuracy_of(ids)
    return {
        pseudonym_id: Author(
            handle, effective_reputation(reputation, rules), accuracies.get(pseudonym_id)
        )
        for pseudonym_id, handle, reputation in rows
    }


def by_author(author: Author) -> dict[str, Any]:
    return {
        "author": author.handle,
        "author_reputation": author.reputation,
        "author_accuracy": author.accuracy,
    }


def tags_by_owner(owner: Any, tag: Any, ids: list[int]) -> dict[int, list[str]]:
    """Each post's tags in order, by post id: ``owner`` and ``tag`` are its tag table's columns."""
    tags: dict[int, list[str]] = defaultdict(list)
    rows = db.session.execute(select(owner, tag).where(owner.in_(ids)).order_by(tag))
    for owner_id, name in rows:
        tags[owner_id].append(name)
    return tags


def _tags(case_ids: list[int]) -> dict[int, list[str]]:
    return tags_by_owner(CaseTag.case_id, CaseTag.tag, case_ids)


def _case_dict(
    case: Case, tags: list[str], authors: dict[int, Author], taken_back: set[Key]
) -> dict[str, Any]:
    return {
        **{column.name: getattr(case, column.name) for column in Case.__table__.columns},
        "tags": tags,
        **by_author(authors[case.pseudonym_id]),
        "proof_id": case.envelope_id,
        "withdrawn": ("case", case.id) in taken_back,
    }


def case_summaries(cases: Iterable[Case]) -> list[dict[str, Any]]:
    """Each case as a listing shows it (tags and author included), in the order given."""
    cases = list(cases)
    tags = _tags([case.id for case in cases])
    authors = authors_of({case.pseudonym_id for case in cases})
    taken_back = withdrawn(("case", case.id) for case in cases)
    return [_case_dict(case, tags[case.id], authors, taken_back) for case in cases]


def case_page(page: Page[Case]) -> dict[str, Any]:
    return {"items": case_summaries(page.items), "next_cursor": page.next_cursor}


def search_page(page: Page[SearchHit]) -> dict[str, Any]:
    """Each hit as its case's summary, with the matching passage and the hit's rank."""
    items = case_summaries(hit.case for hit in page.items)
    for item, hit in zip(items, page.items, strict=True):
        item["snippet"] = {
            "text": hit.snippet.text,
            "highlights": [{"start": start, "end": end} for start, end in hit.snippet.highlights],
        }
        item["rank"] = hit.rank
    return {"items": items, "next_cursor": page.next_cursor}


# The column naming what each kind of revision revises.
REVISION_OWNERS = {
    CaseRevision: CaseRevision.case_id,
    AnswerRevision: AnswerRevision.answer_id,
    DiscussionRevision: DiscussionRevision.discussion_id,
}


def revision_proofs(
    model: type[CaseRevision] | type[AnswerRevision] | type[DiscussionRevision], ids: list[int]
) -> dict[int, list[int]]:
    """For each case, answer or discussion id, its revisions' envelope ids, oldest first."""
    owner = REVISION_OWNERS[model]
    found: dict[int, list[int]] = defaultdict(list)
    if ids:
        rows = db.session.execute(
            select(owner, model.envelope_id).where(owner.in_(ids)).order_by(owner, model.number)
        )
        for owner_id, envelope_id in rows:
            found[owner_id].append(envelope_id)
    return found


def proof_links(created: int, revisions: list[int]) -> dict[str, Any]:
    # Every revision's envelope is named so that a reader can check what is shown
    # against what was signed: the creation alone no longer covers edited text.
    revisions = revisions or [created]
    return {"latest_proof_id": revisions[-1], "revision_proof_ids": revisions}


def _moderation(state: ModerationTarget | None, *, of_thread: bool = False) -> dict[str, Any]:
    members: dict[str, Any] = {
        "hidden": state is not None and state.hidden,
        "redacted_by": state.redacted_seq if state is not None else None,
    }
    if of_thread:
        members["locked"] = state is not None and state.locked
        members["slow_mode_seconds"] = (state.slow_mode_seconds or None) if state else None
    return members


class Shown:
    """What ``viewer_id`` is shown of each post, given the posts' moderation states."""

    def __init__(self, viewer_id: int, found: dict[Key, ModerationTarget]) -> None:
        self.viewer_id, self.found = viewer_id, found

    def hides(self, kind: str, row: Post) -> bool:
        state = self.found.get((kind, row.id))
        return state is not None and state.hidden and row.pseudonym_id != self.viewer_id

    def moderation(self, kind: str, row: Post) -> dict[str, Any]:
        heads_thread = kind in THREAD_KINDS
        return _moderation(self.found.get((kind, row.id)), of_thread=heads_thread)

    def post(self, kind: str, row: Post, full: dict[str, Any]) -> dict[str, Any]:
        """``full`` with the post's moderation members, or those and its id alone if hidden."""
        shown = {"id": row.id} if self.hides(kind, row) else full
        return {**shown, "moderation": self.moderation(kind, row)}


def comment_json(
    shown: Shown, comment: Comment, authors: dict[int, Author], taken_back: set[Key]
) -> dict[str, Any]:
    """The comment as ``shown`` lets its reader see it."""
    return shown.post(
        "comment",
        comment,
        {
            "id": comment.id,
            **by_author(authors[comment.pseudonym_id]),
            "body": comment.body,
            "created": comment.created,
            "proof_id": comment.envelope_id,
            "withdrawn": ("comment", comment.id) in taken_back,
        },
    )


@raises(errors.CaseNotFound)
def case_detail(case_id: int, viewer_id: int) -> dict[str, Any]:
    """The case with its answers (oldest first) and every comment, as ``viewer_id`` may see it.

    Each post names the proof of its creation (``proof_id``), of its latest
    revision and of every revision in order; the acceptance and the outcome
    name theirs. A post hidden by moderation shows the viewer only its id
    and its state, unless the viewer wrote it. While a blind case's answers
    are hidden from the viewer, ``answers`` is empty, ``crowd_differential``
    null, ``answers_hidden`` true and ``blind_lifts`` says when time lifts it;
    ``answer_count`` still counts them. A post its author withdrew shows
    ``withdrawn`` true and empty texts, and keeps its score and acceptance.
    """
    case = get_or_404(Case, case_id)
    blinded = blind.answers_hidden(viewer_id, case)
    answers = (
        []
        if blinded
        else list(
            db.session.scalars(
                select(Answer).where(Answer.case_id == case.id).order_by(Answer.created, Answer.id)
            )
        )
    )
    on_case = select(Comment).where(Comment.case_id == case.id)
    if blinded:
        on_case = on_case.where(Comment.answer_id.is_(None))
    comments = list(db.session.scalars(on_case.order_by(Comment.created, Comment.id)))
    keys = [("case", case.id)] + [("answer", answer.id) for answer in answers]
    keys += [("comment", comment.id) for comment in comments]
    shown, taken_back = Shown(viewer_id, states(keys)), withdrawn(keys)
    if shown.hides("case", case):
        return shown.post("case", case, {})
    authors = authors_of(
        {case.pseudonym_id} | {a.pseudonym_id for a in answers} | {c.pseudonym_id for c in comments}
    )
    by_answer: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for comment in comments:
        by_answer[comment.answer_id].append(comment_json(shown, comment, authors, taken_back))
    case_revisions = revision_proofs(CaseRevision, [case.id])
    answer_revisions = revision_proofs(AnswerRevision, [answer.id for answer in answers])
    scored = accuracy.answer_scores(case.id) if case.final_diagnosis else {}
    detail = _case_dict(case, _tags([case.id])[case.id], authors, taken_back)
    detail.update(proof_links(case.envelope_id, case_revisions[case.id]))
    detail["accept_proof_id"] = case.accept_envelope_id
    detail["outcome_proof_id"] = case.outcome_envelope_id
    detail["comments"] = by_answer[None]
    detail["moderation"] = shown.moderation("case", case)
    detail["answers"] = [
        shown.post(
            "answer",
            answer,
            {
                "id": answer.id,
                **by_author(authors[answer.pseudonym_id]),
                "body": answer.body,
                "differential": [
                    {"rank": rank, **item} for rank, item in enumerate(answer.differential, start=1)
                ],
                "score": answer.score,
                "revision": answer.revision,
                "accepted": answer.id == case.accepted_answer_id,
                "outcome_score": scored.get(answer.id),
                "created": answer.created,
                "proof_id": answer.envelope_id,
                **proof_links(answer.envelope_id, answer_revisions[answer.id]),
                "comments": by_answer[answer.id],
                "withdrawn": ("answer", answer.id) in taken_back,
            },
        )
        for answer in answers
    ]
    visible = [answer for answer in answers if not shown.hides("answer", answer)]
    detail["crowd_differential"] = None if blinded else crowd.crowd_differential(visible)
    detail["answers_hidden"] = blinded
    detail["blind_lifts"] = blind.lifts_at(case) if blinded else None
    detail["polls"] = polls.case_polls(case.id, viewer_id)
    return detail


@raises(errors.CaseNotFound, require_visible)
def case_revisions(case_id: int, viewer_id: int) -> list[dict[str, Any]]:
    require_visible(viewer_id, get_or_404(Case, case_id))
    rows = db.session.scalars(
        select(CaseRevision).where(CaseRevision.case_id == case_id).order_by(CaseRevision.number)
    )
    return [revision_json(row) for row in rows]


@raises(errors.AnswerNotFound, require_visible, blind.require_unblind)
def answer_revisions(answer_id: int, viewer_id: int) -> list[dict[str, Any]]:
    answer = get_or_404(Answer, answer_id)
    require_visible(viewer_id, answer)
    blind.require_unblind(viewer_id, answer)
    rows = db.session.scalars(
        select(AnswerRevision)
        .where(AnswerRevision.answer_id == answer_id)
        .order_by(AnswerRevision.number)
    )
    return [revision_json(row) for row in rows]


def revision_json(row: CaseRevision | AnswerRevision | DiscussionRevision) -> dict[str, Any]:
    return {
        "number": row.number,
        "created": row.created,
        "fields": row.fields,
        "proof_id": row.envelope_id,
    }

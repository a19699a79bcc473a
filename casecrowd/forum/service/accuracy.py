"""Scoring answers once the final diagnosis is known; each pseudonym's diagnostic accuracy.

Which revision is scored: each answer's latest revision whose envelope came
before the case's first outcome envelope naming a final diagnosis (envelope
ids are the forum's order of arrival). The outcome makes the diagnosis
public, so an edit made after it cannot improve a score, and an answer
written after it is never scored; a later outcome correcting the final
diagnosis re-scores those same revisions. Being a function of the signed
envelopes alone, every score can be recomputed by anyone from the proofs.

An answer whose scored revision has no differential is not scored: it named
no diagnosis to be right or wrong about.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import delete, func, select

from casecrowd.db import db
from casecrowd.diagnoses import scoring
from casecrowd.forum.models import (
    Answer,
    AnswerRevision,
    AnswerScore,
    Case,
    CaseTag,
    SignedEnvelope,
)

# "Top three": the study's measure, and the one a differential is judged by here.
TOP_RANKS = 3
OUTCOME_KIND = "case.outcome"


def _first_naming_outcome(case: Case) -> int:
    """The id of the case's first outcome envelope that named a final diagnosis.

    Only the case's author records outcomes. The current outcome (this
    transaction's) names one or repeats an earlier one's: ``score_case``
    runs only when the case has a final diagnosis.
    """
    earlier = db.session.execute(
        select(SignedEnvelope.id, SignedEnvelope.envelope, SignedEnvelope.response_body)
        .where(
            SignedEnvelope.pseudonym_id == case.pseudonym_id,
            SignedEnvelope.kind == OUTCOME_KIND,
            SignedEnvelope.id < case.outcome_envelope_id,
            SignedEnvelope.response_status == 200,
        )
        .order_by(SignedEnvelope.id)
    )
    for envelope_id, text, response in earlier:
        if response.get("case_id") != case.id:
            continue
        # A purged outcome's text is gone; it may have named the diagnosis,
        # so it counts as naming one: scoring never reaches past it.
        if not text or json.loads(text).get("final_diagnosis"):
            return envelope_id
    return case.outcome_envelope_id


def _scored_revisions(case_id: int, before_envelope: int) -> list[tuple[int, int, int, Any]]:
    """(answer id, pseudonym id, revision number, differential) of each answer, as it stood."""
    latest = (
        select(AnswerRevision.answer_id, func.max(AnswerRevision.number).label("number"))
        .join(Answer, Answer.id == AnswerRevision.answer_id)
        .where(Answer.case_id == case_id, AnswerRevision.envelope_id < before_envelope)
        .group_by(AnswerRevision.answer_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Answer.id, Answer.pseudonym_id, AnswerRevision.number, AnswerRevision.fields)
        .join(latest, latest.c.answer_id == Answer.id)
        .join(
            AnswerRevision,
            (AnswerRevision.answer_id == latest.c.answer_id)
            & (AnswerRevision.number == latest.c.number),
        )
        .order_by(Answer.id)
    )
    return [(a, p, n, fields.get("differential") or []) for a, p, n, fields in rows]


def score_case(case: Case) -> None:
    """Score the case's answers on its final diagnosis; without one, it has no scores.

    Runs in the outcome's transaction, after the case row (locked by the
    outcome) carries the final diagnosis. A revision a PHI purge has emptied
    since it was scored keeps its score: the rank holds no text.
    """
    final = case.final_diagnosis
    if not final:
        db.session.execute(delete(AnswerScore).where(AnswerScore.case_id == case.id))
        return
    existing = {
        row.answer_id: row
        for row in db.session.scalars(select(AnswerScore).where(AnswerScore.case_id == case.id))
    }
    cutoff = _first_naming_outcome(case)
    for answer_id, pseudonym_id, number, differential in _scored_revisions(case.id, cutoff):
        if not differential:
            continue
        rank = scoring.rank_of(differential, final)
        row = existing.get(answer_id)
        if row is None:
            db.session.add(
                AnswerScore(
                    answer_id=answer_id,
                    case_id=case.id,
                    pseudonym_id=pseudonym_id,
                    revision=number,
                    rank=rank,
                )
            )
        else:
            row.revision, row.rank = number, rank
    db.session.flush()


def _tallies() -> tuple[Any, Any, Any]:
    """Answers scored, hits at rank 1, hits within the top three (a missed rank is null)."""
    return (
        func.count(AnswerScore.answer_id),
        func.sum(sql_case((AnswerScore.rank == 1, 1), else_=0)),
        func.sum(sql_case((AnswerScore.rank <= TOP_RANKS, 1), else_=0)),
    )


def _record(scored: int, top1: int | None, top3: int | None) -> dict[str, Any]:
    if not scored:
        return {"scored": 0, "top1": None, "top3": None}
    return {"scored": scored, "top1": (top1 or 0) / scored, "top3": (top3 or 0) / scored}


def answer_scores(case_id: int) -> dict[int, dict[str, Any]]:
    """Each scored answer of the case: where its differential put the final diagnosis."""
    rows = db.session.execute(
        select(AnswerScore.answer_id, AnswerScore.revision, AnswerScore.rank).where(
            AnswerScore.case_id == case_id
        )
    )
    return {
        answer_id: {
            "revision": revision,
            "rank": rank,
            "top1": rank == 1,
            "top3": rank is not None and rank <= TOP_RANKS,
        }
        for answer_id, revision, rank in rows
    }


def accuracy_of(pseudonym_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each pseudonym's overall accuracy record, as shown next to its reputation.

    One GROUP BY query; pseudonyms without a scored answer are absent.
    """
    if not pseudonym_ids:
        return {}
    rows = db.session.execute(
        select(AnswerScore.pseudonym_id, *_tallies())
        .where(AnswerScore.pseudonym_id.in_(pseudonym_ids))
        .group_by(AnswerScore.pseudonym_id)
    )
    return {pseudonym_id: _record(*tallies) for pseudonym_id, *tallies in rows}


def accuracy_by_tag(pseudonym_id: int) -> list[dict[str, Any]]:
    """The pseudonym's accuracy within each tag of the cases it was scored on, most scored first."""
    scored = func.count(AnswerScore.answer_id)
    rows = db.session.execute(
        select(CaseTag.tag, *_tallies())
        .join(CaseTag, CaseTag.case_id == AnswerScore.case_id)
        .where(AnswerScore.pseudonym_id == pseudonym_id)
        .group_by(CaseTag.tag)
        .order_by(scored.desc(), CaseTag.tag)
    )
    return [{"tag": tag, **_record(*tallies)} for tag, *tallies in rows]


def profile_accuracy(pseudonym_id: int) -> dict[str, Any]:
    """The profile's record: overall (``scored`` 0 and null rates when none) and per tag."""
    overall = accuracy_of({pseudonym_id}).get(pseudonym_id) or _record(0, None, None)
    return {**overall, "by_tag": accuracy_by_tag(pseudonym_id)}

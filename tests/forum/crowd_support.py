"""Crowd diagnosis tests' shared steps: many members answering one case, outcomes, scores."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum.models import AnswerScore
from tests.forum.physician import Physician, case_fields

# These tests have a dozen members write and vote in seconds; the rules
# themselves are tested elsewhere.
CROWD_SETTINGS: dict[str, Any] = {
    "forum": {
        "limits": {
            "posts": "1000/minute",
            "new_pseudonym_posts": "1000/minute",
            "edits": "1000/minute",
            "votes": "1000/minute",
            "requests": "10000/minute",
            "registrations": "1000/hour",
            "registrations_all": "1000/hour",
            "session_opens": "1000/hour",
            "session_challenges": "1000/hour",
            "session_challenges_all": "1000/hour",
        },
        "privileges": {"vote_down": 1},
    }
}

STILL = ("Adult-onset Still disease", "M06.1")


def dx(*items: str | tuple[str, str]) -> list[dict[str, str]]:
    """A differential, most likely first: a text, or a (text, ICD-10-CM code) pair."""
    made = []
    for item in items:
        text, code = item if isinstance(item, tuple) else (item, None)
        made.append({"diagnosis": text, **({"code": code} if code else {})})
    return made


def new_case(author: Physician, **changes: Any) -> int:
    reply = author.post("case.create", **case_fields(**changes))
    assert reply.status == 201, reply.body
    return reply.body["case_id"]


def answer(physician: Physician, case_id: int, differential: list[dict[str, str]]) -> int:
    body = "See the differential." if differential else "No differential yet."
    reply = physician.post("answer.create", case_id=case_id, body=body, differential=differential)
    assert reply.status == 201, reply.body
    return reply.body["answer_id"]


def outcome(
    author: Physician, case_id: int, final: str | tuple[str, str] | None, text: str = "Resolved."
):
    """Send a case.outcome naming ``final`` (as in :func:`dx`), or no final diagnosis."""
    members: dict[str, Any] = {"case_id": case_id, "outcome": text}
    if final is not None:
        (members["final_diagnosis"],) = dx(final)
    return author.post("case.outcome", **members)


def scores(app: Any, case_id: int) -> dict[int, tuple[int, int | None]]:
    """The case's stored scores: answer id -> (revision scored, rank of the final diagnosis)."""
    with app.app_context():
        rows = db.session.scalars(select(AnswerScore).where(AnswerScore.case_id == case_id))
        found = {row.answer_id: (row.revision, row.rank) for row in rows}
        db.session.remove()
        return found

"""Response bodies of cases, answers, comments and revisions, as readers see them."""

from __future__ import annotations

from marshmallow import Schema, fields

from casecrowd.forum.schemas.crowd import (
    AccuracySchema,
    AnswerOutcomeScoreSchema,
    CrowdDifferentialSchema,
)
from casecrowd.forum.schemas.moderation import CaseModerationSchema, PostModerationSchema
from casecrowd.forum.schemas.polls import PollSchema
from casecrowd.protocol.answers import DifferentialItemSchema
from casecrowd.protocol.diagnoses import DiagnosisSchema
from casecrowd.protocol.fields import Age

REPUTATION_DESCRIPTION = (
    "Reputation in the Stack Exchange pattern (votes and accepted answers), never shown below"
    " forum.reputation.floor; privileges unlock at the forum.privileges thresholds."
)


def author_accuracy() -> fields.Nested:
    return fields.Nested(
        AccuracySchema,
        allow_none=True,
        metadata={
            "description": "The author's diagnostic accuracy; null until one answer is scored."
        },
    )


def withdrawn_member() -> fields.Boolean:
    return fields.Boolean(
        metadata={
            "description": "Its author has withdrawn it: its texts are empty for good; its id,"
            " author, score, votes and acceptance stay."
        }
    )


def author_reputation() -> fields.Integer:
    return fields.Integer(
        metadata={"description": "The author's reputation. " + REPUTATION_DESCRIPTION}
    )


class CaseSummarySchema(Schema):
    id = fields.Integer()
    title = fields.String()
    age = Age()
    sex = fields.String()
    tags = fields.List(fields.String())
    status = fields.String(metadata={"enum": ["open", "solved"]})
    score = fields.Integer()
    answer_count = fields.Integer()
    comment_count = fields.Integer()
    accepted_answer_id = fields.Integer(allow_none=True)
    author = fields.String(metadata={"description": "Handle of the author's pseudonym."})
    author_reputation = author_reputation()
    author_accuracy = author_accuracy()
    blind = fields.Boolean(
        metadata={"description": "Answers stay hidden from each member until they answer."}
    )
    created = fields.DateTime()
    last_activity = fields.DateTime()
    revision = fields.Integer()
    proof_id = fields.Integer(
        metadata={"description": "The proof of the creation (revision 1); see latest_proof_id."}
    )
    withdrawn = withdrawn_member()


def latest_proof_id() -> fields.Integer:
    return fields.Integer(
        metadata={
            "description": (
                "The proof of the latest revision: its signed members, applied over the"
                " earlier revisions', are the text shown."
            )
        }
    )


def revision_proof_ids() -> fields.List:
    return fields.List(
        fields.Integer(),
        metadata={
            "description": (
                "The proof of every revision, oldest (the creation) first; the same ids as"
                " the revisions endpoint's proof_id."
            )
        },
    )


class CommentSchema(Schema):
    id = fields.Integer()
    author = fields.String()
    author_reputation = author_reputation()
    author_accuracy = author_accuracy()
    body = fields.String()
    created = fields.DateTime()
    proof_id = fields.Integer()
    withdrawn = withdrawn_member()
    moderation = fields.Nested(PostModerationSchema)


class RankedDiagnosisSchema(DifferentialItemSchema):
    rank = fields.Integer()


class AnswerSchema(Schema):
    id = fields.Integer()
    author = fields.String()
    author_reputation = author_reputation()
    author_accuracy = author_accuracy()
    body = fields.String()
    differential = fields.List(fields.Nested(RankedDiagnosisSchema))
    score = fields.Integer()
    revision = fields.Integer()
    accepted = fields.Boolean()
    outcome_score = fields.Nested(
        AnswerOutcomeScoreSchema,
        allow_none=True,
        metadata={"description": "Null until the case's final diagnosis scored this answer."},
    )
    created = fields.DateTime()
    proof_id = fields.Integer(metadata={"description": "The proof of the answer's creation."})
    latest_proof_id = latest_proof_id()
    revision_proof_ids = revision_proof_ids()
    comments = fields.List(fields.Nested(CommentSchema))
    withdrawn = withdrawn_member()
    moderation = fields.Nested(PostModerationSchema)


class CaseDetailSchema(CaseSummarySchema):
    presentation = fields.String()
    history = fields.String()
    examination = fields.String()
    investigations = fields.String()
    question = fields.String()
    outcome = fields.String(allow_none=True)
    final_diagnosis = fields.Nested(DiagnosisSchema, allow_none=True)
    latest_proof_id = latest_proof_id()
    revision_proof_ids = revision_proof_ids()
    accept_proof_id = fields.Integer(
        allow_none=True,
        metadata={"description": "The proof of the answer.accept that set accepted_answer_id."},
    )
    outcome_proof_id = fields.Integer(
        allow_none=True,
        metadata={"description": "The proof of the case.outcome that set outcome."},
    )
    comments = fields.List(fields.Nested(CommentSchema))
    answers = fields.List(fields.Nested(AnswerSchema))
    answers_hidden = fields.Boolean(
        metadata={
            "description": "The case is blind to you: `answers` and `crowd_differential` stay"
            " empty until you send your own differential or the blind lifts."
        }
    )
    blind_lifts = fields.DateTime(
        allow_none=True,
        metadata={"description": "When the blind lifts for everyone, if it has not yet."},
    )
    crowd_differential = fields.Nested(CrowdDifferentialSchema, allow_none=True)
    polls = fields.List(fields.Nested(PollSchema))
    moderation = fields.Nested(CaseModerationSchema)


class RevisionSchema(Schema):
    number = fields.Integer()
    created = fields.DateTime()
    fields_ = fields.Dict(data_key="fields", attribute="fields")
    proof_id = fields.Integer()

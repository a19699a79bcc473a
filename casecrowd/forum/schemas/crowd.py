"""Response bodies of crowd diagnosis: the crowd differential, accuracy records, statistics."""

from __future__ import annotations

from marshmallow import Schema, fields

from casecrowd.forum.service.crowd_stats import GROUP_SIZES


class AccuracySchema(Schema):
    """A pseudonym's diagnostic accuracy over its scored answers; ``scored`` is always shown."""

    scored = fields.Integer(
        metadata={
            "description": "Answers scored on a final diagnosis: shown with the rates, so that"
            " a rate over few answers reads as what it is."
        }
    )
    top1 = fields.Float(
        allow_none=True,
        metadata={"description": "Share of scored answers ranking the final diagnosis first."},
    )
    top3 = fields.Float(
        allow_none=True,
        metadata={"description": "Share of scored answers with the final diagnosis in the top 3."},
    )


class TagAccuracySchema(AccuracySchema):
    tag = fields.String(metadata={"description": "A tag the scored cases carry (now)."})


class PseudonymAccuracySchema(AccuracySchema):
    """The profile's record: rates are null while ``scored`` is 0."""

    by_tag = fields.List(
        fields.Nested(TagAccuracySchema),
        metadata={"description": "The same record within each tag, most scored first."},
    )


class CrowdEntrySchema(Schema):
    rank = fields.Integer(metadata={"description": "Place in the crowd differential, 1 first."})
    key = fields.String(
        metadata={
            "description": 'What the answers\' diagnoses pooled under: "icd:<code>" or'
            ' "text:<normalised words>" (casecrowd.diagnoses.normal).'
        }
    )
    diagnosis = fields.String(
        metadata={
            "description": "The code's description for a coded entry, else the wording most"
            " answers used."
        }
    )
    code = fields.String(allow_none=True, metadata={"description": "ICD-10-CM code, if coded."})
    points = fields.Float(
        metadata={
            "description": "Sum over the answers listing it of the answer's weight divided by"
            " the rank it gave."
        }
    )
    answers = fields.Integer(metadata={"description": "How many answers listed it."})
    ranks = fields.List(
        fields.Integer(),
        metadata={"description": "The rank each of those answers gave it, ascending."},
    )


class CrowdDifferentialSchema(Schema):
    """The answers' differentials pooled into one ranking (a rank-weighted Borda count).

    Each answer gives each diagnosis it lists weight/rank points (rank 1 first;
    listed twice, it counts once at its best rank); the answer's weight is
    1 + score for a score of 0 or more and 1 / (1 - score) below, so votes
    weigh an answer without a downvoted one ever counting against a
    diagnosis. Diagnoses pool by code and by normalised words: a code
    counts as its topmost ancestor listed, and a wording whose words are a
    proper part of exactly one other diagnosis's counts as it. Order: points,
    then answers listing it, then best rank, then key. Anyone can recompute
    it from the answers' and votes' proofs (casecrowd verify --crowd).
    """

    answers_pooled = fields.Integer(
        metadata={"description": "Answers with a differential that were pooled."}
    )
    entries = fields.List(fields.Nested(CrowdEntrySchema))


class GroupStatsSchema(Schema):
    size = fields.Integer(metadata={"description": "Answers per group.", "enum": list(GROUP_SIZES)})
    cases = fields.Integer(
        metadata={"description": "Cases with at least that many scored answers."}
    )
    groups = fields.Integer(metadata={"description": "Groups pooled over those cases."})
    top3 = fields.Float(
        allow_none=True,
        metadata={
            "description": "Share of groups whose pooled top three held the final diagnosis,"
            " averaged over the cases (null: no case)."
        },
    )


class CrowdStatsSchema(Schema):
    """Individual against pooled top-3 accuracy over the solved cases: the figure's data."""

    cases = fields.Integer(
        metadata={"description": "Cases counted: a final diagnosis and scored answers."}
    )
    individual_top3 = fields.Float(
        allow_none=True,
        metadata={
            "description": "Share of scored answers with the final diagnosis in their top three."
        },
    )
    groups = fields.List(fields.Nested(GroupStatsSchema))
    method = fields.String(metadata={"description": "How the figures were computed."})


class AnswerOutcomeScoreSchema(Schema):
    """Where an answer's differential put the case's final diagnosis."""

    revision = fields.Integer(
        metadata={
            "description": "The revision scored: the latest before the first outcome naming a"
            " final diagnosis (later edits do not count)."
        }
    )
    rank = fields.Integer(
        allow_none=True,
        metadata={"description": "Rank of the final diagnosis, 1 first; null: not listed."},
    )
    top1 = fields.Boolean(metadata={"description": "The final diagnosis ranked first."})
    top3 = fields.Boolean(metadata={"description": "The final diagnosis within the top three."})

"""Response bodies of polls: a poll as one member sees it, and its signed votes."""

from __future__ import annotations

from marshmallow import Schema, fields

from casecrowd.protocol.fields import UTCTime


class PollSchema(Schema):
    """A poll; ``tally`` is null while ``results_visible`` is false."""

    id = fields.Integer(metadata={"description": "The poll's id."})
    case_id = fields.Integer(metadata={"description": "The case the poll is on."})
    question = fields.String(metadata={"description": "The question, as its author signed it."})
    options = fields.List(
        fields.String(),
        metadata={"description": "The options in order; a vote names them 1, 2, ..."},
    )
    multiple = fields.Boolean(metadata={"description": "Whether a vote may choose several."})
    closes = UTCTime(
        allow_none=True,
        metadata={"description": "When voting ends (RFC 3339 UTC); null: it stays open."},
    )
    closed = fields.Boolean(metadata={"description": "Whether voting has ended."})
    created = UTCTime(metadata={"description": "When the author signed the poll."})
    proof_id = fields.Integer(metadata={"description": "The proof of the signed poll.create."})
    voters = fields.Integer(
        metadata={
            "description": "How many pseudonyms' current vote chooses something; shown to"
            " everyone, as it says nothing about what they chose."
        }
    )
    your_choices = fields.List(
        fields.Integer(),
        metadata={"description": "The option numbers your counting vote chooses ([]: none)."},
    )
    results_visible = fields.Boolean(
        metadata={
            "description": "True once your counting vote chooses something or the poll has"
            " closed; withdrawing your vote hides the results again."
        }
    )
    tally = fields.List(
        fields.Integer(),
        allow_none=True,
        metadata={"description": "Votes per option, in the options' order; null while hidden."},
    )


class PollVoteProofSchema(Schema):
    choices = fields.List(
        fields.Integer(),
        metadata={"description": "The option numbers this vote chooses ([]: withdrawn)."},
    )
    # By name: the proof schema lives with the other response bodies, which nest polls.
    proof = fields.Nested(
        "ProofSchema", metadata={"description": "The signed poll.vote and its author's proof."}
    )


class PollVotesSchema(Schema):
    poll_id = fields.Integer(metadata={"description": "The poll's id."})
    tally = fields.List(fields.Integer(), metadata={"description": "Votes per option."})
    voters = fields.Integer(metadata={"description": "Votes that choose something."})
    votes = fields.List(
        fields.Nested(PollVoteProofSchema),
        metadata={
            "description": "The vote that counts for each pseudonym (a withdrawn one too),"
            " each with its proof: recounting them gives the tally."
        },
    )

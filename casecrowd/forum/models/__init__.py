"""Forum tables (the forum database)."""

from casecrowd.forum.models.content import (
    Answer,
    AnswerRevision,
    Case,
    CaseRevision,
    CaseTag,
    Comment,
    SignedEnvelope,
)
from casecrowd.forum.models.crowd import AnswerScore, DifferentialEntry
from casecrowd.forum.models.discussions import Discussion, DiscussionRevision, DiscussionTag
from casecrowd.forum.models.key_trust import IssuerKeyRevocation, IssuerKeyWithdrawal
from casecrowd.forum.models.moderation import (
    Appeal,
    EnvelopeRedaction,
    Flag,
    ModerationLogEntry,
    ModerationTarget,
    ModeratorMessage,
    Sanction,
)
from casecrowd.forum.models.polls import Poll, PollVote
from casecrowd.forum.models.pseudonyms import IssuerKey, Pseudonym, PseudonymSession, PseudonymToken
from casecrowd.forum.models.types import random_id
from casecrowd.forum.models.votes import Vote
from casecrowd.forum.models.withdrawals import Withdrawal
from casecrowd.protocol.votes import TARGET_KINDS  # what Vote.target_kind holds

__all__ = [
    "TARGET_KINDS",
    "Answer",
    "AnswerScore",
    "DifferentialEntry",
    "Discussion",
    "DiscussionRevision",
    "DiscussionTag",
    "Poll",
    "PollVote",
    "Appeal",
    "EnvelopeRedaction",
    "Flag",
    "ModerationLogEntry",
    "ModerationTarget",
    "ModeratorMessage",
    "Sanction",
    "AnswerRevision",
    "Case",
    "CaseRevision",
    "CaseTag",
    "Comment",
    "IssuerKey",
    "IssuerKeyRevocation",
    "IssuerKeyWithdrawal",
    "Pseudonym",
    "PseudonymSession",
    "PseudonymToken",
    "SignedEnvelope",
    "Vote",
    "Withdrawal",
    "random_id",
]

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
from casecrowd.forum.models.key_trust import IssuerKeyRevocation, IssuerKeyWithdrawal
from casecrowd.forum.models.pseudonyms import IssuerKey, Pseudonym, PseudonymSession, PseudonymToken
from casecrowd.forum.models.types import UTCDateTime, random_id, utcnow
from casecrowd.forum.models.votes import TARGET_KINDS, Vote

__all__ = [
    "TARGET_KINDS",
    "Answer",
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
    "UTCDateTime",
    "Vote",
    "random_id",
    "utcnow",
]

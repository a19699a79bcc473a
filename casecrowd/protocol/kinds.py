"""Every envelope kind and what it carries besides the header.

A kind's schema validates what the author signed; ``unknown`` members are
refused, so nothing the forum ignores can hide in a signed envelope. Adding a
kind means its schema here and its handler in the forum
(``casecrowd.forum.service.base.handles``); the forum refuses to start if one
lacks the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casecrowd.protocol.answers import (
    DIFFERENTIAL_TEXTS,
    AnswerAcceptSchema,
    AnswerCreateSchema,
    AnswerEditSchema,
    CommentCreateSchema,
)
from casecrowd.protocol.cases import CaseCreateSchema, CaseEditSchema, CaseOutcomeSchema
from casecrowd.protocol.discussions import DiscussionCreateSchema, DiscussionEditSchema
from casecrowd.protocol.fields import KindSchema
from casecrowd.protocol.moderation import AppealSchema, FlagSchema
from casecrowd.protocol.polls import PollCreateSchema, PollVoteSchema
from casecrowd.protocol.votes import VoteSchema
from casecrowd.protocol.withdrawals import WithdrawSchema

KIND_SCHEMAS: dict[str, type[KindSchema]] = {
    "case.create": CaseCreateSchema,
    "case.edit": CaseEditSchema,
    "case.outcome": CaseOutcomeSchema,
    "answer.create": AnswerCreateSchema,
    "answer.edit": AnswerEditSchema,
    "answer.accept": AnswerAcceptSchema,
    "comment.create": CommentCreateSchema,
    "discussion.create": DiscussionCreateSchema,
    "discussion.edit": DiscussionEditSchema,
    "vote": VoteSchema,
    "flag": FlagSchema,
    "appeal": AppealSchema,
    "poll.create": PollCreateSchema,
    "poll.vote": PollVoteSchema,
    "withdraw": WithdrawSchema,
}


def screened_texts(kind: str, members: Mapping[str, Any]) -> dict[str, str]:
    """The texts of an envelope that the PHI guard screens, named as the forum reports them.

    The forum screens what it is about to store and the client what it is about
    to send, both through this function, so they find the same spans under the
    same names (``history``, ``differential.2.note``, ``final_diagnosis.diagnosis``,
    ``options.3``). Empty texts are left out; an unknown kind, or one without
    free text, has none.
    """
    schema = KIND_SCHEMAS.get(kind)
    texts: dict[str, str] = {}
    for name in schema.screened if schema is not None else ():
        value = members.get(name)
        if isinstance(value, list):  # ranked items (the differential) or plain texts (options)
            for rank, item in enumerate(value, start=1):
                if isinstance(item, str):
                    texts[f"{name}.{rank}"] = item
                    continue
                for part in DIFFERENTIAL_TEXTS:
                    texts[f"{name}.{rank}.{part}"] = item.get(part, "")
        elif isinstance(value, dict):  # one diagnosis: the final one
            for part in DIFFERENTIAL_TEXTS:
                texts[f"{name}.{part}"] = value.get(part, "")
        elif value:
            texts[name] = value
    return {name: text for name, text in texts.items() if text}

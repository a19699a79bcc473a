"""Reputation and privileges, in the Stack Exchange pattern.

A pseudonym's stored reputation is ``initial`` plus the sum of what every
vote and acceptance currently contributes; the floor applies when the value
is read, not when it is stored. Keeping the raw sum makes reputation
independent of the order things happened in: retracting a downvote gives
back exactly what it took, and :func:`recompute` from the stored votes and
acceptances always equals the incrementally maintained value.

Callers apply the pure deltas of :func:`vote_delta` and :func:`accept_delta`
with :func:`apply_deltas` in the same transaction as the change they count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Self

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from casecrowd.forum.models import TARGET_KINDS, Answer, Case, Pseudonym, Vote
from casecrowd.problems import Forbidden, raises
from casecrowd.protocol.votes import VOTE_VALUES
from casecrowd.settings import SettingsView, setting, view

Role = Literal["author", "voter"]
PRIVILEGES = {
    "vote_up": "Upvoting",
    "comment": "Commenting on other members' posts",
    "vote_down": "Downvoting",
}


class InsufficientReputation(Forbidden):
    code, title = "insufficient-reputation", "Not enough reputation"
    doc_note = "`privilege`, `required_reputation` and `reputation` say which and how much."


@dataclass(frozen=True)
class ReputationRules(SettingsView):
    initial: int = setting("forum.reputation.initial")
    floor: int = setting("forum.reputation.floor")
    case_upvote: int = setting("forum.reputation.case_upvote")
    answer_upvote: int = setting("forum.reputation.answer_upvote")
    downvote_received: int = setting("forum.reputation.downvote_received")
    downvote_cast_on_answer: int = setting("forum.reputation.downvote_cast_on_answer")
    accepted: int = setting("forum.reputation.accepted")
    accepting: int = setting("forum.reputation.accepting")
    privileges: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Self:
        thresholds = {name: settings[f"forum.privileges.{name}"] for name in PRIVILEGES}
        return replace(super().from_settings(settings), privileges=thresholds)


def current_rules() -> ReputationRules:
    return view(ReputationRules.from_settings)


# Votes on these move a post's score only. Reputation opens clinical privileges;
# what a member wrote in the lounge, a vent or an admission of doubt, neither
# earns them nor, downvoted, costs them.
UNSCORED_KINDS = ("discussion",)


def _vote_contribution(target_kind: str, value: int, rules: ReputationRules) -> dict[Role, int]:
    if target_kind not in TARGET_KINDS:
        raise ValueError(f"unknown vote target kind {target_kind!r}")
    if value not in VOTE_VALUES:
        raise ValueError(f"a vote is -1, 0 or 1, not {value!r}")
    if target_kind in UNSCORED_KINDS:
        return {"author": 0, "voter": 0}
    if value == 1:
        upvote = rules.case_upvote if target_kind == "case" else rules.answer_upvote
        return {"author": upvote, "voter": 0}
    if value == -1:
        cast = rules.downvote_cast_on_answer if target_kind == "answer" else 0
        return {"author": rules.downvote_received, "voter": cast}
    return {"author": 0, "voter": 0}


def vote_delta(
    target_kind: str, old_value: int, new_value: int, rules: ReputationRules | None = None
) -> dict[Role, int]:
    """What changing a vote from ``old_value`` to ``new_value`` (0: none) gives each party.

    ``author`` is the author of the voted case or answer, ``voter`` the one voting.
    """
    rules = rules or current_rules()
    old = _vote_contribution(target_kind, old_value, rules)
    new = _vote_contribution(target_kind, new_value, rules)
    return {role: new[role] - old[role] for role in ("author", "voter")}


def _accept_contribution(
    acceptor_id: int, answer_author_id: int | None, rules: ReputationRules
) -> dict[int, int]:
    # Accepting one's own answer earns nothing, for either side.
    if answer_author_id is None or answer_author_id == acceptor_id:
        return {}
    return {answer_author_id: rules.accepted, acceptor_id: rules.accepting}


def accept_delta(
    acceptor_id: int,
    old_answer_author_id: int | None,
    new_answer_author_id: int | None,
    rules: ReputationRules | None = None,
) -> dict[int, int]:
    """Reputation changes, by pseudonym id, when a case's accepted answer changes.

    ``old_answer_author_id`` is the author of the previously accepted answer
    (None when there was none), ``new_answer_author_id`` the author of the
    newly accepted one (None when acceptance is withdrawn). Zero changes are left out.
    """
    rules = rules or current_rules()
    deltas: dict[int, int] = {}
    for pseudonym_id, amount in _accept_contribution(
        acceptor_id, new_answer_author_id, rules
    ).items():
        deltas[pseudonym_id] = deltas.get(pseudonym_id, 0) + amount
    for pseudonym_id, amount in _accept_contribution(
        acceptor_id, old_answer_author_id, rules
    ).items():
        deltas[pseudonym_id] = deltas.get(pseudonym_id, 0) - amount
    return {pseudonym_id: amount for pseudonym_id, amount in deltas.items() if amount}


def apply_deltas(session: Session, deltas: Mapping[int, int]) -> None:
    """Add each delta in SQL (``reputation = reputation + d``), so concurrent changes add up.

    Rows are updated in id order: two transactions touching the same
    pseudonyms lock them in the same order and cannot deadlock.
    """
    for pseudonym_id in sorted(deltas):
        amount = deltas[pseudonym_id]
        if amount:
            statement = (
                update(Pseudonym)
                .where(Pseudonym.id == pseudonym_id)
                .values(reputation=Pseudonym.reputation + amount)
            )
            session.execute(statement.execution_options(synchronize_session=False))


def effective_reputation(stored: int, rules: ReputationRules | None = None) -> int:
    """The reputation to show and to check privileges against: never below the floor."""
    rules = rules or current_rules()
    return max(rules.floor, stored)


def required_reputation(privilege: str, rules: ReputationRules | None = None) -> int:
    rules = rules or current_rules()
    if privilege not in rules.privileges:
        raise ValueError(f"unknown privilege {privilege!r}")
    return rules.privileges[privilege]


def has_privilege(
    pseudonym: Pseudonym, privilege: str, rules: ReputationRules | None = None
) -> bool:
    rules = rules or current_rules()
    required = required_reputation(privilege, rules)
    return effective_reputation(pseudonym.reputation, rules) >= required


@raises(InsufficientReputation)
def require_privilege(
    pseudonym: Pseudonym, privilege: str, rules: ReputationRules | None = None
) -> None:
    """Raise :class:`InsufficientReputation` (403) unless the pseudonym has the privilege.

    Exemptions (commenting on one's own posts, say) are the caller's to decide.
    """
    rules = rules or current_rules()
    required = required_reputation(privilege, rules)
    have = effective_reputation(pseudonym.reputation, rules)
    if have < required:
        raise InsufficientReputation(
            f"{PRIVILEGES[privilege]} needs {required} reputation; this pseudonym has {have}.",
            extra={"privilege": privilege, "required_reputation": required, "reputation": have},
        )


def vote_privilege(value: int) -> str | None:
    """The privilege a vote of ``value`` needs; withdrawing a vote (0) needs none."""
    return {1: "vote_up", -1: "vote_down"}.get(value)


def recompute(session: Session, pseudonym_id: int, rules: ReputationRules | None = None) -> int:
    """The stored reputation rebuilt from the votes and acceptances stored now."""
    rules = rules or current_rules()
    total = rules.initial
    for kind, model in (("case", Case), ("answer", Answer)):
        received = session.execute(
            select(Vote.value, func.count())
            .join(model, and_(Vote.target_kind == kind, Vote.target_id == model.id))
            .where(model.pseudonym_id == pseudonym_id)
            .group_by(Vote.value)
        )
        for value, count in received:
            total += count * vote_delta(kind, 0, value, rules)["author"]
        cast = session.execute(
            select(Vote.value, func.count())
            .where(Vote.pseudonym_id == pseudonym_id, Vote.target_kind == kind)
            .group_by(Vote.value)
        )
        for value, count in cast:
            total += count * vote_delta(kind, 0, value, rules)["voter"]
    acceptances = session.execute(
        select(Case.pseudonym_id, Answer.pseudonym_id)
        .join(Answer, Answer.id == Case.accepted_answer_id)
        .where((Case.pseudonym_id == pseudonym_id) | (Answer.pseudonym_id == pseudonym_id))
    )
    for acceptor_id, answer_author_id in acceptances:
        total += accept_delta(acceptor_id, None, answer_author_id, rules).get(pseudonym_id, 0)
    return total

"""What ``case show`` renders: each post as its author signed it, not as the forum stores it.

The forum's JSON is not evidence: whoever runs the database can rewrite any
column under a proof that still verifies. So each post is composed from its
envelopes instead: the creation's signed members, then each edit's signed members
over them, in the order the forum lists the revisions. Every proof is checked with
the issuer keys the reader trusts (as ``casecrowd verify`` does), every revision
must be signed by the creation's key and name the same post, and every field the
forum's JSON shows differently from the composed signed value is reported.

Invariants: ``ShownItem.signed`` holds only members taken from envelopes whose
signature and canonical form checked; it is None when the chain of envelopes
cannot be composed (then nothing of that post counts as signed).

A post moderators hid from this reader, or whose text a PHI purge removed, has
no text to check: it is shown as such (``unshown``), neither verified nor failed.

Limits: the forum can still withhold posts, or the latest edits of one (the
reader then sees an older signed text and cannot tell), or claim that moderators
hid or purged one (a purge names its entry in the public mod log, where the
reader can look it up); scores, reputation and dates are not compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from casecrowd.client.forum import unshown_reason
from casecrowd.client.verify import Verification, verify
from casecrowd.crypto import envelope
from casecrowd.protocol.answers import ANSWER_FIELDS
from casecrowd.protocol.cases import CASE_FIELDS

VERIFIED, UNVERIFIED, FAILED = "verified", "unverified", "failed"
NO_TRUSTED_KEYS = "not verified: no trusted issuer keys"
OPTIONAL_CASE_TEXT = {"history": "", "examination": "", "investigations": ""}

Check = Callable[[dict[str, Any]], Verification]


@dataclass
class ShownItem:
    """One post (or the acceptance, or the outcome) and what its proofs establish."""

    item: str
    id: int | None
    proof_ids: list[int]
    signed: dict[str, Any] | None = None
    author_handle: str | None = None
    author_key: bytes | None = None
    trusted: bool = True
    problems: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unshown: str | None = None  # forum.HIDDEN or forum.REDACTED: no text was there to check

    @property
    def status(self) -> str:
        if self.unshown is not None:
            return self.unshown
        if self.problems or self.differs or self.signed is None:
            return FAILED
        return VERIFIED if self.trusted else UNVERIFIED

    def as_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "id": self.id,
            "status": self.status,
            "proof_ids": self.proof_ids,
            "author_handle": self.author_handle,
            "signed": self.signed,
            "differs": self.differs,
            "problems": self.problems,
            "warnings": self.warnings,
        }


@dataclass
class ShownCase:
    case: ShownItem
    answers: dict[int, ShownItem]
    comments: dict[int, ShownItem]
    acceptance: ShownItem | None
    outcome: ShownItem | None

    def items(self) -> list[ShownItem]:
        extra = [item for item in (self.acceptance, self.outcome) if item is not None]
        return [self.case, *self.answers.values(), *self.comments.values(), *extra]

    @property
    def valid(self) -> bool:
        return all(item.status != FAILED for item in self.items())

    def as_json(self) -> dict[str, Any]:
        return {"valid": self.valid, "items": [item.as_json() for item in self.items()]}


def checker(trusted_for: Callable[[str], list[bytes]], origin: str) -> Check:
    """Verify a proof for ``origin`` under the keys trusted for the issuer it names."""

    def check(proof: dict[str, Any]) -> Verification:
        keys = trusted_for(str(proof.get("issuer_name") or ""))
        return verify(proof, keys, origin=origin)

    return check


def _signed_chain(
    shown: ShownItem,
    proofs: dict[int, dict[str, Any]],
    check: Check,
    kinds: list[tuple[str, dict[str, int | None]]],
) -> list[dict[str, Any]] | None:
    """The envelopes of ``shown.proof_ids`` once each checks; None if any cannot be used.

    ``kinds`` gives, per revision, the kind it must be and the target members it must
    name (None: must not name it).
    """
    bodies: list[dict[str, Any]] = []
    last_created = None
    for number, (proof_id, (kind, targets)) in enumerate(
        zip(shown.proof_ids, kinds, strict=True), start=1
    ):
        proof = proofs.get(proof_id)
        if proof is None:
            shown.problems.append(f"the forum did not return proof {proof_id}")
            return None
        result = check(proof)
        shown.trusted = shown.trusted and result.trusted_keys > 0
        failed = result.failed(registration=result.trusted_keys > 0)
        shown.problems += [f"proof {proof_id}: {s.name}: {s.explanation}" for s in failed]
        shown.warnings += [f"proof {proof_id}: {s.name}: {s.explanation}" for s in result.warnings]
        body = result.signed
        if body is None:
            return None
        if number == 1:
            shown.author_key, shown.author_handle = result.author_key, result.author_handle
        elif result.author_key != shown.author_key:
            shown.problems.append(f"proof {proof_id} is signed by another key than the first")
            return None
        named = {name: body.get(name) for name in targets}
        if body.get("kind") != kind or named != targets:
            shown.problems.append(f"proof {proof_id} signs something else than this {kind}")
            return None
        created = envelope.parse_created(body["created"])
        if last_created is not None and created < last_created:
            shown.problems.append(f"proof {proof_id} was signed before the revision it follows")
            return None
        last_created = created
        bodies.append(body)
    if not shown.trusted:
        shown.warnings.append(NO_TRUSTED_KEYS)
    return bodies


def _compose(bodies: list[dict[str, Any]], names: tuple[str, ...], defaults: dict) -> dict:
    composed = dict(defaults)
    for body in bodies:
        composed.update({name: body[name] for name in names if name in body})
    return composed


def _pairs(differential: Any) -> Any:
    if not isinstance(differential, list):
        return differential
    return [
        (item.get("diagnosis"), item.get("code"), item.get("note") or "")
        if isinstance(item, dict)
        else item
        for item in differential
    ]


def _sorted(tags: Any) -> Any:
    return sorted(tags, key=repr) if isinstance(tags, list) else tags


# How a signed value and the forum's JSON are brought to one form before comparing:
# the forum sorts tags and numbers the differential.
NORMALISE: dict[str, Callable[[Any], Any]] = {"tags": _sorted, "differential": _pairs}


def _compare(shown: ShownItem, forum: dict[str, Any], names: dict[str, str]) -> None:
    """``names`` maps each signed member to the forum JSON's member showing it."""
    if shown.signed is None:
        return
    for signed_name, forum_name in names.items():
        same = NORMALISE.get(signed_name, lambda value: value)
        if same(forum.get(forum_name)) != same(shown.signed.get(signed_name)):
            shown.differs.append(forum_name)
    if shown.author_handle is not None and forum.get("author", shown.author_handle) != (
        shown.author_handle
    ):
        shown.differs.append("author")


def _item(
    label: str,
    forum: dict[str, Any],
    proof_ids: list[int],
    proofs: dict[int, dict[str, Any]],
    check: Check,
    kinds: list[tuple[str, dict[str, int | None]]],
    names: dict[str, str],
    defaults: dict[str, Any] | None = None,
) -> ShownItem:
    unshown = unshown_reason(forum)
    if unshown is not None:
        return ShownItem(label, forum.get("id"), [], unshown=unshown)
    shown = ShownItem(label, forum.get("id"), proof_ids)
    bodies = _signed_chain(shown, proofs, check, kinds)
    if bodies is not None:
        shown.signed = _compose(bodies, tuple(names), defaults or {})
        _compare(shown, forum, names)
    return shown


def proof_ids_of(case: dict[str, Any]) -> list[int]:
    """Every proof ``compose`` needs for this case page, each once."""
    ids = _revisions(case)
    for answer in case.get("answers", []):
        ids += _revisions(answer)
        ids += [i for comment in answer.get("comments", []) for i in _revisions(comment)]
    ids += [i for comment in case.get("comments", []) for i in _revisions(comment)]
    if unshown_reason(case) is None:  # else there is no signed case to check them against
        ids += [case[name] for name in ("accept_proof_id", "outcome_proof_id") if case.get(name)]
    return list(dict.fromkeys(ids))


def _revisions(post: dict[str, Any]) -> list[int]:
    """The proofs of the post's revisions, oldest first; none when its text is unshown."""
    if unshown_reason(post) is not None:
        return []
    return list(post.get("revision_proof_ids") or [post["proof_id"]])


def _same(names: tuple[str, ...]) -> dict[str, str]:
    return {name: name for name in names}


def compose(case: dict[str, Any], proofs: dict[int, dict[str, Any]], check: Check) -> ShownCase:
    """Check every post of ``case`` (the forum's JSON) against the envelopes in ``proofs``."""
    case_id = case["id"]
    revisions = _revisions(case)
    kinds = [("case.create", {})] + [("case.edit", {"case_id": case_id})] * (len(revisions) - 1)
    shown_case = _item(
        "case", case, revisions, proofs, check, kinds, _same(CASE_FIELDS), OPTIONAL_CASE_TEXT
    )
    answers, comments = {}, {}
    for answer in case.get("answers", []):
        revisions = _revisions(answer)
        kinds = [("answer.create", {"case_id": case_id})]
        kinds += [("answer.edit", {"answer_id": answer["id"]})] * (len(revisions) - 1)
        names = _same(ANSWER_FIELDS)
        answers[answer["id"]] = _item(
            "answer", answer, revisions, proofs, check, kinds, names, {"differential": []}
        )
        for comment in answer.get("comments", []):
            target = {"answer_id": answer["id"], "case_id": None}
            comments[comment["id"]] = _comment(comment, target, proofs, check)
    for comment in case.get("comments", []):
        target = {"case_id": case_id, "answer_id": None}
        comments[comment["id"]] = _comment(comment, target, proofs, check)
    if shown_case.unshown is not None:
        # No signed case to check the acceptance and the outcome against.
        return ShownCase(shown_case, answers, comments, None, None)
    acceptance = _by_case_author(
        "acceptance",
        case,
        "accept_proof_id",
        ("answer.accept", {"answer_id": case.get("accepted_answer_id")}),
        {"answer_id": "accepted_answer_id"},
        shown_case,
        proofs,
        check,
    )
    outcome = _by_case_author(
        "outcome",
        case,
        "outcome_proof_id",
        ("case.outcome", {"case_id": case_id}),
        {"outcome": "outcome", "final_diagnosis": "final_diagnosis"},
        shown_case,
        proofs,
        check,
    )
    _check_status(case, shown_case, answers, acceptance, outcome)
    return ShownCase(shown_case, answers, comments, acceptance, outcome)


def _comment(
    comment: dict[str, Any],
    target: dict[str, int | None],
    proofs: dict[int, dict[str, Any]],
    check: Check,
) -> ShownItem:
    kinds = [("comment.create", target)]
    names = _same(("body",))
    return _item("comment", comment, _revisions(comment), proofs, check, kinds, names)


def _by_case_author(
    label: str,
    case: dict[str, Any],
    proof_member: str,
    kind: tuple[str, dict[str, int | None]],
    names: dict[str, str],
    shown_case: ShownItem,
    proofs: dict[int, dict[str, Any]],
    check: Check,
) -> ShownItem | None:
    """The acceptance or the outcome: only the case's author may sign either."""
    proof_id = case.get(proof_member)
    if proof_id is None:
        return None
    forum = {"id": proof_id, **{name: case.get(name) for name in names.values()}}
    shown = _item(label, forum, [proof_id], proofs, check, [kind], names)
    if shown.author_key is not None and shown.author_key != shown_case.author_key:
        shown.problems.append(f"proof {proof_id} is not signed by the case's author")
    return shown


def _check_status(
    case: dict[str, Any],
    shown_case: ShownItem,
    answers: dict[int, ShownItem],
    acceptance: ShownItem | None,
    outcome: ShownItem | None,
) -> None:
    """ "solved" and "accepted" must rest on a signed acceptance or outcome."""
    accepted = acceptance.signed.get("answer_id") if acceptance and acceptance.signed else None
    if case.get("status") == "solved" and accepted is None and not (outcome and outcome.signed):
        shown_case.differs.append("status")
    if (case.get("outcome") or case.get("final_diagnosis")) and outcome is None:
        shown_case.differs.append("outcome")
    for answer in case.get("answers", []):
        if answers[answer["id"]].unshown is not None:
            continue
        if bool(answer.get("accepted")) != (answer["id"] == accepted):
            answers[answer["id"]].differs.append("accepted")

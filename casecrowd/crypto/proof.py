"""Offline verification of a forum proof: a verified physician signed this envelope.

A proof (``GET /api/v1/proofs/{id}``) carries the envelope and its signature,
the author's Ed25519 public key and the Privacy Pass token(s) that
registered that key. The chain checked here:

1. the envelope is canonical JSON signed by the author key, names that key
   as its pseudonym and the expected origin;
2. each registration token answers the challenge recomputed from the key
   (issuer name, redemption context SHA-256(label || key), origin), and its
   RSA authenticator verifies under one of the issuer keys *the caller*
   trusts (the proof's own ``issuer_keys`` are ignored: they come from the
   same server as the rest of the proof).

After a PHI purge the proof has no envelope but a ``redaction`` (the mod-log
entry that removed the text, the SHA-256 of the signed bytes); after the
author withdrew the post, the redaction names the withdrawal's proof
instead (``log_entry`` null, ``withdrawal`` a proof id). Either way the
envelope steps cannot be made, and are reported as one *redacted* step
(neither a pass nor a failure); the key's registration is checked as usual.
A proof with both a text and a redaction, a redaction naming both causes or
neither, or one of another shape, fails.

At least one token must verify, and one is enough: a token that does not
(junk, another key's, an issuer key the caller does not trust) is reported as
a *warning* step, never as a failure. Otherwise whoever serves the proof could
make any genuine proof fail by appending junk to it. Nothing raises on a bad
proof: every step is reported, and :func:`proof_is_valid` says whether every
step that is neither a warning nor redacted passed. The
``handle`` is only a display name the forum derives from the key
(``casecrowd.handles.handle_for``); it proves nothing by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casecrowd.crypto import base64url, envelope, privacypass
from casecrowd.crypto.errors import CryptoError, UnknownKey
from casecrowd.crypto.keys import token_key_id

# The most proofs one GET /api/v1/proofs?id=... answers: a page of posts, not a crawl.
MAX_PROOFS_PER_REQUEST = 100
ENVELOPE_STEP = "envelope signature"
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
# What a redaction by the author's own withdrawal says, on the forum and here.
WITHDRAWN_DETAIL = "withdrawn by its author"


@dataclass(frozen=True)
class ProofStep:
    """One check. ``warning`` marks a failed check the proof does not rest on (never ok);
    ``redacted`` one that cannot be made, as moderation or the author removed what it
    checks (neither ok nor a warning).
    """

    name: str
    ok: bool
    explanation: str
    warning: bool = False
    redacted: bool = False

    def __post_init__(self) -> None:
        if self.ok and (self.warning or self.redacted):
            raise ValueError("a step that passed is neither a warning nor redacted")
        if self.warning and self.redacted:
            raise ValueError("a redacted step is not a warning")


def proof_is_valid(steps: Iterable[ProofStep]) -> bool:
    """Every check that could be made passed, or only warns."""
    steps = list(steps)
    return bool(steps) and all(step.ok or step.warning or step.redacted for step in steps)


@dataclass(frozen=True)
class RedactionCause:
    """What removed a proof's text: mod-log entry ``log_entry`` (a PHI purge) or the
    author's withdrawal, whose own proof is ``withdrawal``; exactly one is set.
    """

    log_entry: int | None = None
    withdrawal: int | None = None

    @property
    def explanation(self) -> str:
        if self.withdrawal is not None:
            return f"{WITHDRAWN_DETAIL} (withdrawal proof {self.withdrawal})"
        return f"text removed by moderation, log entry {self.log_entry}"


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def redaction_cause(proof: Mapping[str, Any]) -> tuple[RedactionCause | None, str]:
    """(the cause of a well-formed redaction, "") or (None, what is wrong with it).

    (None, "") when the proof has no redaction at all. A withdrawal's
    redaction has ``log_entry`` null and ``withdrawal`` a proof id; a purge's
    has a mod-log entry and no withdrawal.
    """
    redaction = proof.get("redaction")
    if redaction is None:
        return None, ""
    if not isinstance(redaction, Mapping):
        return None, "the redaction is not an object"
    entry, withdrawal = redaction.get("log_entry"), redaction.get("withdrawal")
    if entry is not None and withdrawal is not None:
        return None, "the redaction names both a mod-log entry and a withdrawal"
    if withdrawal is not None and not _positive_int(withdrawal):
        return None, "the redaction's withdrawal is not a proof id"
    if withdrawal is None and not _positive_int(entry):
        return None, "the redaction names no mod-log entry and no withdrawal"
    digest = redaction.get("envelope_sha256")
    if not isinstance(digest, str) or not SHA256_HEX.fullmatch(digest):
        return None, "the redaction's envelope_sha256 is not a hex SHA-256"
    if proof.get("envelope") is not None:
        return None, "the proof carries both a text and a redaction of it"
    return RedactionCause(entry, withdrawal), ""


def proof_warnings(steps: Iterable[ProofStep]) -> list[ProofStep]:
    return [step for step in steps if step.warning]


def verify_proof(
    proof: Mapping[str, Any],
    issuer_keys: Iterable[bytes],
    *,
    origin: str,
    issuer_name: str,
) -> list[ProofStep]:
    """Check every link of ``proof``; returns the steps with their outcome."""
    trusted = [bytes(spki) for spki in issuer_keys]
    steps: list[ProofStep] = []
    public_key = _author_key(proof, steps)
    if public_key is None:
        return steps
    _check_envelope(proof, public_key, origin, steps)
    _check_registration(proof, public_key, trusted, origin, issuer_name, steps)
    return steps


def _author_key(proof: Mapping[str, Any], steps: list[ProofStep]) -> bytes | None:
    try:
        key = envelope.parse_public_key(proof.get("public_key"))
    except (CryptoError, TypeError):
        steps.append(ProofStep("author key", False, "public_key is not a base64url Ed25519 key"))
        return None
    steps.append(ProofStep("author key", True, "an Ed25519 public key"))
    return key


def _check_envelope(
    proof: Mapping[str, Any], public_key: bytes, origin: str, steps: list[ProofStep]
) -> None:
    if proof.get("redaction") is not None:
        cause, problem = redaction_cause(proof)
        if cause is None:
            steps.append(ProofStep(ENVELOPE_STEP, False, problem))
        else:
            steps.append(ProofStep(ENVELOPE_STEP, False, cause.explanation, redacted=True))
        return
    text, signature = proof.get("envelope"), proof.get("signature")
    if not isinstance(text, str) or not isinstance(signature, str):
        steps.append(ProofStep(ENVELOPE_STEP, False, "envelope or signature missing"))
        return
    message = text.encode("utf-8")
    try:
        envelope.verify_signature(message, signature, public_key)
    except envelope.EnvelopeError as exc:
        steps.append(ProofStep(ENVELOPE_STEP, False, str(exc)))
        return
    steps.append(ProofStep(ENVELOPE_STEP, True, "Ed25519 signature by the author key"))
    try:
        body = envelope.parse_canonical(message)
        envelope.check_header(body)
    except envelope.EnvelopeError as exc:
        steps.append(ProofStep("envelope form", False, str(exc)))
        return
    steps.append(ProofStep("envelope form", True, "RFC 8785 canonical, common members present"))
    named = body["pseudonym"] == envelope.pseudonym_id(public_key)
    steps.append(
        ProofStep(
            "envelope author",
            named,
            "names the author key" if named else "names another pseudonym than the signer",
        )
    )
    if "kind" in proof:
        same_kind = proof["kind"] == body["kind"]
        steps.append(
            ProofStep(
                "envelope kind",
                same_kind,
                "matches the signed kind" if same_kind else "differs from the signed kind",
            )
        )
    same_origin = body["origin"] == origin
    steps.append(
        ProofStep(
            "envelope origin",
            same_origin,
            f"signed for {origin}" if same_origin else "signed for another origin",
        )
    )


def _check_registration(
    proof: Mapping[str, Any],
    public_key: bytes,
    trusted: list[bytes],
    origin: str,
    issuer_name: str,
    steps: list[ProofStep],
) -> None:
    tokens = proof.get("registration_tokens")
    if not isinstance(tokens, list) or not tokens:
        steps.append(ProofStep("registration", False, "the proof carries no registration token"))
        return
    challenge = envelope.pseudonym_challenge(issuer_name, origin, public_key)
    verified = 0
    for index, item in enumerate(tokens, start=1):
        name = f"registration token {index}"
        spki, problem = _check_token(item, challenge, trusted)
        if spki is None:
            steps.append(ProofStep(name, False, problem, warning=True))
            continue
        verified += 1
        key_id = base64url.encode(token_key_id(spki), padded=False)
        steps.append(ProofStep(name, True, f"valid token for this key, issuer key {key_id}"))
    ignored = len(tokens) - verified
    if not verified:
        explanation = "no registration token verifies"
    elif ignored:
        explanation = f"{verified} of {len(tokens)} token(s) verify; the other(s) are ignored"
    else:
        explanation = f"{verified} of {len(tokens)} token(s) verify"
    steps.append(ProofStep("registration", verified > 0, explanation))


def _check_token(
    item: Any, challenge: privacypass.TokenChallenge, trusted: list[bytes]
) -> tuple[bytes | None, str]:
    """(the trusted issuer key the token verifies under, "") or (None, why it does not)."""
    try:
        token = privacypass.Token.deserialize(base64url.decode(item["token"], "token"))
    except (CryptoError, KeyError, TypeError):
        return None, "not a serialised Privacy Pass token"
    listed = item.get("token_key_id")
    if listed is not None and listed != base64url.encode(token.token_key_id, padded=False):
        return None, "token_key_id differs from the token's key id"
    if token.challenge_digest != challenge.digest():
        return None, "issued for another key, issuer or origin than this one"
    try:
        return privacypass.verify_token(token, challenge, trusted), ""
    except UnknownKey:
        return None, "signed by an issuer key you do not trust"
    except CryptoError as exc:
        return None, str(exc)

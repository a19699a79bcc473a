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

At least one token must verify. Nothing raises on a bad proof: every step is
reported, and :func:`proof_is_valid` says whether all of them passed. The
``handle`` is only a display name the forum derives from the key
(``casecrowd.forum.handles.handle_for``); it proves nothing by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casecrowd.crypto import base64url, envelope, privacypass
from casecrowd.crypto.errors import CryptoError, UnknownKey
from casecrowd.crypto.keys import token_key_id


@dataclass(frozen=True)
class ProofStep:
    name: str
    ok: bool
    explanation: str


def proof_is_valid(steps: Iterable[ProofStep]) -> bool:
    steps = list(steps)
    return bool(steps) and all(step.ok for step in steps)


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
    text, signature = proof.get("envelope"), proof.get("signature")
    if not isinstance(text, str) or not isinstance(signature, str):
        steps.append(ProofStep("envelope signature", False, "envelope or signature missing"))
        return
    message = text.encode("utf-8")
    try:
        envelope.verify_signature(message, signature, public_key)
    except envelope.EnvelopeError as exc:
        steps.append(ProofStep("envelope signature", False, str(exc)))
        return
    steps.append(ProofStep("envelope signature", True, "Ed25519 signature by the author key"))
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
        try:
            token = privacypass.Token.deserialize(base64url.decode(item["token"], "token"))
        except (CryptoError, KeyError, TypeError):
            steps.append(ProofStep(name, False, "not a serialised Privacy Pass token"))
            continue
        listed = item.get("token_key_id")
        if listed is not None and listed != base64url.encode(token.token_key_id, padded=False):
            steps.append(ProofStep(name, False, "token_key_id differs from the token's key id"))
            continue
        if token.challenge_digest != challenge.digest():
            steps.append(
                ProofStep(name, False, "issued for another key, issuer or origin than this one")
            )
            continue
        try:
            spki = privacypass.verify_token(token, challenge, trusted)
        except UnknownKey:
            steps.append(ProofStep(name, False, "signed by an issuer key you do not trust"))
            continue
        except CryptoError as exc:
            steps.append(ProofStep(name, False, str(exc)))
            continue
        verified += 1
        key_id = base64url.encode(token_key_id(spki), padded=False)
        steps.append(ProofStep(name, True, f"valid token for this key, issuer key {key_id}"))
    steps.append(
        ProofStep(
            "registration",
            verified > 0,
            f"{verified} of {len(tokens)} token(s) verify"
            if verified
            else "no registration token verifies",
        )
    )

"""Checking a post's proof offline, against issuer keys this device already trusts.

The proof (``GET /api/v1/proofs/{id}``) brings its own copy of the issuer keys, but
they come from the same server as the rest of it, so they are ignored: the keys
trusted are the ones pinned in the wallet when tokens were fetched (or a directory
the user names).

What a reader may believe is only what was signed: :attr:`Verification.signed` holds
the envelope's members once its signature and form check, and nothing else from the
proof is shown as content. The author's handle is recomputed from the key; the
forum's stated handle must match it.

A proof whose text a PHI purge removed has no envelope, only a redaction: then
:attr:`Verification.redaction` names the mod-log entry, ``signed`` stays None,
and the proof is valid when everything left (the key, its handle, its
registration) verifies: it shows that the author's key is a verified
physician's pseudonym, not what it signed, nor even that it signed anything.
A post its author withdrew is alike, with :attr:`Verification.withdrawal`
(the withdrawal's proof id) in place of the mod-log entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casecrowd.client.errors import ClientError, ExitCode
from casecrowd.client.wallet import Wallet
from casecrowd.crypto import envelope, privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.proof import (
    WITHDRAWN_DETAIL,
    ProofStep,
    RedactionCause,
    proof_is_valid,
    redaction_cause,
    verify_proof,
)
from casecrowd.handles import handle_for
from casecrowd.protocol.cases import CASE_FIELDS

# Both must pass before any signed member is shown.
CONTENT_STEPS = ("envelope signature", "envelope form")
AUTHOR_STEP = "author key"
HANDLE_STEP = "author handle"

# What each step establishes, for a reader who is not a cryptographer.
MEANING = {
    "author key": "The proof names the author's pseudonym: an Ed25519 public key.",
    "author handle": "The handle the forum shows is the one anyone recomputes from that key.",
    "envelope signature": "Only the holder of that key's private half could have signed the"
    " text exactly as shown.",
    "envelope form": "The signed text is in its one canonical form, so nothing could be"
    " reordered or added without breaking the signature.",
    "envelope author": "The signed text names the same pseudonym that signed it.",
    "envelope kind": "The forum files the post under the kind its author signed.",
    "envelope origin": "It was signed for this forum, so it cannot be replayed elsewhere.",
    "registration": "At least one Privacy Pass token registered the key: a verified"
    " physician obtained it from the issuer, and the blind signature hides which one.",
}
REDACTED_MEANING = (
    "The forum says moderation removed this post's text (a PHI purge); the public, signed"
    " mod log's entry it names should record that purge. The signature is kept, but with no"
    " text left it cannot be checked."
)
WITHDRAWN_MEANING = (
    "The forum says the post's author withdrew it; the withdrawal proof it names should be a"
    " withdraw envelope signed by the same key. The signature is kept, but with no text left"
    " it cannot be checked."
)
TOKEN_MEANING = (
    "A token answering the challenge computed from this key, issuer and forum, signed by an"
    " issuer key you trust. One such token suffices: a token that fails is only a warning."
)


@dataclass(frozen=True)
class Verification:
    """``signed`` is None unless the envelope's signature and canonical form check;
    ``redaction`` is the mod-log entry that removed the text, ``withdrawal`` the proof id
    of the author's withdrawal that did, when that is all there is (one of them at most).
    """

    valid: bool
    steps: list[ProofStep]
    origin: str
    issuer_name: str
    trusted_keys: int
    signed: dict[str, Any] | None = None
    author_key: bytes | None = None
    author_handle: str | None = None
    redaction: int | None = None
    withdrawal: int | None = None

    @property
    def removed(self) -> str | None:
        """Why there is no text to check, in a sentence, when the proof was redacted."""
        if self.redaction is None and self.withdrawal is None:
            return None
        return RedactionCause(self.redaction, self.withdrawal).explanation

    @property
    def warnings(self) -> list[ProofStep]:
        return [step for step in self.steps if step.warning]

    def failed(self, *, registration: bool = True) -> list[ProofStep]:
        """The steps the proof rests on that did not pass (optionally not the registration).

        A redacted step is not among them: it could not be made.
        """
        return [
            step
            for step in self.steps
            if not step.ok
            and not step.warning
            and not step.redacted
            and (registration or not step.name.startswith("registration"))
        ]

    def _redaction_json(self) -> dict[str, Any] | None:
        if self.withdrawal is not None:
            return {"log_entry": None, "withdrawal": self.withdrawal}
        return None if self.redaction is None else {"log_entry": self.redaction}

    def as_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "origin": self.origin,
            "issuer_name": self.issuer_name,
            "trusted_keys": self.trusted_keys,
            "author_handle": self.author_handle,
            "signed": self.signed,
            "redaction": self._redaction_json(),
            "warnings": [step.name for step in self.warnings],
            "steps": [
                {
                    "name": s.name,
                    "ok": s.ok,
                    "warning": s.warning,
                    "redacted": s.redacted,
                    "explanation": s.explanation,
                    "meaning": meaning(s),
                }
                for s in self.steps
            ],
        }


def meaning(step: ProofStep) -> str:
    if step.redacted:
        withdrawn = step.explanation.startswith(WITHDRAWN_DETAIL)
        return WITHDRAWN_MEANING if withdrawn else REDACTED_MEANING
    if step.name.startswith("registration token"):
        return TOKEN_MEANING
    return MEANING.get(step.name, "")


def read_json_file(path: Path) -> dict[str, Any]:
    """A saved proof or issuer directory."""
    try:
        document = json.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ClientError(
            f"{path} is not a readable JSON file: {exc}", exit_code=ExitCode.USAGE
        ) from None
    if not isinstance(document, dict):
        raise ClientError(f"{path} does not hold a JSON object", exit_code=ExitCode.USAGE)
    return document


def keys_from_directory(document: Any) -> list[bytes]:
    try:
        return [key.spki for key in privacypass.parse_issuer_directory(document)[1]]
    except CryptoError as exc:
        raise ClientError(f"the issuer directory is not usable: {exc}") from None


def pinned_keys(wallet: Wallet, issuer_name: str) -> list[bytes]:
    return [key.spki for key in wallet.pinned_keys(issuer_name)]


def verify(
    proof: dict[str, Any],
    trusted: list[bytes],
    *,
    origin: str | None = None,
    issuer_name: str | None = None,
) -> Verification:
    """Check every link; ``origin``/``issuer_name`` default to what the proof names.

    Defaulting to the proof's own names is safe: the token challenge is recomputed
    from them, and a token obtained for another forum or issuer does not answer it.
    """
    origin = origin or str(proof.get("origin") or "")
    issuer_name = issuer_name or str(proof.get("issuer_name") or "")
    steps = verify_proof(proof, trusted, origin=origin, issuer_name=issuer_name)
    passed = {step.name for step in steps if step.ok}
    author_key = handle = None
    if AUTHOR_STEP in passed:
        author_key = envelope.parse_public_key(proof["public_key"])
        handle = handle_for(author_key)
        position = next(i for i, step in enumerate(steps) if step.name == AUTHOR_STEP) + 1
        steps.insert(position, _handle_step(proof.get("handle"), handle))
    signed = None
    if all(name in passed for name in CONTENT_STEPS):
        signed = envelope.parse_canonical(proof["envelope"].encode("utf-8"))
    cause = redaction_cause(proof)[0] if any(step.redacted for step in steps) else None
    return Verification(
        proof_is_valid(steps),
        steps,
        origin,
        issuer_name,
        len(trusted),
        signed,
        author_key,
        handle,
        cause.log_entry if cause else None,
        cause.withdrawal if cause else None,
    )


def readable(value: Any) -> str:
    """A signed value as one line of text (lists joined, objects as compact JSON)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def signed_members(body: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, text) for the kind, the signing time and each content member of an envelope.

    Case fields come in the order an author writes them, the others by name.
    """
    content = list(envelope.members(body))
    order = {name: index for index, name in enumerate(CASE_FIELDS)}
    content.sort(key=lambda name: (order.get(name, len(order)), name))
    return [(name, readable(body[name])) for name in ("kind", "created", *content)]


def _handle_step(stated: Any, recomputed: str) -> ProofStep:
    # A wrong handle would credit the post to another pseudonym in every reader's eyes,
    # so it fails the proof rather than warning.
    if stated is None:
        return ProofStep(HANDLE_STEP, True, f"{recomputed}, recomputed from the key")
    if stated == recomputed:
        return ProofStep(HANDLE_STEP, True, f"{recomputed}, as the forum states")
    return ProofStep(
        HANDLE_STEP, False, f"the forum states another handle; the key's is {recomputed}"
    )

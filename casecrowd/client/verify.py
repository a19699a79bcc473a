"""Checking a post's proof offline, against issuer keys this device already trusts.

The proof (``GET /api/v1/proofs/{id}``) brings its own copy of the issuer keys, but
they come from the same server as the rest of it, so they are ignored: the keys
trusted are the ones pinned in the wallet when tokens were fetched (or a directory
the user names).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casecrowd.client.errors import ClientError, ExitCode
from casecrowd.client.wallet import Wallet
from casecrowd.crypto import privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.proof import ProofStep, proof_is_valid, verify_proof

# What each step establishes, for a reader who is not a cryptographer.
MEANING = {
    "author key": "The proof names the author's pseudonym: an Ed25519 public key.",
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
TOKEN_MEANING = (
    "A token answering the challenge computed from this key, issuer and forum, signed by an"
    " issuer key you trust."
)


@dataclass(frozen=True)
class Verification:
    valid: bool
    steps: list[ProofStep]
    origin: str
    issuer_name: str
    trusted_keys: int

    def as_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "origin": self.origin,
            "issuer_name": self.issuer_name,
            "trusted_keys": self.trusted_keys,
            "steps": [
                {"name": s.name, "ok": s.ok, "explanation": s.explanation, "meaning": meaning(s)}
                for s in self.steps
            ],
        }


def meaning(step: ProofStep) -> str:
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
    return Verification(proof_is_valid(steps), steps, origin, issuer_name, len(trusted))

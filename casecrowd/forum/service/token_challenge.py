"""The forum's token-challenge parameters, published as one cacheable document.

A client builds the RFC 9577 challenge for a fresh pseudonym key from this
document alone (``casecrowd.crypto.envelope.pseudonym_challenge`` with the
issuer name, the origin_info entry and the key), so it never has to ask the
forum anything while it obtains tokens: a request at that moment would tell
the forum when someone was about to register. Every caller gets the same
bytes, which hold nothing about any pseudonym; the document lists the next
epoch's key as soon as the issuer publishes it, so a cached copy stays good
across a rotation, and caches keep it no later than the epoch boundary.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from casecrowd.clock import utcnow
from casecrowd.crypto import base64url
from casecrowd.crypto.privacypass import TOKEN_TYPE_BLIND_RSA
from casecrowd.forum.context import forum_config
from casecrowd.forum.schemas.api import TokenChallengeDocumentSchema
from casecrowd.forum.service import issuer_keys
from casecrowd.problems import raises

# Names the derivation in casecrowd.crypto.envelope.pseudonym_redemption_context:
# SHA-256("casecrowd/pseudonym/v1" || the pseudonym's Ed25519 public key).
REDEMPTION_CONTEXT = "sha256-of-pseudonym-public-key"
MEDIA_TYPE = "application/json"


@dataclass(frozen=True)
class Published:
    body: bytes
    etag: str  # derived from the body only
    max_age: int  # seconds caches may keep it


@raises(issuer_keys.known_keys, issuer_keys.current_key)
def document(now: datetime | None = None) -> Published:
    """The document as of ``now``: the key in force and, once published, the next one."""
    config = forum_config()
    now = now or utcnow()
    keys = issuer_keys.known_keys(now)
    current = issuer_keys.current_key(keys, now)
    upcoming = [key for key in keys if key.start > now and key.published]
    content = {
        "token_type": TOKEN_TYPE_BLIND_RSA,
        "issuer_name": config.issuer_name,
        "origin_info": [config.origin_info],
        "redemption_context": REDEMPTION_CONTEXT,
        "token_keys": [_token_key(key) for key in [current, *upcoming[:1]]],
    }
    dumped = TokenChallengeDocumentSchema().dump(content)
    body = json.dumps(dumped, separators=(",", ":")).encode("ascii")
    # A cached copy must not name a key in force past the boundary it ends at.
    boundary = issuer_keys.epoch_end(current, keys, config)
    until_boundary = max(0, int((boundary - now).total_seconds()))
    return Published(
        body,
        hashlib.sha256(body).hexdigest()[:32],
        min(config.directory_cache_seconds, until_boundary),
    )


def _token_key(key: issuer_keys.KnownKey) -> dict[str, object]:
    return {
        "token_key": base64url.encode(key.spki, padded=False),
        "token_key_id": key.token_key_id.hex(),
        "not_before": None if key.not_before is None else int(key.not_before.timestamp()),
    }

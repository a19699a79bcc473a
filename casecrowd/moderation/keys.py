"""The forum's moderation key, a file in keys/: it signs every entry of the public mod log.

The file holds the 32-byte Ed25519 seed. ``casecrowd init`` creates it
(mode 0600) and publishes its public half next to the issuer directory, as
``moderation-key.json``; a missing file at run time is an error, never a
reason to make a new key, since readers pin the key and a new one would
look like a rewritten history.
"""

from __future__ import annotations

import json

from flask import Flask
from nacl.signing import SigningKey

from casecrowd.crypto.base64url import encode
from casecrowd.keyfiles import make_private
from casecrowd.settings import SecretFile, keys_path, per_app

MODERATION_KEY_FILE = "moderation-key"
MODERATION_KEY_DOCUMENT = "moderation-key.json"


class ModerationKeyMissing(RuntimeError):
    pass


MODERATION_KEY = SecretFile(MODERATION_KEY_FILE, ModerationKeyMissing)


def public_key_document(signing_key: SigningKey) -> dict[str, str]:
    """What readers pin: the algorithm and the base64url public key."""
    return {
        "algorithm": "Ed25519",
        "public_key": encode(bytes(signing_key.verify_key), padded=False),
    }


def generate_keys(app: Flask) -> list[str]:
    """Key generator of ``casecrowd init``: the moderation key and its public document."""
    created = MODERATION_KEY.create(app)
    document = keys_path(app) / MODERATION_KEY_DOCUMENT
    if created or not document.exists():
        key = SigningKey(MODERATION_KEY.read(app))
        document.write_text(json.dumps(public_key_document(key), indent=2) + "\n")
        created.append(MODERATION_KEY_DOCUMENT)
    # Public content, but keys/ holds only private files (one made before this rule too).
    make_private(document)
    return created


def _signing_key(app: Flask) -> SigningKey:
    return SigningKey(MODERATION_KEY.read(app))


def moderation_signing_key() -> SigningKey:
    return per_app(_signing_key)

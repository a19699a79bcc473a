"""Keys of the retry cache, the secret they are made with, and the sweep of ended epochs.

An entry's key is HMAC-SHA256(retry secret, membership id ‖ SHA-256(body)).
The issuer, holding the request, finds the entry again; a copy of the
database (dead tuples and write-ahead log included) holds neither the
membership id nor the body, and without the secret in ``keys/`` not even a
guessed pair can be tested against it.

Losing the secret only makes the entries of the current epoch unfindable
(an identical retry then spends one more token), so it is created by
``casecrowd init`` like every key file, and a missing file at run time is an
error rather than a reason to make a new one.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from flask import Flask
from sqlalchemy import delete

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.issuer import epochs
from casecrowd.issuer.models import RetryEntry
from casecrowd.issuer.settings import issuer_config
from casecrowd.settings import SecretFile

RETRY_SECRET_FILE = "issuer-retry-secret"
# Fixed width, so that no two (membership, digest) pairs share a message.
_MEMBERSHIP_ID_BYTES = 8


class RetrySecretMissing(RuntimeError):
    pass


RETRY_SECRET = SecretFile(RETRY_SECRET_FILE, RetrySecretMissing)


def generate_keys(app: Flask) -> list[str]:
    """Key generator of ``casecrowd init``: the retry secret file, if missing."""
    return RETRY_SECRET.create(app)


def entry_key(membership_id: int, body: bytes) -> bytes:
    message = membership_id.to_bytes(_MEMBERSHIP_ID_BYTES, "big") + hashlib.sha256(body).digest()
    return hmac.new(RETRY_SECRET.read(), message, hashlib.sha256).digest()


def sweep_ended_epochs(now: datetime | None = None) -> int:
    """Delete the entries of epochs before the current one; returns how many. No commit."""
    current = epochs.epoch_of(now or utcnow(), issuer_config().epoch_seconds)
    return db.session.execute(
        delete(RetryEntry)
        .where(RetryEntry.epoch < current)
        .execution_options(synchronize_session=False)
    ).rowcount

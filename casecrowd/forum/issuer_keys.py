"""The issuer's token keys as the forum sees them, and the epochs they define.

Keys come from the issuer directory (RFC 9578 §4) and are recorded in the
forum's own table the first time they are seen, so a key the directory has
dropped still verifies tokens of the previous epoch and proofs can carry its
SPKI. A key's epoch runs from its not-before to the not-before of the next
key, or for ``forum.issuer_epoch_days`` when no successor is known yet.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests
from flask import current_app
from sqlalchemy import select

from casecrowd.crypto import privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.keys import token_key_id
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.context import ForumConfig, forum_config
from casecrowd.forum.models import IssuerKey
from casecrowd.forum.sql import insert_or_ignore
from casecrowd.problems import raises

DIRECTORY_FILE = "issuer-directory.json"
FETCH_TIMEOUT_SECONDS = 5

_fetched: dict[str, tuple[float, list[privacypass.IssuerKey]]] = {}
_fetch_lock = threading.Lock()


@dataclass(frozen=True)
class KnownKey:
    row_id: int
    spki: bytes
    token_key_id: bytes
    start: datetime  # not-before, or the day the forum first saw the key
    published: bool  # listed in the directory right now
    not_before: datetime | None  # as the directory gave it


@raises(errors.IssuerUnavailable)
def directory_keys(config: ForumConfig) -> list[privacypass.IssuerKey]:
    source = config.issuer_directory
    try:
        if source.startswith(("http://", "https://")):
            return _fetch(source, config.directory_cache_seconds)
        path = (
            Path(source) if source else Path(current_app.config["CASECROWD_KEYS"]) / DIRECTORY_FILE
        )
        return privacypass.parse_issuer_directory(json.loads(path.read_text("utf-8")))[1]
    except (OSError, ValueError, CryptoError, requests.RequestException):
        # The cause goes to the log; a client only learns that keys are unavailable.
        current_app.logger.exception("cannot read the issuer directory")
        raise errors.IssuerUnavailable(
            "The issuer's keys cannot be read right now; try again later."
        ) from None


def _fetch(url: str, max_age: int) -> list[privacypass.IssuerKey]:
    with _fetch_lock:
        cached = _fetched.get(url)
        if cached and time.monotonic() - cached[0] < max_age:
            return cached[1]
    response = requests.get(url, timeout=FETCH_TIMEOUT_SECONDS)
    response.raise_for_status()
    keys = privacypass.parse_issuer_directory(response.json())[1]
    with _fetch_lock:
        _fetched[url] = (time.monotonic(), keys)
    return keys


@raises(directory_keys)
def known_keys(now: datetime) -> list[KnownKey]:
    """Every key the forum has seen in the directory, oldest epoch first.

    Directory keys are recorded the first time they are seen, in their own
    transaction: once the issuer rotates and drops a key from its
    directory, tokens of that (previous) epoch still verify.
    """
    rows = list(db.session.scalars(select(IssuerKey)))
    seen = {row.token_key_id for row in rows}
    directory = directory_keys(forum_config())
    published = {token_key_id(key.spki) for key in directory}
    new = [key for key in directory if token_key_id(key.spki) not in seen]
    if new:
        for key in new:
            insert_or_ignore(
                IssuerKey,
                {
                    "token_key_id": token_key_id(key.spki),
                    "spki": key.spki,
                    "not_before": _from_unix(key.not_before),
                    "first_seen_on": now.date(),
                },
                ["token_key_id"],
            )
        db.session.commit()
        rows = list(db.session.scalars(select(IssuerKey)))
    keys = [
        KnownKey(
            row.id,
            row.spki,
            row.token_key_id,
            row.not_before or datetime.combine(row.first_seen_on, datetime.min.time(), UTC),
            row.token_key_id in published,
            row.not_before,
        )
        for row in rows
    ]
    return sorted(keys, key=lambda k: (k.start, k.token_key_id))


def _from_unix(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


@raises(errors.IssuerUnavailable)
def current_key(keys: list[KnownKey], now: datetime) -> KnownKey:
    active = [k for k in keys if k.start <= now and k.published]
    if not active:
        raise errors.IssuerUnavailable("The issuer has no key in force right now.")
    return active[-1]


@raises(errors.TokenKeyUnknown, errors.TokenKeyRetired)
def accepted_key(key_id: bytes, keys: list[KnownKey], now: datetime) -> KnownKey:
    """The key a token names, if it is the current or the previous epoch's."""
    key = next((k for k in keys if k.token_key_id == key_id), None)
    if key is None:
        raise errors.TokenKeyUnknown("The token's key id names no key of the issuer.")
    if key.start > now:
        raise errors.TokenKeyUnknown("The token's issuer key is not in force yet.")
    active = [k for k in keys if k.start <= now]
    if key not in active[-2:]:
        raise errors.TokenKeyRetired(
            "The token's issuer key is older than the previous epoch; get a token of the"
            " current key."
        )
    # A key the issuer stopped publishing with no successor in force was
    # withdrawn, not rotated: only a superseded key outlives the directory.
    if not key.published and key is active[-1]:
        raise errors.TokenKeyRetired("The issuer no longer publishes the token's key.")
    return key


def epoch_end(key: KnownKey, keys: list[KnownKey], config: ForumConfig) -> datetime:
    successors = [k.start for k in keys if k.start > key.start]
    return min(successors) if successors else key.start + config.epoch

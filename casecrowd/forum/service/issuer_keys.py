"""The issuer's token keys as the forum sees them, and the epochs they define.

Keys come from the issuer directory (RFC 9578 §4) and are recorded in the
forum's own table when the trust rules of ``casecrowd.forum.key_trust``
accept them: keys only move forward, a withdrawn key stays withdrawn, and a
refused change records nothing. Proofs carry the SPKI of every recorded key
a token registered under. A key's epoch runs from its not-before to the
not-before of the next listed key, or for ``forum.issuer_epoch_days`` when
no successor is listed yet.

A token is accepted under two keys only (:func:`accepted_key`): the key in
force (the newest listed key whose not-before has passed), and its
predecessor, the newest older key that the forum saw listed while in force,
for the late tokens of the previous epoch, listed still or not. Any other
key, listed or recorded, is refused, and so is a key the operator revoked
(``casecrowd keys revoke``, :mod:`casecrowd.forum.key_revocation`), however
the directory lists it.

What the trust rules accept is written in a transaction of its own (see
:func:`known_keys`); fetched directories and the refusals already logged
are kept by the app (:func:`casecrowd.settings.per_app`), never by this module.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests
from flask import Flask, current_app
from sqlalchemy import select

from casecrowd import db as databases
from casecrowd.crypto import privacypass
from casecrowd.crypto.errors import CryptoError
from casecrowd.crypto.keys import token_key_id
from casecrowd.db import db
from casecrowd.forum import errors, key_trust
from casecrowd.forum.context import ForumConfig, forum_config, is_url
from casecrowd.forum.key_revocation import revoked_ids
from casecrowd.forum.models import IssuerKey, IssuerKeyWithdrawal
from casecrowd.keyfiles import ISSUER_DIRECTORY_FILE
from casecrowd.problems import raises
from casecrowd.settings import keys_path, per_app
from casecrowd.web import role_logger

FETCH_TIMEOUT_SECONDS = 5
_REPORTED_MAX = 1000
log = role_logger("forum")


@dataclass
class DirectoryMemory:
    """What an app keeps between requests: directories fetched over HTTP, refusals logged."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    fetched: dict[str, tuple[float, list[privacypass.IssuerKey]]] = field(default_factory=dict)
    # A refused directory is read again on every request that needs keys, and
    # the operator needs one line per change.
    reported: set[str] = field(default_factory=set)


def _new_memory(app: Flask) -> DirectoryMemory:
    return DirectoryMemory()


def _memory() -> DirectoryMemory:
    return per_app(_new_memory)


@dataclass(frozen=True)
class KnownKey:
    row_id: int
    spki: bytes
    token_key_id: bytes
    start: datetime  # not-before, or the day the forum first saw the key
    published: bool  # listed and trusted, and not revoked: offered for new tokens
    not_before: datetime | None  # as the directory gave it when the key was recorded
    listed: bool = False  # listed in the directory right now, and trusted
    served_in_force: bool = False  # seen listed after its not-before
    revoked: bool = False


@raises(errors.IssuerUnavailable)
def directory_keys(config: ForumConfig) -> list[privacypass.IssuerKey]:
    source = config.issuer_directory
    try:
        if is_url(source):
            return _fetch(source, config.directory_cache_seconds)
        path = Path(source) if source else keys_path() / ISSUER_DIRECTORY_FILE
        return privacypass.parse_issuer_directory(json.loads(path.read_text("utf-8")))[1]
    except (OSError, ValueError, CryptoError, requests.RequestException):
        # The cause goes to the log; a client only learns that keys are unavailable.
        current_app.logger.exception("cannot read the issuer directory")
        raise errors.IssuerUnavailable(
            "The issuer's keys cannot be read right now; try again later."
        ) from None


def _fetch(url: str, max_age: int) -> list[privacypass.IssuerKey]:
    memory = _memory()
    with memory.lock:
        cached = memory.fetched.get(url)
        if cached and time.monotonic() - cached[0] < max_age:
            return cached[1]
    response = requests.get(url, timeout=FETCH_TIMEOUT_SECONDS)
    response.raise_for_status()
    keys = privacypass.parse_issuer_directory(response.json())[1]
    with memory.lock:
        memory.fetched[url] = (time.monotonic(), keys)
    return keys


@raises(directory_keys)
def known_keys(now: datetime) -> list[KnownKey]:
    """Every key the forum has recorded, oldest epoch first, as of the directory right now.

    What the trust rules accept is written and committed in its own
    transaction (:func:`_apply`), before any token is looked at; the
    caller's stays as it was. Call it before the caller writes anything.
    """
    directory = [
        key_trust.Listed(token_key_id(key.spki), key.spki, _from_unix(key.not_before))
        for key in directory_keys(forum_config())
    ]
    revoked = revoked_ids()
    rows = _recorded()
    recorded = [_as_recorded(*row) for row in rows]
    decided = key_trust.review(recorded, directory, revoked, now)
    if decided.record or decided.withdraw:
        _apply(decided, rows, now)
        rows = _recorded()
    _report(decided.refusals)
    listed = decided.listed | {entry.token_key_id for entry in decided.record}
    keys = [_known(row, withdrawal, listed, revoked, now) for row, withdrawal in rows]
    return sorted(keys, key=lambda k: (k.start, k.token_key_id))


def _recorded() -> list[tuple[IssuerKey, IssuerKeyWithdrawal | None]]:
    query = select(IssuerKey, IssuerKeyWithdrawal).outerjoin(
        IssuerKeyWithdrawal, IssuerKeyWithdrawal.issuer_key_id == IssuerKey.id
    )
    return [(row, withdrawal) for row, withdrawal in db.session.execute(query)]


def _start(row: IssuerKey) -> datetime:
    return row.not_before or datetime.combine(row.first_seen_on, datetime.min.time(), UTC)


def _as_recorded(row: IssuerKey, withdrawal: IssuerKeyWithdrawal | None) -> key_trust.Recorded:
    return key_trust.Recorded(
        token_key_id=row.token_key_id,
        not_before=row.not_before,
        start=_start(row),
        withdrawn=withdrawal is not None,
        withdrawn_in_force=withdrawal is not None and withdrawal.in_force,
    )


def _apply(
    decided: key_trust.Review,
    rows: list[tuple[IssuerKey, IssuerKeyWithdrawal | None]],
    now: datetime,
) -> None:
    """Record new keys and withdrawals on a connection of their own, committed at once.

    A commit is needed even when the request then fails (a spent token, no
    key in force): a key recorded now must stay recorded, so that its
    tokens still verify once the issuer rotates and drops it, and a key
    withdrawn now must stay withdrawn, so that a later listing cannot bring
    it back. Committing the caller's session instead would also commit
    whatever the caller had pending. Conflicts are ignored: another worker
    that read the same directory writes the same rows.
    """
    by_id = {row.token_key_id: row for row, _ in rows}
    statements = [
        databases.insert_ignoring_conflict(
            IssuerKey,
            {
                "token_key_id": entry.token_key_id,
                "spki": entry.spki,
                "not_before": entry.not_before,
                "first_seen_on": now.date(),
            },
            ["token_key_id"],
        )
        for entry in decided.record
    ]
    statements += [
        databases.insert_ignoring_conflict(
            IssuerKeyWithdrawal,
            {
                "issuer_key_id": by_id[key_id].id,
                "withdrawn_on": now.date(),
                "in_force": _start(by_id[key_id]) <= now,
            },
            ["issuer_key_id"],
        )
        for key_id in decided.withdraw
    ]
    with databases.engine("forum").begin() as connection:
        for statement in statements:
            connection.execute(statement)


def _report(refusals: list[key_trust.Refusal]) -> None:
    memory = _memory()
    for refusal in refusals:
        line = refusal.line()
        with memory.lock:
            if line in memory.reported:
                continue
            if len(memory.reported) >= _REPORTED_MAX:
                memory.reported.clear()
            memory.reported.add(line)
        log.warning(line)


def _known(
    row: IssuerKey,
    withdrawal: IssuerKeyWithdrawal | None,
    listed: set[bytes],
    revoked: set[bytes],
    now: datetime,
) -> KnownKey:
    start, is_listed = _start(row), row.token_key_id in listed
    is_revoked = row.token_key_id in revoked
    return KnownKey(
        row.id,
        row.spki,
        row.token_key_id,
        start,
        published=is_listed and not is_revoked,
        not_before=row.not_before,
        listed=is_listed,
        served_in_force=(is_listed and start <= now)
        or (withdrawal is not None and withdrawal.in_force),
        revoked=is_revoked,
    )


def _from_unix(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _in_force(keys: list[KnownKey], now: datetime) -> KnownKey | None:
    active = [k for k in keys if k.start <= now and k.published]
    return active[-1] if active else None


@raises(errors.IssuerUnavailable)
def current_key(keys: list[KnownKey], now: datetime) -> KnownKey:
    """The key new tokens are asked for: the newest listed, unrevoked key in force."""
    key = _in_force(keys, now)
    if key is None:
        raise errors.IssuerUnavailable("The issuer has no key in force right now.")
    return key


def predecessor(current: KnownKey, keys: list[KnownKey]) -> KnownKey | None:
    """The key in force before ``current``: the newest older key the forum saw listed in force.

    Keys never seen in force (dropped before their not-before) are skipped:
    they signed no token of an epoch, and a directory that lists a key once
    must not make it the predecessor.
    """
    older = [k for k in keys if k.start < current.start and k.served_in_force]
    return older[-1] if older else None


@raises(errors.TokenKeyUnknown, errors.TokenKeyRetired, errors.TokenKeyRevoked)
def accepted_key(key_id: bytes, keys: list[KnownKey], now: datetime) -> KnownKey:
    """The key a token names, if it is the key in force or its predecessor, and not revoked."""
    key = next((k for k in keys if k.token_key_id == key_id), None)
    if key is None:
        raise errors.TokenKeyUnknown("The token's key id names no key of the issuer.")
    if key.revoked:
        raise errors.TokenKeyRevoked(
            "The forum's operator revoked the token's issuer key; get a token of another key."
        )
    if key.start > now:
        raise errors.TokenKeyUnknown("The token's issuer key is not in force yet.")
    current = _in_force(keys, now)
    if current is not None and key in (current, predecessor(current, keys)):
        return key
    if key.published:
        raise errors.TokenKeyRetired(
            "The token's issuer key is older than the previous epoch; get a token of the"
            " current key."
        )
    # Withdrawn with no successor in force, or never the key in force before
    # the current one: only a superseded key outlives the directory.
    raise errors.TokenKeyRetired("The issuer no longer publishes the token's key.")


def epoch_end(key: KnownKey, keys: list[KnownKey], config: ForumConfig) -> datetime:
    # Only a listed successor ends an epoch: a key that one directory
    # response showed and the next dropped must not cut it short.
    successors = [k.start for k in keys if k.start > key.start and k.listed]
    return min(successors) if successors else key.start + config.epoch

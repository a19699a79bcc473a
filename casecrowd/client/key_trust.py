"""Which issuer key the client signs under, and where it may send the membership secret.

Key consistency (RFC 9576 §6.2): an issuer that gave one member a key (or a date) of
its own could recognise that member's tokens, since every public proof names the key
its tokens were issued under. So, per issuer (its URL and the name derived from it,
:func:`~casecrowd.crypto.envelope.issuer_name_of`), the wallet pins every key the
directory shows with its not-before, and

* refuses a pinned key shown again with another not-before, a second key for an epoch
  already pinned, and a directory with two keys in force at once (:func:`record`,
  :func:`key_in_force`);
* signs only under the key both in force in the directory and in force in the
  forum's document (casecrowd.client.forum_challenge.check_agrees);
* trusts a key it has not obtained tokens under only when other members' registration
  tokens agree (casecrowd.client.key_witness), or when told to (``--accept-new-key``:
  first installs and tests).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import SplitResult, urlsplit

from casecrowd.client.errors import KeyInconsistency
from casecrowd.client.wallet_model import DirectoryKey, PinnedIssuer, PinnedKey
from casecrowd.clock import utcnow
from casecrowd.crypto.keys import token_key_id
from casecrowd.urls import is_loopback

# The issuer's default epoch; the real length is learnt from two consecutive keys.
DEFAULT_EPOCH = timedelta(days=30)


def key_id_text(spki: bytes) -> str:
    """A token key id as people compare it: the first 16 hex digits of SHA-256(SPKI)."""
    return token_key_id(spki).hex()[:16]


def epoch_seconds(keys: Sequence[PinnedKey]) -> int:
    """The issuer's epoch length: the gap between two consecutive pinned keys, if known."""
    starts = sorted({k.not_before for k in keys if k.not_before is not None})
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    return min(gaps) if gaps else int(DEFAULT_EPOCH.total_seconds())


def key_in_force(keys: Sequence[DirectoryKey], now: float | None = None) -> DirectoryKey:
    """The one key of an issuer directory whose not-before has passed.

    A directory lists the current key and at most the next one, which is not in force
    yet. Two keys in force at once would let the issuer choose, per member, which one
    that member signs under: refused.
    """
    now = time.time() if now is None else now
    in_force = [k for k in keys if (k.not_before or 0) <= now]
    if not in_force:
        raise KeyInconsistency("the issuer directory lists no key in force; nothing was requested")
    if len({k.spki for k in in_force}) > 1:
        ids = ", ".join(key_id_text(k.spki) for k in in_force)
        raise KeyInconsistency(
            f"the issuer directory lists several keys in force at once ({ids}): the issuer"
            " could choose which one you sign under, and recognise your tokens by it."
            " Nothing was requested."
        )
    return in_force[0]


def record(issuer: PinnedIssuer, keys: Sequence[DirectoryKey]) -> list[PinnedKey]:
    """Pin the keys not seen before, as seen (untrusted); return them. Nothing is pinned
    if any key contradicts the pins: another not-before for a pinned key, or another key
    for a not-before already pinned."""
    pinned = {key.spki: key for key in issuer.keys}
    by_start = {key.not_before: key for key in issuer.keys if key.not_before is not None}
    now = utcnow()
    new: list[PinnedKey] = []
    for key in keys:
        known = pinned.get(key.spki)
        if known is not None and known.not_before != key.not_before:
            raise KeyInconsistency(
                f"the issuer {issuer.name} shows key {key_id_text(key.spki)} with not-before"
                f" {key.not_before}, but this wallet pinned it with {known.not_before}: an"
                " issuer that dates keys differently for one member can tell that member's"
                " tokens apart. Nothing was requested."
            )
        rival = by_start.get(key.not_before) if key.not_before is not None else None
        if known is None and rival is not None:
            raise KeyInconsistency(
                f"the issuer {issuer.name} shows key {key_id_text(key.spki)} for the epoch"
                f" starting at {key.not_before}, for which this wallet pinned key"
                f" {key_id_text(rival.spki)}: one epoch has one key. Nothing was requested."
            )
        if known is None and all(k.spki != key.spki for k in new):
            new.append(PinnedKey.seen(key, now))
    issuer.keys.extend(new)
    return new


def pinned(issuer: PinnedIssuer, spki: bytes) -> PinnedKey:
    return next(key for key in issuer.keys if key.spki == spki)


def check_request_uri(directory_url: str, request_uri: str) -> None:
    """The membership secret goes only to the directory's own origin, and over https
    unless that origin is this machine (loopback): refused before anything is sent."""
    directory, target = urlsplit(directory_url), urlsplit(request_uri)
    if _origin(directory) != _origin(target):
        raise KeyInconsistency(
            f"the issuer directory names a request URI on another origin"
            f" ({_origin_text(target)}, not {_origin_text(directory)}): the membership"
            " secret is sent to the issuer's own origin only. Nothing was sent."
        )
    if target.scheme != "https" and not is_loopback(target.hostname):
        raise KeyInconsistency(
            f"the issuer's request URI is plain {target.scheme}:// on a host that is not"
            " this machine: the membership secret is sent over https only. Nothing was sent."
        )


def _origin(parts: SplitResult) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default)


def _origin_text(parts: SplitResult) -> str:
    scheme, host, port = _origin(parts)
    return f"{scheme}://{host}:{port}"

"""The forum's public mod log, fetched and checked on this machine.

The log's entries are chained by hash and signed with the forum's moderation
key (casecrowd.protocol.modlog). The key is pinned on first use, per forum
origin, in ``moderation-keys.json`` in the client's configuration folder: a
forum that later serves another key is refused, since a new key could sign a
rewritten history. The signature alone cannot stop the operator, who holds
the key, from re-signing an altered log, so the head of every log verified
here is pinned too: a later log must still hold that entry with that hash.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from casecrowd.client.errors import ClientError, ExitCode, KeyInconsistency
from casecrowd.client.forum import Forum
from casecrowd.clock import utcnow
from casecrowd.crypto.base64url import decode, encode
from casecrowd.crypto.errors import CryptoError
from casecrowd.protocol import modlog

MODLOG_PATH = "/api/v1/modlog"
MODERATION_KEY_PATH = "/.well-known/casecrowd-moderation-key"
PAGE_SIZE = 500
SAVED_FORMAT = "casecrowd-modlog/1"
PINS_FILE = "moderation-keys.json"
PUBLIC_KEY_BYTES = 32


class ModLogBroken(ClientError):
    """The log does not verify; ``seq`` is the first entry that fails (None: the log as a whole)."""

    exit_code = ExitCode.VERIFICATION

    def __init__(self, message: str, seq: int | None, reason: str) -> None:
        super().__init__(message)
        self.seq, self.reason = seq, reason

    def as_json(self) -> dict[str, Any]:
        return {"broken_at": self.seq, "reason": self.reason}


class ModerationKeyChanged(KeyInconsistency):
    """The forum's moderation key is not the one pinned for it."""


def _unusable(what: str, why: str) -> ClientError:
    return ClientError(f"{what} is not usable: {why}", exit_code=ExitCode.VERIFICATION)


def public_key_of(document: Any) -> bytes:
    """The Ed25519 public key of a moderation key document."""
    what = "the moderation key document"
    if not isinstance(document, Mapping) or document.get("algorithm") != "Ed25519":
        raise _unusable(what, 'it does not name the algorithm "Ed25519"')
    try:
        key = decode(document.get("public_key"), "its public_key")
    except CryptoError as exc:
        raise _unusable(what, str(exc)) from None
    if len(key) != PUBLIC_KEY_BYTES:
        raise _unusable(what, f"its public_key is not {PUBLIC_KEY_BYTES} bytes")
    return key


def key_document(public_key: bytes) -> dict[str, str]:
    return {"algorithm": "Ed25519", "public_key": _text(public_key)}


def _text(public_key: bytes) -> str:
    return encode(public_key, padded=False)


# -- fetching ---------------------------------------------------------------------------


def fetch_key(forum: Forum) -> dict[str, Any]:
    """The moderation key document the forum serves (no session needed)."""
    document = forum.api.get_json(MODERATION_KEY_PATH)
    public_key_of(document)
    return document


def fetch_page(forum: Forum, after: int, limit: int) -> dict[str, Any]:
    page = forum.get(MODLOG_PATH, after=after, limit=limit)
    if not isinstance(page, Mapping) or not isinstance(page.get("entries"), list):
        raise _unusable("the forum's mod log page", "it has no list of entries")
    return dict(page)


def fetch_entries(forum: Forum) -> list[dict[str, Any]]:
    """Every entry, from the first, following ``next`` until the last page."""
    entries: list[dict[str, Any]] = []
    after: int | None = 0
    while after is not None:
        page = fetch_page(forum, after, PAGE_SIZE)
        entries += page["entries"]
        following = page.get("next")
        # A page that names no later start would have the client fetch forever.
        if following is not None and (
            not isinstance(following, int) or following <= after or not page["entries"]
        ):
            raise _unusable("the forum's mod log", f"its next page after {after} goes nowhere")
        after = following
    return entries


# -- checking ---------------------------------------------------------------------------


def verify(entries: list[dict[str, Any]], public_key: bytes) -> modlog.VerifiedChain:
    """The chain checked from entry 1 under ``public_key``; :class:`ModLogBroken` if it fails."""
    try:
        return modlog.verify_chain(entries, public_key)
    except modlog.ChainBroken as broken:
        where = f" at entry {broken.seq}" if broken.seq is not None else ""
        message = f"mod log broken{where}: {broken.reason}"
        raise ModLogBroken(message, broken.seq, broken.reason) from None


# -- pins -------------------------------------------------------------------------------


def pins_path() -> Path:
    return platformdirs.user_config_path("casecrowd") / PINS_FILE


@dataclass
class Pins:
    """Moderation keys and verified heads per forum origin, in a small JSON file."""

    path: Path

    def _read(self) -> dict[str, Any]:
        try:
            document = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ClientError(f"{self.path} is not a readable JSON file: {exc}") from None
        forums = document.get("forums") if isinstance(document, dict) else None
        if not isinstance(forums, dict):
            raise ClientError(f"{self.path} holds no moderation key pins")
        return forums

    def _write(self, forums: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump({"forums": forums}, file, indent=2)
            file.write("\n")
        os.replace(temporary, self.path)

    def pinned_key(self, origin: str) -> bytes | None:
        pin = self._read().get(origin)
        return public_key_of(pin) if pin is not None else None

    def check_key(self, origin: str, public_key: bytes) -> bool:
        """Pin ``public_key`` for ``origin`` on first use (True); refuse a different one."""
        pinned = self.pinned_key(origin)
        if pinned is None:
            forums = self._read()
            forums[origin] = {**key_document(public_key), "pinned_at": utcnow().isoformat()}
            self._write(forums)
            return True
        if pinned != public_key:
            raise ModerationKeyChanged(
                f"the mod log of {origin} is now signed with moderation key"
                f" {_text(public_key)}, not the key {_text(pinned)} pinned for it in"
                f" {self.path}: a new key could sign a rewritten history. Nothing was"
                " verified; if the forum announced a new key, remove its entry from that"
                " file to pin the new one."
            )
        return False

    def check_head(
        self, origin: str, entries: list[dict[str, Any]], *, older_allowed: bool = False
    ) -> None:
        """The head verified here before must still be in the log, unchanged.

        ``older_allowed``: a log saved before that head was verified may end
        sooner; it is then not compared.
        """
        pin = self._read().get(origin)
        head = pin.get("head") if isinstance(pin, dict) else None
        if not isinstance(head, dict):
            return
        seq, digest = head.get("seq"), head.get("entry_hash")
        if not isinstance(seq, int) or seq < 1 or (older_allowed and len(entries) < seq):
            return
        if len(entries) < seq:
            raise ModLogBroken(
                f"mod log broken: it has {len(entries)} entries, but entry {seq} was"
                " verified here before; entries were removed",
                seq,
                "entries verified before are missing",
            )
        if entries[seq - 1].get("entry_hash") != digest:
            raise ModLogBroken(
                f"mod log broken at entry {seq}: it was verified here before with another"
                " hash; the log was rewritten and signed again",
                seq,
                "rewritten since it was verified here",
            )

    def pin_head(self, origin: str, verified: modlog.VerifiedChain) -> None:
        forums = self._read()
        if origin in forums and verified.entries:
            forums[origin]["head"] = {"seq": verified.entries, "entry_hash": verified.head_hash}
            self._write(forums)


# -- saved logs -------------------------------------------------------------------------


def saved_document(
    origin: str, key: Mapping[str, Any], entries: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "format": SAVED_FORMAT,
        "origin": origin,
        "moderation_key": dict(key),
        "entries": entries,
    }


def save(path: Path, document: Mapping[str, Any]) -> None:
    try:
        path.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    except OSError as exc:
        raise ClientError(f"cannot write {path}: {exc}", exit_code=ExitCode.USAGE) from None


def read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ClientError(
            f"{path} is not a readable JSON file: {exc}", exit_code=ExitCode.USAGE
        ) from None
    if not isinstance(document, dict):
        raise ClientError(f"{path} is not {what}", exit_code=ExitCode.USAGE)
    return document


def read_saved(path: Path) -> dict[str, Any]:
    """A log saved by ``casecrowd modlog verify --save``, its shape checked."""
    document = read_json(path, "a saved mod log")
    if (
        document.get("format") != SAVED_FORMAT
        or not isinstance(document.get("origin"), str)
        or not isinstance(document.get("entries"), list)
        or not all(isinstance(entry, dict) for entry in document["entries"])
    ):
        raise ClientError(
            f"{path} is not a mod log saved by `casecrowd modlog verify --save`",
            exit_code=ExitCode.USAGE,
        )
    return document

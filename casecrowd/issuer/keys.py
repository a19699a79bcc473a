"""The issuer's keys as a serving process holds them, and the key generator of ``init``.

Keys are loaded once per process and reloaded when the files change:
``casecrowd keys rotate`` and ``retire`` run beside the server, and every
request compares a cheap stamp of the key files (names, inodes, modification
times) with the one the keys were loaded under, so a rotation reaches every
worker without a restart.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path

from flask import Flask

from casecrowd.clock import utcnow
from casecrowd.issuer import directory, epochs
from casecrowd.issuer.keystore import EpochKey, KeyStore
from casecrowd.issuer.settings import IssuerConfig, issuer_config
from casecrowd.keyfiles import ISSUER_DIRECTORY_FILE
from casecrowd.settings import keys_path, per_app

log = logging.getLogger("casecrowd.issuer")


def key_store(app: Flask | None = None) -> KeyStore:
    return KeyStore(keys_path(app), issuer_config(app).epoch_seconds)


class KeyRing:
    def __init__(self, store: KeyStore, config: IssuerConfig, keys_folder: Path) -> None:
        self.store, self.config, self.keys_folder = store, config, keys_folder
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._keys: dict[int, EpochKey] = {}
        self._directory: tuple[tuple, directory.Directory] | None = None

    def by_epoch(self) -> dict[int, EpochKey]:
        return self._snapshot()[1]

    def _snapshot(self) -> tuple[tuple, dict[int, EpochKey]]:
        stamp = self.store.stamp()
        with self._lock:
            if stamp != self._stamp:
                # Files changed after the stamp was taken are newer than it:
                # the next call sees another stamp and loads again.
                self._keys, self._stamp = self.store.load(), stamp
            return self._stamp, self._keys

    def epoch(self, now: datetime) -> int:
        return epochs.epoch_of(now, self.config.epoch_seconds)

    def current(self, now: datetime) -> EpochKey:
        """The key of the epoch ``now`` falls in, created if nobody rotated in time."""
        epoch = self.epoch(now)
        key = self.by_epoch().get(epoch)
        if key is None or key.private_key is None:
            log.warning(
                "no key was prepared for epoch %d; creating it now. Run `casecrowd keys rotate`"
                " before each epoch so that clients see the key ahead of time.",
                epoch,
            )
            key, _ = self.store.ensure(epoch)
        return key

    def directory(self, now: datetime) -> directory.Directory:
        self.current(now)
        stamp, keys = self._snapshot()
        epoch = self.epoch(now)
        version = (stamp, epoch)
        cached = self._directory
        if cached is not None and cached[0] == version:
            return cached[1]
        document = directory.render(self.config.request_uri, directory.published_keys(keys, epoch))
        # The file the forum reads follows what is served, also when an epoch
        # ended without any key change.
        directory.publish(self.keys_folder, document)
        self._directory = (version, document)
        return document


def _make_keyring(app: Flask) -> KeyRing:
    return KeyRing(key_store(app), issuer_config(app), keys_path(app))


def keyring(app: Flask | None = None) -> KeyRing:
    return per_app(_make_keyring, app)


def publish_directory(app: Flask, now: datetime | None = None) -> bool:
    """Write the directory file for the keys on disk now (after init, rotate, retire)."""
    store, config = key_store(app), issuer_config(app)
    epoch = epochs.epoch_of(now or utcnow(), config.epoch_seconds)
    document = directory.render(config.request_uri, directory.published_keys(store.load(), epoch))
    return directory.publish(keys_path(app), document)


def generate_keys(app: Flask) -> list[str]:
    """Key generator of ``casecrowd init``: the current epoch's key, and the directory file."""
    store, config = key_store(app), issuer_config(app)
    epoch = epochs.epoch_of(utcnow(), config.epoch_seconds)
    _, created = store.ensure(epoch)
    names = [store.private_path(epoch).name] if created else []
    if publish_directory(app):
        names.append(ISSUER_DIRECTORY_FILE)
    return names

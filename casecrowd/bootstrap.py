"""``casecrowd init``: everything a fresh directory needs, and nothing twice.

Creates the instance and key folders, generates missing keys and upgrades
both database schemas. Safe to run any number of times and from several
processes: each step checks before it acts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from casecrowd import db
from casecrowd.keyfiles import read_or_create_secret

APP_SECRET_FILE = "app-secret"

# Features that own key material list a "module:function" here; each takes
# the app and returns the names of the files it created (empty when
# everything already existed).
KeyGenerator = Callable[[Flask], list[str]]
KEY_GENERATORS: tuple[str, ...] = (
    "casecrowd.desk.keys:generate_pepper",
    "casecrowd.issuer.keys:generate_issuer_keys",
)


def _key_generator(path: str) -> KeyGenerator:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass
class InitReport:
    created_paths: list[str] = field(default_factory=list)
    migrated: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created_paths) or any(a != b for a, b in self.migrated.values())


def instance_path() -> Path:
    return Path(current_app.instance_path)


def keys_path(app: Flask | None = None) -> Path:
    return Path((app or current_app).config["CASECROWD_KEYS"])


def ensure_folders(app: Flask) -> list[str]:
    created = []
    # keys/ is private to the service account: 0700, like an ssh directory.
    for folder, mode in ((Path(app.instance_path), 0o755), (keys_path(app), 0o700)):
        if not folder.exists():
            folder.mkdir(mode=mode, parents=True, exist_ok=True)
            created.append(str(folder))
    return created


def load_app_secret(app: Flask) -> list[str]:
    """Flask's SECRET_KEY signs stateless challenges; it lives in keys/."""
    secret, created = read_or_create_secret(keys_path(app) / APP_SECRET_FILE)
    app.config["SECRET_KEY"] = secret
    return [APP_SECRET_FILE] if created else []


def initialize(app: Flask) -> InitReport:
    report = InitReport()
    report.created_paths += ensure_folders(app)
    report.created_paths += load_app_secret(app)
    for path in KEY_GENERATORS:
        report.created_paths += _key_generator(path)(app)
    with app.app_context():
        for bind in db.BINDS:
            before = db.current_revision(bind)
            db.upgrade(bind)
            report.migrated[bind] = (before, db.current_revision(bind))
    return report

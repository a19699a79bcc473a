"""``casecrowd init``: everything a fresh directory needs, and nothing twice.

Creates the instance and key folders, generates missing keys and upgrades
both database schemas. Safe to run any number of times and from several
processes: each step checks before it acts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from casecrowd import db, features
from casecrowd.keyfiles import PRIVATE_FOLDER_MODE, make_private, read_or_create_secret
from casecrowd.settings import keys_path

APP_SECRET_FILE = "app-secret"


@dataclass
class InitReport:
    created_paths: list[str] = field(default_factory=list)
    migrated: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created_paths) or any(a != b for a, b in self.migrated.values())


def ensure_folders(app: Flask) -> list[str]:
    """The instance and keys folders, 0700 like an ssh directory; folders made
    wider by an earlier release are narrowed. Both hold what only the service
    account may read: the SQLite databases (names, NPIs, emails) and the keys."""
    created = []
    for folder in (Path(app.instance_path), keys_path(app)):
        if not folder.exists():
            folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
            created.append(str(folder))
        make_private(folder)
    return created


def load_app_secret(app: Flask, *, create: bool = True) -> list[str]:
    """Flask's SECRET_KEY signs stateless challenges; it lives in keys/."""
    path = keys_path(app) / APP_SECRET_FILE
    if not create and not path.exists():
        return []
    secret, created = read_or_create_secret(path)
    app.config["SECRET_KEY"] = secret
    return [APP_SECRET_FILE] if created else []


class NotInitialized(Exception):
    """The configuration names no initialised deployment; the message says what is missing."""


def require_initialized(app: Flask) -> None:
    """Raise :class:`NotInitialized` unless keys and both schemas exist; create nothing.

    SQLite would create an empty database file on the first connection, so a
    file that does not exist is reported before anything connects.
    """
    advice = (
        "run `casecrowd init` in the deployment's folder, or point CASECROWD_CONFIG"
        " at its configuration"
    )
    secret = keys_path(app) / APP_SECRET_FILE
    if not secret.exists():
        raise NotInitialized(f"no CaseCrowd deployment here ({secret} is missing): {advice}.")
    with app.app_context():
        for bind in db.BINDS:
            url = db.engine(bind).url
            if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
                raise NotInitialized(f"no {bind} database at {url.database}: {advice}.")
            try:
                revision = db.current_revision(bind)
            except SQLAlchemyError as exc:
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                raise NotInitialized(f"cannot open the {bind} database: {reason}") from None
            if revision is None:
                raise NotInitialized(f"the {bind} database has no schema: {advice}.")


def initialize(app: Flask) -> InitReport:
    report = InitReport()
    report.created_paths += ensure_folders(app)
    report.created_paths += load_app_secret(app)
    # Each feature's key material (casecrowd.features): the files it created.
    for generate_keys in features.key_generators():
        report.created_paths += generate_keys(app)
    with app.app_context():
        for bind in db.BINDS:
            before = db.current_revision(bind)
            db.upgrade(bind)
            report.migrated[bind] = (before, db.current_revision(bind))
    return report

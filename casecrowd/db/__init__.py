"""Two databases, kept apart on purpose.

The identity database (desk + issuer) knows who physicians are; the forum
database knows pseudonyms and posts. They are separate SQLAlchemy binds with
separate metadata and separate Alembic histories, so no foreign key, join or
migration can ever connect them. Every model must inherit from
:class:`IdentityModel` or :class:`ForumModel`; there is no default bind.
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from flask import Flask
from sqlalchemy import Engine, MetaData, event, text

from casecrowd.db import sqlite_functions
from casecrowd.db.base import MAX_ID, ForumModel, IdentityModel, db
from casecrowd.db.statements import insert_ignoring_conflict, insert_or_ignore, upsert_insert
from casecrowd.db.types import NaiveUTCDateTime, UTCDateTime
from casecrowd.keyfiles import PRIVATE_FILE_MODE, make_private

__all__ = [
    "MAX_ID",
    "ForumModel",
    "IdentityModel",
    "NaiveUTCDateTime",
    "UTCDateTime",
    "db",
    "insert_ignoring_conflict",
    "insert_or_ignore",
    "upsert_insert",
]

BINDS = ("identity", "forum")
MIGRATIONS = Path(__file__).parent.parent / "migrations"
# Full-text search structures are dialect-specific (an FTS5 virtual table and
# its shadow tables on SQLite, an expression GIN index on PostgreSQL). They
# live in migrations only; names containing this marker are invisible to
# model/migration comparison.
SEARCH_MARKER = "_fts"


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    return not (type_ in {"table", "index"} and name and SEARCH_MARKER in name)


def database_urls(settings: dict[str, Any], instance: Path) -> dict[str, str]:
    return {
        bind: settings[f"database.{bind}_url"] or f"sqlite:///{instance / f'{bind}.sqlite3'}"
        for bind in BINDS
    }


def engine_options(url: str) -> dict[str, Any]:
    # Statement parameters are post text, pseudonyms and times: an error
    # message or a log line must never carry them.
    options: dict[str, Any] = {"hide_parameters": True}
    if url.startswith("sqlite"):
        # Several gunicorn workers may share one SQLite file: wait for the
        # writer instead of failing at once.
        options["connect_args"] = {"timeout": 15}
    else:
        options["pool_pre_ping"] = True
    return options


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    # Deleted or overwritten content is zeroed on disk, not left in free pages:
    # a PHI purge, an erased identity or an edited-away text must not survive
    # in the file. Builds differ in their default, so it is set on every connection.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
    sqlite_functions.install(dbapi_connection)


# The identity database holds names, NPIs and emails: like keys/, its files are
# the service account's alone. SQLite writes these beside the database file.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def sqlite_files(engine: Engine) -> list[Path]:
    """The database file of a file-backed SQLite engine and its companions; else []."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return []
    main = Path(database)
    return [main, *(main.with_name(main.name + suffix) for suffix in SQLITE_COMPANIONS)]


def _private_sqlite_files(engine: Engine, *_event_arguments: Any) -> None:
    """Create the database file 0600 before SQLite opens it, and tighten what exists.

    SQLite would create the file 0644 (less the umask). It creates ``-wal``
    and ``-shm`` with the database file's own mode, so a private database file
    gives private companions; each new connection re-checks them all the same,
    which also tightens the files of a deployment made before this rule.
    """
    files = sqlite_files(engine)
    if not files:
        return
    main = files[0]
    if main.parent.is_dir():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(main, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    for path in files:
        make_private(path)


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                # Before the first connection (which would create the file) and
                # after each (WAL mode has by then made -wal and -shm).
                private = functools.partial(_private_sqlite_files, engine)
                event.listen(engine, "do_connect", private)
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "connect", private)


def engine(bind: str) -> Engine:
    return db.engines[bind]


def metadata(bind: str) -> MetaData:
    return db.metadatas[bind]


def alembic_config(bind: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS / bind))
    return config


def upgrade(bind: str, revision: str = "heads") -> None:
    """Bring one database to ``revision``; a no-op when it is already there.

    "heads": features add their own branch off the baseline (with
    ``depends_on`` where one needs another's tables), so parallel work never
    has to agree on a single linear order.
    """
    config = alembic_config(bind)
    with engine(bind).begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["target_metadata"] = metadata(bind)
        command.upgrade(config, revision)


def current_revision(bind: str) -> str | None:
    """The applied revision(s), sorted and comma-joined; None for an empty database."""
    with engine(bind).connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads)) or None


def ping(bind: str) -> bool:
    try:
        with engine(bind).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "down" for a health check
        return False
    return True

"""Migrations upgrade a populated database of the previous release without losing a row.

``old_release`` brings fresh databases to the revisions a release shipped,
seeds rows through tables reflected from that schema (the models describe
the new one, so they cannot write old rows), then upgrades them the way an
operator does: ``casecrowd init``. A feature that changes a schema adds its
seeds and checks here, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from argon2 import PasswordHasher
from flask import Flask

from casecrowd import bootstrap, db
from casecrowd.cli import cli
from casecrowd.clock import utcnow
from tests.staff.support import FAST_ARGON2, PASSWORD, code_at, login, next_step, remember

# The heads of the release before TOTP factors and database login counters
# (identity_issuer_0001 brings identity_desk_0001, which it depends on). The
# forum's schema did not change with it.
BEFORE_SECOND_FACTORS = {
    "identity": ("identity_issuer_0001", "identity_staff_0001"),
    "forum": ("heads",),
}
# The release with second factors; later releases change these rows again,
# each checked in its own tests/test_migrations_<area>.py.
SECOND_FACTORS = {"identity": ("identity_staff_0002",)}
DAY = datetime(2026, 11, 2, 9, 30, 15)
SESSION_TOKENS = {"vera": "vera-session-token", "moe": "moe-session-token"}
# A recorded issuer key and a forum pseudonym as earlier releases stored them.
OLD_ISSUER_KEY = {
    "token_key_id": bytes(range(32)),
    "spki": b"\x30" * 294,
    "not_before": datetime(2026, 11, 1, tzinfo=UTC),
    "first_seen_on": date(2026, 11, 2),
}
# (The pseudonym's id aside: releases since forum_times_0001 draw it.)
OLD_PSEUDONYM = {
    "public_key": b"\x07" * 32,
    "handle": "quiet-otter-a1b2c3",
    "registered_on": date(2026, 11, 2),
    "verified_until": datetime(2026, 12, 8, tzinfo=UTC),
    "reputation": 12,
}


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


@dataclass
class OldRelease:
    app: Flask

    def table(self, bind: str, name: str) -> sa.Table:
        with self.app.app_context():
            return sa.Table(name, sa.MetaData(), autoload_with=db.engine(bind))

    def insert(self, bind: str, name: str, *rows: dict[str, Any]) -> list[Any]:
        """Insert as the old release's code did (ids from the database); the first key column."""
        table = self.table(bind, name)
        statement = table.insert().returning(
            *table.primary_key.columns, sort_by_parameter_order=True
        )
        with self.app.app_context(), db.engine(bind).begin() as conn:
            return [row[0] for row in conn.execute(statement, list(rows))]

    def rows(self, bind: str) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table but Alembic's, in a stable order."""
        with self.app.app_context(), db.engine(bind).connect() as conn:
            metadata = sa.MetaData()
            metadata.reflect(conn, only=lambda name, _: db.include_name(name, "table", None))
            found = {}
            for name, table in metadata.tables.items():
                if name == "alembic_version":
                    continue
                result = conn.execute(sa.select(table)).mappings()
                rows = [{k: _plain(v) for k, v in row.items()} for row in result]
                found[name] = sorted(rows, key=repr)
            return found

    def upgrade(self) -> None:
        """What an operator runs after installing the new release."""
        bootstrap.initialize(self.app)

    def upgrade_to(self, revisions: dict[str, tuple[str, ...]]) -> None:
        """Only as far as a given release went, to check that release's own step."""
        with self.app.app_context():
            for bind, targets in revisions.items():
                for revision in targets:
                    db.upgrade(bind, revision)

    def downgrade_step(self, bind: str, head: str) -> None:
        """Undo the one revision ``head`` is, as an operator rolling a release back would."""
        with self.app.app_context():
            config = db.alembic_config(bind)
            with db.engine(bind).begin() as connection:
                config.attributes["connection"] = connection
                config.attributes["target_metadata"] = db.metadata(bind)
                command.downgrade(config, f"{head}@-1")


def on_old_columns(
    before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """``after``'s rows of the tables in ``before``, each cut to the columns ``before`` had.

    Later features' branches may add tables and columns of their own; a
    release's own migration test checks what it promised about the old ones.
    """
    cut = {}
    for name, rows in before.items():
        columns = set().union(*(row.keys() for row in rows)) if rows else set()
        kept = [{k: v for k, v in row.items() if k in columns} for row in after[name]]
        cut[name] = sorted(kept, key=repr) if rows else after[name]
    return cut


@pytest.fixture
def old_release(
    make_app: Callable[..., Any], fresh_database_urls: Callable[[], dict[str, str]]
) -> Iterator[Callable[[dict[str, tuple[str, ...]]], OldRelease]]:
    apps: list[Flask] = []

    def make(revisions: dict[str, tuple[str, ...]]) -> OldRelease:
        urls = fresh_database_urls()
        database = {"identity_url": urls["identity"], "forum_url": urls["forum"]}
        app = make_app({**FAST_ARGON2, "database": database}, initialize=False)
        apps.append(app)
        with app.app_context():
            for bind, targets in revisions.items():
                for revision in targets:
                    db.upgrade(bind, revision)
        return OldRelease(app)

    yield make
    for app in apps:
        with app.app_context():
            for engine in db.db.engines.values():
                engine.dispose()


def seed_identity(old: OldRelease) -> None:
    """Staff, sessions, applications in every state, decisions, issuer counts and retries."""
    fast = FAST_ARGON2["staff"]
    hasher = PasswordHasher(
        time_cost=fast["argon2_time_cost"],
        memory_cost=fast["argon2_memory_kib"],
        parallelism=fast["argon2_parallelism"],
    )
    staff = [("vera", "verifier", True), ("moe", "moderator", True), ("ada", "admin", False)]
    vera, moe, _ = old.insert(
        "identity",
        "staff_accounts",
        *[
            {"username": name, "role": role, "password_hash": hasher.hash(PASSWORD)}
            | {"active": active, "created_at": DAY + timedelta(minutes=n)}
            for n, (name, role, active) in enumerate(staff)
        ],
    )
    sessions = [
        (vera, SESSION_TOKENS["vera"], 8),
        (vera, "an-expired-token", -1),
        (moe, SESSION_TOKENS["moe"], 8),
    ]
    old.insert(
        "identity",
        "staff_sessions",
        *[
            {
                "account_id": account,
                "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                "created_at": DAY,
                "expires_at": utcnow() + timedelta(hours=hours),
            }
            for account, token, hours in sessions
        ],
    )
    identity = {
        "legal_name": "Dr. Jane Roe",
        "licence_number": "A12345",
        "jurisdiction": "US-CA",
        "npi": "1234567893",
        "email": "jane@example.org",
    }
    erased = dict.fromkeys(identity)
    states = [
        ("pending", identity, None, None, None),
        ("approved", identity, DAY, None, None),
        ("rejected", erased, DAY, "Licence could not be confirmed.", None),
        ("suspended", erased, DAY, "Licence revoked.", date(2026, 11, 30)),
    ]
    _, approved, rejected, suspended = old.insert(
        "identity",
        "desk_memberships",
        *[
            {
                "secret_hash": f"{n:064x}",
                "status": status,
                "specialty": "cardiology",
                "npi_fingerprint": None if status == "rejected" else f"npi-{n}",
                "licence_fingerprint": None if status == "rejected" else f"licence-{n}",
                "applied_at": DAY - timedelta(days=n),
                "decided_at": decided,
                "status_reason": reason,
                "identity_erased_on": erased_on,
            }
            | fields
            for n, (status, fields, decided, reason, erased_on) in enumerate(states)
        ],
    )
    decisions = [
        ("vera", "approve", approved, None),
        ("vera", "reject", rejected, "Licence could not be confirmed."),
        ("ada", "approve", suspended, None),
        ("ada", "suspend", suspended, "Licence revoked."),
    ]
    old.insert(
        "identity",
        "desk_audit_log",
        *[
            {"at": DAY, "actor": actor, "action": action, "membership_id": membership}
            | {"reason": reason}
            for actor, action, membership, reason in decisions
        ],
    )
    old.insert(
        "identity",
        "issuer_token_counts",
        {"membership_id": approved, "epoch": 985, "issued": 7},
        {"membership_id": approved, "epoch": 986, "issued": 0},
    )
    old.insert(
        "identity",
        "issuer_retry_entries",
        {
            "membership_id": approved,
            "request_digest": bytes(range(32)),
            "response": bytes(range(256)),
            "expires_at": DAY + timedelta(minutes=5),
        },
    )


def test_the_previous_release_upgrades_without_loss(old_release):
    old = old_release(BEFORE_SECOND_FACTORS)
    seed_identity(old)
    before = old.rows("identity")
    assert all(before.values()), "every table of the old schema has rows"

    old.upgrade_to(SECOND_FACTORS)

    after = old.rows("identity")
    for name, rows in before.items():
        kept = [{column: row[column] for column in rows[0]} for row in after[name]]
        assert sorted(kept, key=repr) == rows, name
    # New columns and tables start empty: no account has a factor yet.
    assert {(row["totp_secret"], row["totp_last_step"]) for row in after["staff_accounts"]} == {
        (None, None)
    }
    assert after["staff_login_failures"] == []
    old.upgrade()
    with old.app.app_context(), db.engine("identity").connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": db.include_name}
        )
        assert compare_metadata(context, db.metadata("identity")) == []


def test_upgraded_accounts_and_sessions_keep_working(old_release):
    old = old_release(BEFORE_SECOND_FACTORS)
    seed_identity(old)
    old.upgrade()
    client = old.app.test_client()
    for name, token in SESSION_TOKENS.items():
        me = client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, name
    remember("moe", None)
    assert login(client, "moe").status_code == 201  # moderators need no factor
    refused = login(client, "vera", otp=None)
    assert refused.status_code == 403
    assert "`casecrowd staff totp vera`" in refused.get_json()["detail"]

    enrolled = old.app.test_cli_runner().invoke(cli, ["staff", "totp", "vera"])
    assert enrolled.exit_code == 0, enrolled.output
    secret = enrolled.output.split("secret: ")[1].split()[0]
    remember("vera", secret)
    assert login(client, "vera", otp=code_at("vera", next_step("vera"))).status_code == 201


def test_downgrading_the_staff_branch_keeps_accounts_and_sessions(old_release):
    old = old_release(BEFORE_SECOND_FACTORS)
    seed_identity(old)
    before = old.rows("identity")
    old.upgrade_to(SECOND_FACTORS)
    with old.app.app_context():
        config = db.alembic_config("identity")
        with db.engine("identity").begin() as connection:
            config.attributes["connection"] = connection
            config.attributes["target_metadata"] = db.metadata("identity")
            command.downgrade(config, "identity_staff_0001")
    # Other features' newer branches stay upgraded; their tables are not the old release's.
    after = old.rows("identity")
    assert {name: after.get(name) for name in before} == before

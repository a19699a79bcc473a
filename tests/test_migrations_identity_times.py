"""The identity database of the previous release upgrades to one that dates nothing finely.

Seeded through the previous schema (``tests.test_migrations``: staff, sessions,
applications in every state, decisions, issuer counts and retries), upgraded
as an operator does, and compared: what is kept is kept, times become days in
the audit log (or whole hours for sessions), and nothing else is lost. Then
back down again. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from casecrowd import db
from casecrowd.clock import next_whole_hour
from casecrowd.desk.models import APPLICANT, RETENTION, Membership
from casecrowd.desk.retention import erase_expired_identities
from tests.conftest import ON_POSTGRES
from tests.test_migrations import DAY, SESSION_TOKENS, old_release, seed_identity
from tests.test_migrations_desk_conflicts import upgraded_membership

__all__ = ["old_release"]  # the fixture, for pytest

# The heads of the release before this one (identity_issuer_0001 brings
# identity_desk_0001, which it depends on).
PREVIOUS_RELEASE = {
    "identity": ("identity_issuer_0001", "identity_staff_0002"),
    "forum": ("heads",),
}
PREVIOUS_HEADS = ("identity_desk_0001", "identity_issuer_0001", "identity_staff_0002")
MEMBERSHIP_TIMES = ("applied_at", "decided_at", "identity_erased_on")
EXACT = datetime(2026, 11, 2, 9, 30, 15, 123456)


@pytest.fixture
def seeded(old_release):
    old = old_release(PREVIOUS_RELEASE)
    seed_identity(old)
    # Times that are not whole seconds, and a session ending on a whole hour.
    account = old.rows("identity")["staff_accounts"][0]["id"]
    old.insert(
        "identity",
        "staff_sessions",
        {"account_id": account, "token_hash": "b" * 64, "created_at": EXACT, "expires_at": EXACT},
        {
            "account_id": account,
            "token_hash": "c" * 64,
            "created_at": EXACT,
            "expires_at": datetime(2099, 1, 1, 7),
        },
    )
    old.insert(
        "identity",
        "staff_login_failures",
        {"scope": "password", "name_digest": "d" * 64, "seat": 0, "failed_at": EXACT},
    )
    return old


def _by_id(rows) -> list[dict]:
    return sorted(rows, key=lambda row: row["id"])


def _without(row: dict, *columns: str) -> dict:
    return {k: v for k, v in row.items() if k not in columns}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def test_the_previous_release_upgrades_keeping_all_but_fine_times(seeded):
    before = seeded.rows("identity")

    seeded.upgrade()

    after = seeded.rows("identity")
    members = before["desk_memberships"]
    assert _by_id(after["desk_memberships"]) == _by_id(
        upgraded_membership(_without(m, *MEMBERSHIP_TIMES)) for m in members
    )

    # Old entries keep their ids and their day; each application and each
    # erasure gets an entry of its day, after them, ordered by day and id.
    log, old_entries = _by_id(after["desk_audit_log"]), _by_id(before["desk_audit_log"])
    assert [_without(e, "on") for e in log[: len(old_entries)]] == [
        _without(e, "at") for e in old_entries
    ]
    assert [e["on"] for e in log[: len(old_entries)]] == [e["at"].date() for e in old_entries]
    by_day = sorted(members, key=lambda m: (m["applied_at"], m["id"]))
    added = [(e["on"], e["actor"], e["action"], e["membership_id"], e["reason"]) for e in log]
    assert added[len(old_entries) :] == [
        *[(m["applied_at"].date(), APPLICANT, "apply", m["id"], None) for m in by_day],
        *[
            (m["identity_erased_on"], RETENTION, "erase", m["id"], None)
            for m in members
            if m["identity_erased_on"] is not None
        ],
    ]
    assert min(e["id"] for e in log[len(old_entries) :]) > max(e["id"] for e in old_entries)

    assert _by_id(after["staff_accounts"]) == _by_id(
        _without(a, "created_at") | {"created_on": a["created_at"].date()}
        for a in before["staff_accounts"]
    )
    assert _by_id(after["staff_sessions"]) == _by_id(
        _without(s, "created_at") | {"expires_at": next_whole_hour(s["expires_at"])}
        for s in before["staff_sessions"]
    )
    assert datetime(2099, 1, 1, 7) in {s["expires_at"] for s in after["staff_sessions"]}
    assert after["staff_login_failures"] == before["staff_login_failures"]
    assert after["issuer_token_counts"] == before["issuer_token_counts"]
    # Five-minute copies of delivered responses, keyed by membership: dropped.
    assert after["issuer_retry_entries"] == []

    with seeded.app.app_context(), db.engine("identity").connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": db.include_name}
        )
        assert compare_metadata(context, db.metadata("identity")) == []


def test_what_the_membership_times_were_is_read_from_the_audit_log(seeded):
    before = {m["id"]: m for m in seeded.rows("identity")["desk_memberships"]}
    seeded.upgrade()
    with seeded.app.app_context():
        for membership in db.db.session.scalars(sa.select(Membership)):
            old = before[membership.id]
            decided = old["decided_at"].date() if old["decided_at"] else None
            assert membership.applied_on == old["applied_at"].date()
            assert membership.decided_on == decided
            assert membership.identity_erased_on == old["identity_erased_on"]


def test_upgraded_memberships_go_on_working(seeded):
    seeded.upgrade()
    client = seeded.app.test_client()
    verifier = {"Authorization": f"Bearer {SESSION_TOKENS['vera']}"}
    assert client.get("/api/v1/staff/me", headers=verifier).status_code == 200
    queue = client.get("/api/v1/desk/review/queue", headers=verifier).get_json()
    (pending,) = queue["items"]
    assert pending["applied_on"] == DAY.date().isoformat()

    # Retention finds the old decisions by their day in the log, and logs the erasure.
    with seeded.app.app_context():
        assert erase_expired_identities(DAY.date() + timedelta(days=31)) == 1
    log = client.get("/api/v1/desk/audit", headers=verifier).get_json()["items"]
    assert (log[0]["action"], log[0]["actor"]) == ("erase", RETENTION)
    assert [e["seq"] for e in log] == sorted((e["seq"] for e in log), reverse=True)


def test_the_append_only_triggers_survive_the_upgrade(seeded):
    seeded.upgrade()
    with seeded.app.app_context(), db.engine("identity").connect() as conn:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            conn.execute(sa.text("UPDATE desk_audit_log SET reason = 'rewritten'"))
        conn.rollback()
        if ON_POSTGRES:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                conn.execute(sa.text("DELETE FROM desk_audit_log"))
            conn.rollback()


def _downgrade(old, *targets: str) -> None:
    with old.app.app_context():
        config = db.alembic_config("identity")
        with db.engine("identity").begin() as connection:
            config.attributes["connection"] = connection
            config.attributes["target_metadata"] = db.metadata("identity")
            for target in targets:
                command.downgrade(config, target)


def test_downgrading_restores_the_old_shape_with_days_for_times(seeded):
    before = seeded.rows("identity")
    seeded.upgrade()
    _downgrade(seeded, *PREVIOUS_HEADS)

    after = seeded.rows("identity")
    assert _by_id(after["desk_memberships"]) == _by_id(
        m
        | {
            "applied_at": _midnight(m["applied_at"].date()),
            "decided_at": m["decided_at"] and _midnight(m["decided_at"].date()),
        }
        for m in before["desk_memberships"]
    )
    assert _by_id(after["desk_audit_log"]) == _by_id(
        e | {"at": _midnight(e["at"].date())} for e in before["desk_audit_log"]
    )
    assert _by_id(after["staff_accounts"]) == _by_id(
        a | {"created_at": _midnight(a["created_at"].date())} for a in before["staff_accounts"]
    )
    # The login time is gone for good; the (rounded) expiry stands in for it.
    rounded = (next_whole_hour(s["expires_at"]) for s in before["staff_sessions"])
    assert _by_id(after["staff_sessions"]) == _by_id(
        s | {"created_at": expiry, "expires_at": expiry}
        for s, expiry in zip(before["staff_sessions"], rounded, strict=True)
    )
    assert after["issuer_retry_entries"] == []
    assert after["issuer_token_counts"] == before["issuer_token_counts"]
    with seeded.app.app_context(), db.engine("identity").connect() as conn:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            conn.execute(sa.text("UPDATE desk_audit_log SET reason = 'rewritten'"))
        conn.rollback()

    seeded.upgrade()  # and up again
    assert len(seeded.rows("identity")["desk_audit_log"]) == len(before["desk_audit_log"]) + 5

"""identity_desk_0003 on a desk of the previous release: every row and credential kept,
pending applications no longer lock theirs.

Applications in every state (pending, approved, suspended, rejected, approved and
erased by retention) with their audit entries and an issuer count are written
through tables reflected from the previous heads, then upgraded as an operator
does (``casecrowd init``). On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from casecrowd import db
from casecrowd.desk.models import Membership
from tests.desk.support import application_data, decide
from tests.staff.support import staff_headers
from tests.test_migrations import old_release  # noqa: F401 - the fixture

# The identity heads before credential conflicts.
PREVIOUS_HEADS = {
    "identity": (
        "identity_desk_0002",
        "identity_issuer_0002",
        "identity_staff_0003",
        "identity_metrics_0001",
    ),
}
DAY = date(2026, 11, 20)
# state -> (status, holds fingerprints, identity erased)
ROWS = {
    "pending": ("pending", True, False),
    "approved": ("approved", True, False),
    "suspended": ("suspended", True, False),
    "rejected": ("rejected", False, False),
    "erased": ("approved", True, True),
}
HELD = ("npi_fingerprint", "licence_fingerprint")
CLAIMED = ("claimed_npi_fingerprint", "claimed_licence_fingerprint")


def upgraded_membership(row: dict) -> dict:
    """A desk_memberships row of an earlier release as identity_desk_0003 leaves it."""
    holds = row["status"] in ("approved", "suspended")
    claimed = {c: row[h] for c, h in zip(CLAIMED, HELD, strict=True)}
    return {**row, **claimed, **{h: row[h] if holds else None for h in HELD}}


def _fingerprint(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


@pytest.fixture
def seeded(old_release):  # noqa: F811 - the imported fixture
    old = old_release({**PREVIOUS_HEADS, "forum": ("heads",)})
    rows = []
    for name, (status, holds, erased) in ROWS.items():
        data = application_data()
        identity = {k: None if erased else data[k] for k in ("legal_name", "npi", "email")}
        identity |= {k: None if erased else data[k] for k in ("licence_number", "jurisdiction")}
        rows.append(
            {
                "secret_hash": _fingerprint(f"secret {name}"),
                "status": status,
                "specialty": data["specialty"],
                "npi_fingerprint": _fingerprint(f"npi {name}") if holds else None,
                "licence_fingerprint": _fingerprint(f"licence {name}") if holds else None,
                "status_reason": "licence lapsed" if status in ("suspended", "rejected") else None,
                **identity,
            }
        )
    ids = dict(zip(ROWS, old.insert("identity", "desk_memberships", *rows), strict=True))
    old.insert(
        "identity",
        "desk_audit_log",
        *[
            {"on": DAY, "actor": "(applicant)", "action": "apply", "membership_id": i}
            for i in ids.values()
        ],
    )
    old.insert(
        "identity",
        "issuer_token_counts",
        {"membership_id": ids["approved"], "epoch": 700, "issued": 2},
    )
    return old, ids


def test_every_row_is_kept_and_only_holding_rows_keep_held_fingerprints(seeded):
    old, ids = seeded
    before = old.rows("identity")
    old.upgrade()
    after = old.rows("identity")
    for table, rows in before.items():
        if table != "desk_memberships":
            assert after[table] == rows, table
    # Every application still claims the credentials it gave; only approved and
    # suspended rows hold them.
    memberships = {row["id"]: row for row in after["desk_memberships"]}
    assert memberships == {
        row["id"]: upgraded_membership(row) for row in before["desk_memberships"]
    }
    pending, approved = memberships[ids["pending"]], memberships[ids["approved"]]
    assert pending["npi_fingerprint"] is None
    assert pending["claimed_npi_fingerprint"] == _fingerprint("npi pending")
    assert approved["npi_fingerprint"] == approved["claimed_npi_fingerprint"]
    with old.app.app_context(), db.engine("identity").connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": db.include_name}
        )
        assert compare_metadata(context, db.metadata("identity")) == []


def test_after_the_upgrade_held_credentials_still_refuse_a_second_approval(seeded):
    old, ids = seeded
    old.upgrade()
    app = old.app
    client = app.test_client()
    verifier = staff_headers(app, client, "verifier")
    # An erased row still claims its credentials by fingerprint.
    with app.app_context():
        erased = db.db.session.get(Membership, ids["erased"])
        assert erased.legal_name is None
        assert (
            erased.claimed_npi_fingerprint == erased.npi_fingerprint == _fingerprint("npi erased")
        )
    # A second application claiming the approved row's credential (as the upgraded
    # row records it) cannot be approved; the old pending one can.
    with app.app_context():
        claimant = Membership(
            secret_hash=_fingerprint("claimant"),
            status="pending",
            specialty="internal-medicine",
            claimed_npi_fingerprint=_fingerprint("npi approved"),
            claimed_licence_fingerprint=_fingerprint("licence new"),
            legal_name="Someone Else",
        )
        db.db.session.add(claimant)
        db.db.session.commit()
        claimant_id = claimant.id
    refused = decide(client, verifier, claimant_id, "approve")
    assert refused.status_code == 409, refused.get_json()
    assert refused.get_json()["type"] == "urn:casecrowd:problem:credential-held"
    shown = client.get(f"/api/v1/desk/review/applications/{claimant_id}", headers=verifier)
    assert shown.get_json()["credential_held_by"] == ids["approved"]
    assert decide(client, verifier, ids["pending"], "approve").status_code == 200


def test_new_applications_after_the_upgrade_conflict_with_each_other(seeded):
    old, _ = seeded
    old.upgrade()
    client = old.app.test_client()
    data = application_data()
    first = client.post("/api/v1/desk/applications", json=data)
    second = client.post("/api/v1/desk/applications", json=application_data(npi=data["npi"]))
    assert first.status_code == second.status_code == 201
    verifier = staff_headers(old.app, client, "admin")
    shown = client.get(
        f"/api/v1/desk/review/applications/{second.get_json()['application_id']}",
        headers=verifier,
    ).get_json()
    assert [c["id"] for c in shown["conflicts"]] == [first.get_json()["application_id"]]

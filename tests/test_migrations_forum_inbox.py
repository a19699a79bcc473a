"""forum_inbox_0001 on a populated forum of the previous release: moderators' messages
start empty, every row is kept, old flags keep how they were settled (a pending one
stays pending and in the queue), and downgrading gives the previous schema back with
every row; on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casecrowd import db
from casecrowd.clock import utcnow
from casecrowd.forum.models import Flag
from tests.forum.old_release_rows import Seeded, pseudonym_ids
from tests.test_migrations import old_release, on_old_columns  # noqa: F401 - the fixture
from tests.test_migrations_forum_crowd import BEFORE_UNORDERED_IDS
from tests.test_migrations_forum_crowd import PREVIOUS_RELEASE as BEFORE_CROWD

# The forum's heads in the release before the inbox.
PREVIOUS_RELEASE = {"forum": (*BEFORE_CROWD["forum"], "forum_crowd_0001", "forum_crowd_0002")}


class PreviousRelease:
    """The previous release with two flags on one case: one settled by entry 1, one pending."""

    def __init__(self, seeded: Seeded) -> None:
        self.old = seeded.old
        self.case = seeded.case
        ids = pseudonym_ids(self.old)
        now = utcnow()
        envelopes = self.old.insert(
            "forum",
            "signed_envelopes",
            *[
                {
                    "pseudonym_id": ids[seeded.public_key(n)],
                    "client_id": f"client-id-flag-{n}",
                    "kind": "flag",
                    "envelope": "{}",
                    "signature": "seeded",
                    "created": now,
                    "response_status": 201,
                    "response_body": {"kind": "flag"},
                }
                for n in (4, 5)
            ],
        )
        common = {"target_kind": "case", "target_id": seeded.case, "note": "", "weight": 2}
        self.settled, self.pending = self.old.insert(
            "forum",
            "flags",
            {
                **common,
                "envelope_id": envelopes[0],
                "pseudonym_id": ids[seeded.public_key(4)],
                "reason": "spam",
                "created": now,
                "resolved_seq": 1,
            },
            {
                **common,
                "envelope_id": envelopes[1],
                "pseudonym_id": ids[seeded.public_key(5)],
                "reason": "misinformation",
                "created": now,
                "resolved_seq": None,
            },
        )

    def pending_flags(self) -> set[int]:
        with self.old.app.app_context():
            return set(db.db.session.scalars(sa.select(Flag.id).where(Flag.pending)))

    def downgrade_inbox(self) -> None:
        self.old.downgrade_step("forum", "forum_inbox_0001")


@pytest.fixture
def previous(old_release):  # noqa: F811 - the imported fixture
    seeded = Seeded(old_release(BEFORE_UNORDERED_IDS))
    seeded.seed()
    seeded.old.upgrade_to(PREVIOUS_RELEASE)
    return PreviousRelease(seeded)


def test_the_upgrade_keeps_every_row_and_starts_every_inbox_empty(previous):
    before = previous.old.rows("forum")
    assert len(before["flags"]) == 2 and "moderator_messages" not in before
    previous.old.upgrade()
    after = previous.old.rows("forum")
    assert after["moderator_messages"] == []
    assert on_old_columns(before, after) == before
    assert {row["id"]: row["resolved_message"] for row in after["flags"]} == {
        previous.settled: None,
        previous.pending: None,
    }


def test_an_old_pending_flag_stays_pending_and_a_settled_one_settled(previous):
    previous.old.upgrade()
    assert previous.pending_flags() == {previous.pending}


def test_downgrading_restores_the_previous_schema_and_rows(previous):
    before = previous.old.rows("forum")
    # Its own step only: other features' steps are not what is undone here.
    previous.old.upgrade_to({"forum": ("forum_inbox_0001",)})
    previous.downgrade_inbox()
    assert previous.old.rows("forum") == before
    with previous.old.app.app_context(), db.engine("forum").connect() as connection:
        versions = set(
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
        )
    assert "forum_inbox_0001" not in versions
    assert "forum_crowd_0002" in versions

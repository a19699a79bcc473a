"""forum_withdrawals_0001 on a populated forum of the previous release: every row kept,
every redaction still a purge's, withdrawals working afterwards, and a downgrade back;
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from casecrowd import db
from tests.forum.old_release_rows import NOW, Seeded
from tests.test_migrations import old_release, on_old_columns  # noqa: F401 - the fixture
from tests.test_migrations_forum_crowd import BEFORE_UNORDERED_IDS
from tests.test_migrations_forum_crowd import PREVIOUS_RELEASE as BEFORE_CROWD

# The forum's heads in the release before withdrawals.
PREVIOUS_RELEASE = {"forum": (*BEFORE_CROWD["forum"], "forum_crowd_0002")}
DIGEST = "ab" * 32


class PreviousRelease:
    def __init__(self, seeded: Seeded) -> None:
        self.old = seeded.old
        envelopes = self.old.rows("forum")["signed_envelopes"]
        self.envelope_ids = sorted(row["id"] for row in envelopes)
        self.old.insert(
            "forum",
            "envelope_redactions",
            {"envelope_id": self.envelope_ids[0], "log_seq": 1, "envelope_sha256": DIGEST},
        )

    def redaction(self, **row) -> None:
        with self.old.app.app_context(), db.engine("forum").begin() as connection:
            table = sa.Table("envelope_redactions", sa.MetaData(), autoload_with=connection)
            connection.execute(table.insert(), {"envelope_sha256": DIGEST, **row})

    def downgrade(self) -> None:
        self.old.downgrade_step("forum", "forum_withdrawals_0001")


@pytest.fixture
def previous(old_release):  # noqa: F811 - the imported fixture
    seeded = Seeded(old_release(BEFORE_UNORDERED_IDS))
    seeded.seed()
    seeded.old.upgrade_to(PREVIOUS_RELEASE)
    return PreviousRelease(seeded)


def test_the_upgrade_keeps_every_row_and_every_purge_redaction(previous):
    before = previous.old.rows("forum")
    assert len(before["envelope_redactions"]) == 1
    previous.old.upgrade()
    after = previous.old.rows("forum")
    assert after["withdrawals"] == []
    (redaction,) = after["envelope_redactions"]
    assert redaction.pop("withdrawal_envelope_id") is None
    assert after["envelope_redactions"] == before["envelope_redactions"]
    # Later releases add columns of their own (comments.discussion_id).
    kept = on_old_columns(before, after)
    unchanged = set(before) - {"envelope_redactions"}
    assert {name: kept[name] for name in unchanged} == {name: before[name] for name in unchanged}


def test_a_redaction_has_exactly_one_cause_after_the_upgrade(previous):
    previous.old.upgrade()
    _, withdrawn, both, neither = previous.envelope_ids[:4]
    previous.redaction(envelope_id=withdrawn, withdrawal_envelope_id=previous.envelope_ids[0])
    with pytest.raises(IntegrityError):
        previous.redaction(envelope_id=both, log_seq=2, withdrawal_envelope_id=withdrawn)
    with pytest.raises(IntegrityError):
        previous.redaction(envelope_id=neither)


def test_downgrading_restores_the_previous_schema_and_rows(previous):
    before = previous.old.rows("forum")
    # Its own step only: other features' steps are not what is undone here.
    previous.old.upgrade_to({"forum": ("forum_withdrawals_0001",)})
    previous.downgrade()
    assert previous.old.rows("forum") == before
    with pytest.raises(IntegrityError):  # log_seq is required again
        previous.redaction(envelope_id=previous.envelope_ids[1])


def test_downgrading_refuses_while_a_post_is_withdrawn(previous):
    previous.old.upgrade()
    withdrawal = {"envelope_id": previous.envelope_ids[1], "target_kind": "case", "target_id": 1}
    previous.old.insert("forum", "withdrawals", {**withdrawal, "created": NOW})
    with pytest.raises(RuntimeError, match="withdrawn"):
        previous.downgrade()
    assert len(previous.old.rows("forum")["withdrawals"]) == 1

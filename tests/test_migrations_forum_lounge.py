"""forum_lounge_0001 on a populated forum of the previous release: every case, comment,
vote, flag, moderation state and withdrawal kept; discussions and their comments working
afterwards, in the database's own constraints; and a downgrade back; on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from casecrowd import db
from tests.forum.old_release_rows import NOW, Seeded, pseudonym_ids
from tests.test_migrations import old_release, on_old_columns  # noqa: F401 - the fixture
from tests.test_migrations_forum_crowd import BEFORE_UNORDERED_IDS
from tests.test_migrations_forum_withdrawals import PREVIOUS_RELEASE as BEFORE_WITHDRAWALS

# The forum's heads in the release before the lounge: withdrawals and the inbox.
PREVIOUS_RELEASE = {
    "forum": (*BEFORE_WITHDRAWALS["forum"], "forum_withdrawals_0001", "forum_inbox_0001")
}
DISCUSSION = {
    "title": "Nights again",
    "body": "Twelve admissions and no break.",
    "revision": 1,
    "score": 0,
    "comment_count": 0,
    "created": NOW,
    "last_activity": NOW,
}


class PreviousRelease:
    """The old forum with a case flagged, moderated, withdrawn and messaged about."""

    def __init__(self, seeded: Seeded) -> None:
        self.old, self.seeded = seeded.old, seeded
        envelopes = sorted(row["id"] for row in self.old.rows("forum")["signed_envelopes"])
        self.envelope_ids = envelopes
        # The release before renumbered pseudonyms: look them up by key.
        ids = pseudonym_ids(self.old)
        self.people = [ids[seeded.public_key(n)] for n in range(3)]
        author, flagger = self.people[0], self.people[1]
        target = {"target_kind": "case", "target_id": seeded.case}
        self.old.insert(
            "forum",
            "moderation_targets",
            {
                **target,
                "author_id": author,
                "case_id": seeded.case,
                "phi_flags": 1,
                "pending_flags": 1,
                "pending_weight": 3,
                "pending_since": NOW,
                "hidden": False,
                "phi_hidden": False,
                "locked": True,
                "slow_mode_seconds": 60,
            },
        )
        self.old.insert(
            "forum",
            "flags",
            {
                **target,
                "envelope_id": envelopes[4],
                "pseudonym_id": flagger,
                "reason": "phi",
                "note": "",
                "weight": 3,
                "created": NOW,
            },
        )
        self.old.insert(
            "forum", "withdrawals", {**target, "envelope_id": envelopes[1], "created": NOW}
        )

    def downgrade(self) -> None:
        self.old.downgrade_step("forum", "forum_lounge_0001")

    def insert(self, name: str, **row) -> None:
        with self.old.app.app_context(), db.engine("forum").begin() as connection:
            table = sa.Table(name, sa.MetaData(), autoload_with=connection)
            connection.execute(table.insert(), row)

    def discussion(self) -> int:
        (discussion_id,) = self.old.insert(
            "forum",
            "discussions",
            {"pseudonym_id": self.people[0], "envelope_id": self.envelope_ids[0]} | DISCUSSION,
        )
        return discussion_id


@pytest.fixture
def previous(old_release):  # noqa: F811 - the imported fixture
    seeded = Seeded(old_release(BEFORE_UNORDERED_IDS))
    seeded.seed()
    seeded.old.upgrade_to(PREVIOUS_RELEASE)
    return PreviousRelease(seeded)


def test_the_upgrade_keeps_every_row(previous):
    before = previous.old.rows("forum")
    assert before["moderation_targets"] and before["flags"] and before["withdrawals"]
    previous.old.upgrade()
    after = previous.old.rows("forum")
    assert after["discussions"] == after["discussion_tags"] == after["discussion_revisions"] == []
    assert all(row["discussion_id"] is None for row in after["comments"])
    assert on_old_columns(before, after) == {name: before[name] for name in before}


def test_a_discussion_takes_comments_and_long_target_kinds_after_the_upgrade(previous):
    previous.old.upgrade()
    discussion_id = previous.discussion()
    author = previous.people[2]
    comment = {"pseudonym_id": author, "body": "Same.", "created": NOW, "phi_acknowledged": []}
    previous.insert(
        "comments", discussion_id=discussion_id, envelope_id=previous.envelope_ids[3], **comment
    )
    previous.insert(
        "moderation_targets",
        target_kind="discussion",
        target_id=discussion_id,
        author_id=previous.people[0],
        case_id=None,
        phi_flags=0,
        pending_flags=0,
        pending_weight=0,
    )
    (state,) = [
        row
        for row in previous.old.rows("forum")["moderation_targets"]
        if row["target_kind"] == "discussion"
    ]
    assert state["case_id"] is None


@pytest.mark.parametrize(
    "thread",
    [
        {},  # neither a case nor a discussion
        {"case_id": "case", "discussion_id": "discussion"},  # both
        {"discussion_id": "discussion", "answer_id": "answer"},  # an answer names a case
    ],
)
def test_a_comment_belongs_to_exactly_one_thread(previous, thread):
    previous.old.upgrade()
    ids = {
        "case": previous.seeded.case,
        "discussion": previous.discussion(),
        "answer": previous.old.rows("forum")["answers"][0]["id"],
    }
    row = {
        "pseudonym_id": previous.people[2],
        "envelope_id": previous.envelope_ids[3],
        "body": "Hm.",
        "created": NOW,
        "phi_acknowledged": [],
        **{column: ids[name] for column, name in thread.items()},
    }
    with pytest.raises(IntegrityError):
        previous.insert("comments", **row)


def test_downgrading_restores_the_previous_schema_and_rows(previous):
    before = previous.old.rows("forum")
    previous.old.upgrade_to({"forum": ("forum_lounge_0001",)})
    previous.downgrade()
    assert previous.old.rows("forum") == before


def test_downgrading_refuses_while_a_discussion_exists(previous):
    previous.old.upgrade_to({"forum": ("forum_lounge_0001",)})
    previous.discussion()
    with pytest.raises(RuntimeError, match="discussion"):
        previous.downgrade()
    assert len(previous.old.rows("forum")["discussions"]) == 1

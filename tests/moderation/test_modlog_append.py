"""Appending to the mod log: consecutive seqs, a valid signed chain, one writer at a time."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from casecrowd.crypto.base64url import decode
from casecrowd.db import db
from casecrowd.forum.models import ModerationLogEntry
from casecrowd.moderation import log
from casecrowd.moderation.keys import moderation_signing_key, public_key_document
from casecrowd.protocol import modlog
from casecrowd.protocol.moderation import ACTIONS

THREADS = 6
APPENDS_PER_THREAD = 4


def public_key(app) -> bytes:
    with app.app_context():
        document = public_key_document(moderation_signing_key())
    return decode(document["public_key"], "public key")


def stored_entries(app) -> list[dict]:
    with app.app_context():
        rows = db.session.scalars(select(ModerationLogEntry).order_by(ModerationLogEntry.seq))
        return [log.served(row) for row in rows]


def test_entries_are_numbered_from_one_and_chained(app):
    with app.app_context():
        first = log.append("hide", "phi", "case", 7, "mod-1", note="quoted the chart number")
        second = log.append("suspend", "harassment", "pseudonym", "dr-quiet-otter", "mod-2")
        third = log.append("reject-appeal", "appeal", "appeal", 3, "mod-1")
        db.session.commit()
        assert [first.seq, second.seq, third.seq] == [1, 2, 3]
        assert first.prev_hash == modlog.GENESIS_HASH
        assert second.prev_hash == first.entry_hash and third.prev_hash == second.entry_hash
        assert first.target_id == "7" and first.note == "quoted the chart number"
        verified = modlog.verify_chain(stored_entries(app), public_key(app))
    assert verified == modlog.VerifiedChain(entries=3, head_hash=third.entry_hash)


def test_served_entry_is_the_signed_document_without_the_note(app):
    with app.app_context():
        entry = log.append("lock", "other", "case", 12, "mod-4", note="moderators only")
        db.session.commit()
        served = log.served(entry)
        key = moderation_signing_key()
    assert set(served) == {*modlog.SIGNED_MEMBERS, "entry_hash", "signature"}
    assert served["day"] == entry.day.isoformat() and "moderators only" not in served.values()
    assert served == modlog.sign_entry(served, key)


def test_a_rolled_back_action_leaves_no_entry_and_no_gap(app):
    with app.app_context():
        log.append("warn", "spam", "pseudonym", "dr-a", "mod-1")
        db.session.commit()
        log.append("ban", "spam", "pseudonym", "dr-a", "mod-1")
        db.session.rollback()
        assert log.append("dismiss", "spam", "answer", 5, "mod-1").seq == 2
        db.session.commit()
    assert [entry["action"] for entry in stored_entries(app)] == ["warn", "dismiss"]


INVALID = [
    (("erase", "phi", "case", 1, "mod-1"), "action"),
    (("hide", "boredom", "case", 1, "mod-1"), "reason"),
    (("hide", "phi", "member", 1, "mod-1"), "target kind"),
    (("hide", "phi", "case", "", "mod-1"), "target id"),
    (("hide", "phi", "case", "x" * 65, "mod-1"), "target id"),
    (("hide", "phi", "case", 1, ""), "moderator"),
    (("hide", "phi", "case", 1, "mod-" + "9" * 29), "moderator"),
]


def test_invalid_entries_are_refused_before_anything_is_written(app):
    with app.app_context():
        for arguments, wrong in INVALID:
            with pytest.raises(log.InvalidLogEntry, match=wrong) as refused:
                log.append(*arguments)
            assert refused.value.status == 422
        db.session.commit()
        assert log.append("hide", "phi", "case", "x" * 64, "mod-" + "9" * 28).seq == 1
        db.session.commit()
    assert len(stored_entries(app)) == 1


def test_every_action_of_the_protocol_can_be_logged(app):
    with app.app_context():
        for action in ACTIONS:
            log.append(action, "other", "case", 1, "mod-1")
        db.session.commit()
    assert [entry["action"] for entry in stored_entries(app)] == list(ACTIONS)


def test_concurrent_appends_get_distinct_consecutive_seqs(app):
    """Each thread reads the log first, as an action's checks might, then appends at once."""
    barrier, failures = threading.Barrier(THREADS), []

    def moderator(number: int) -> None:
        try:
            with app.app_context():
                log.last_entry()
                barrier.wait(timeout=30)
                for _ in range(APPENDS_PER_THREAD):
                    log.append("dismiss", "spam", "comment", number, f"mod-{number}")
                    db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=moderator, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    entries = stored_entries(app)
    assert [entry["seq"] for entry in entries] == list(range(1, THREADS * APPENDS_PER_THREAD + 1))
    for number in range(THREADS):
        mine = [entry for entry in entries if entry["moderator"] == f"mod-{number}"]
        assert len(mine) == APPENDS_PER_THREAD
    assert modlog.verify_chain(entries, public_key(app)).entries == THREADS * APPENDS_PER_THREAD


def test_an_append_waits_for_the_uncommitted_one_before_it(app):
    """The second moderator reads the log only once the first has committed."""
    done, results = threading.Event(), []

    def second_moderator() -> None:
        with app.app_context():
            results.append(log.append("restore", "other", "case", 2, "mod-2").seq)
            db.session.commit()
        done.set()

    with app.app_context():
        first = log.append("hide", "other", "case", 2, "mod-1")
        waiting = threading.Thread(target=second_moderator)
        waiting.start()
        assert not done.wait(timeout=0.5)
        db.session.commit()
        assert first.seq == 1
    waiting.join(timeout=30)
    assert results == [2]
    assert modlog.verify_chain(stored_entries(app), public_key(app)).entries == 2

"""``case show`` says plainly what moderators did: hidden, locked, slow mode, text removed."""

from __future__ import annotations

import pytest

from casecrowd.db import db
from casecrowd.forum.service.moderation_state import content_row, locked_state
from casecrowd.moderation import log
from casecrowd.moderation.purge import purge_target
from tests.client.support import registered_member

TITLE = "Recurrent fevers with a migratory rash"
HIDDEN = "hidden by moderators pending review"
OWN_HIDDEN = "hidden by moderators pending review: you see it as its author; others cannot"
ANSWER = "Adult-onset Still's disease; exclude lymphoma first."
COMMENT = "Was a marrow biopsy done?"


@pytest.fixture
def peer(server, tmp_path):
    return registered_member(server, tmp_path, "peer")


def moderate(server, kind: str, target_id: int, **state) -> None:
    """Set the target's moderation state as a moderator's action leaves it."""
    with server.app.app_context():
        target = locked_state(kind, content_row(kind, target_id))
        for name, value in state.items():
            setattr(target, name, value)
        db.session.commit()


def purge(server, kind: str, target_id: int) -> int:
    """A PHI purge of the target with its mod-log entry; the entry's seq."""
    with server.app.app_context():
        seq = log.append("purge", "phi", kind, target_id, "mod-1").seq
        purge_target(kind, target_id, seq)
        db.session.commit()
    return seq


def statuses(page: dict) -> dict[tuple[str, int], str]:
    return {(i["item"], i["id"]): i["status"] for i in page["verification"]["items"]}


def test_a_hidden_case_is_only_its_authors_to_read(server, author, peer, case_id):
    moderate(server, "case", case_id, hidden=True)
    seen = peer.run("case", "show", case_id)
    assert seen.exit_code == 0, seen.stderr
    assert f"#{case_id} {HIDDEN}" in seen.stdout and TITLE not in seen.stdout
    assert "except 1 hidden or removed by moderation" in seen.stdout
    page = peer.json("case", "show", case_id)
    assert page["verification"]["valid"] and statuses(page) == {("case", case_id): "hidden"}

    own = author.run("case", "show", case_id)
    assert own.exit_code == 0, own.stderr
    assert TITLE in own.stdout and OWN_HIDDEN in own.stdout
    assert "Every post above is shown as its author signed it." in own.stdout


def test_hidden_answers_and_comments(server, author, peer, case_id):
    answer_id = peer.json("answer", case_id, ANSWER)["answer_id"]
    comment_id = peer.json("comment", "--case", case_id, COMMENT)["comment_id"]
    moderate(server, "answer", answer_id, hidden=True)
    moderate(server, "comment", comment_id, hidden=True)

    seen = author.run("case", "show", case_id)
    assert seen.exit_code == 0, seen.stderr
    assert f"Answer {answer_id}: {HIDDEN}" in seen.stdout
    assert f"comment {comment_id}: {HIDDEN}" in seen.stdout
    assert ANSWER not in seen.stdout and COMMENT not in seen.stdout
    assert "except 2 hidden or removed by moderation" in seen.stdout

    own = peer.run("case", "show", case_id)
    assert own.exit_code == 0, own.stderr
    assert ANSWER in own.stdout and COMMENT in own.stdout
    assert own.stdout.count(OWN_HIDDEN) == 2
    page = peer.json("case", "show", case_id)
    assert set(statuses(page).values()) == {"verified"}


def test_a_locked_case_in_slow_mode_says_so(server, author, peer, case_id):
    moderate(server, "case", case_id, locked=True, slow_mode_seconds=600)
    page = peer.json("case", "show", case_id)
    assert page["moderation"] == {
        "hidden": False,
        "locked": True,
        "slow_mode_seconds": 600,
        "redacted_by": None,
    }
    shown = peer.run("case", "show", case_id).stdout
    assert "locked: no new answers or comments" in shown
    assert "slow mode: one post per 10 minutes" in shown
    refused = peer.json("answer", case_id, ANSWER, expect=1)["error"]
    assert refused["type"] == "urn:casecrowd:problem:case-locked"

    moderate(server, "case", case_id, locked=False, slow_mode_seconds=60)
    shown = peer.run("case", "show", case_id).stdout
    assert "locked" not in shown and "slow mode: one post per minute" in shown


def test_purged_text_is_shown_as_removed_naming_its_log_entry(server, author, peer, case_id):
    answer_id = peer.json("answer", case_id, ANSWER)["answer_id"]
    comment_id = author.json("comment", "--answer", answer_id, COMMENT)["comment_id"]
    answer_seq = purge(server, "answer", answer_id)
    comment_seq = purge(server, "comment", comment_id)

    shown = peer.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    assert f"text removed by moderation (mod log entry {answer_seq})" in shown.stdout
    assert f"comment {comment_id} by " in shown.stdout
    assert f"text removed by moderation (mod log entry {comment_seq})" in shown.stdout
    assert ANSWER not in shown.stdout and COMMENT not in shown.stdout
    assert TITLE in shown.stdout
    page = peer.json("case", "show", case_id)
    assert statuses(page)[("answer", answer_id)] == "redacted"
    assert statuses(page)[("comment", comment_id)] == "redacted"

    case_seq = purge(server, "case", case_id)
    shown = author.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    assert f"#{case_id} text removed by moderation (mod log entry {case_seq})" in shown.stdout
    assert TITLE not in shown.stdout
    assert "except 3 hidden or removed by moderation" in shown.stdout


def test_a_post_hidden_by_phi_flags_is_shown_hidden(served, tmp_path):
    server = served({"forum": {"moderation": {"phi_hide_threshold": 1}}})
    author = registered_member(server, tmp_path, "author")
    peer = registered_member(server, tmp_path, "peer")
    case_id = author.json("case", "new", "--file", author.write_case())["case_id"]
    comment_id = author.json("comment", "--case", case_id, COMMENT)["comment_id"]
    assert peer.run("flag", "comment", comment_id, "--reason", "phi").exit_code == 0

    seen = peer.run("case", "show", case_id).stdout
    assert f"comment {comment_id}: {HIDDEN}" in seen and COMMENT not in seen
    own = author.run("case", "show", case_id).stdout
    assert COMMENT in own and OWN_HIDDEN in own

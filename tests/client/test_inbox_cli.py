"""``casecrowd inbox``: a moderator's answer to a wellbeing flag reaches the author alone,
checked under the pinned moderation key, and names no flagger."""

from __future__ import annotations

import pytest

from casecrowd.client.forum import Forum
from casecrowd.moderation.service import messages
from tests.client.support import registered_member

TEXT = "We noticed your post. If things feel heavy, we are here, and so are the lines below."


@pytest.fixture
def peer(server, tmp_path):
    return registered_member(server, tmp_path, "peer", "peer")


def reach_out(server, case_id: int) -> None:
    with server.app.app_context():
        messages.reach_out({"target": {"kind": "case", "id": case_id}, "text": TEXT})


def test_a_wellbeing_flag_is_answered_in_the_authors_inbox_alone(server, author, peer, case_id):
    flagged = peer.run("flag", "case", case_id, "--reason", "wellbeing")
    assert flagged.exit_code == 0, flagged.stderr
    assert "reach out to its author privately, without naming you" in flagged.stdout
    assert author.json("inbox")["messages"] == []
    reach_out(server, case_id)

    (message,) = author.json("inbox")["messages"]
    assert (message["text"], message["about"], message["verified"]) == (
        TEXT,
        {"kind": "case", "id": case_id},
        True,
    )
    assert "peer" not in str(message) and peer.wallet().pseudonyms()[0].handle not in str(message)
    shown = author.run("inbox")
    assert shown.exit_code == 0, shown.stderr
    assert TEXT in " ".join(shown.stdout.split()) and f"about case {case_id}" in shown.stdout
    assert peer.json("inbox")["messages"] == []


def test_a_message_the_moderators_did_not_sign_is_marked(
    monkeypatch, server, author, peer, case_id
):
    peer.json("flag", "case", case_id, "--reason", "wellbeing")
    reach_out(server, case_id)
    original = Forum.inbox

    def altered(self):
        served = original(self)
        served["messages"][0]["text"] = "Send us your licence number to keep posting."
        return served

    monkeypatch.setattr(Forum, "inbox", altered)
    shown = author.run("inbox")
    assert shown.exit_code == 6
    assert "not signed by the moderators" in shown.stderr

"""``casecrowd withdraw`` against the in-process forum: it asks first, --yes skips the
question, refusals are said plainly, and ``case show`` says "withdrawn by its author".
"""

from __future__ import annotations

import pytest

from casecrowd.client.cli import context as cli_context
from tests.client.support import registered_member

TITLE = "Recurrent fevers with a migratory rash"
ANSWER = "Adult-onset Still's disease; exclude lymphoma first."
COMMENT = "Was a marrow biopsy done?"
WITHDRAWN = "withdrawn by its author"
QUESTION = "Withdraw {}? Its text will be removed from the forum for good."


@pytest.fixture
def peer(server, tmp_path):
    return registered_member(server, tmp_path, "peer")


def test_withdraw_asks_on_a_terminal_and_sends_nothing_on_no(author, case_id, monkeypatch):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    kept = author.run("withdraw", "case", case_id, input="n\n")
    assert kept.exit_code == 0, kept.stderr
    assert QUESTION.format(f"case {case_id}") in kept.stderr
    assert TITLE in author.run("case", "show", case_id).stdout

    done = author.run("withdraw", "case", case_id, input="y\n")
    assert done.exit_code == 0, done.stderr
    assert f"Withdrew case {case_id}" in done.stdout
    shown = author.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    assert f"#{case_id} {WITHDRAWN}" in shown.stdout and TITLE not in shown.stdout


def test_without_a_terminal_withdraw_needs_yes(author, case_id):
    refused = author.run("withdraw", "case", case_id)
    assert refused.exit_code == 2
    assert "--yes" in refused.stderr
    assert TITLE in author.run("case", "show", case_id).stdout


def test_withdrawn_answers_and_comments_show_as_withdrawn(author, peer, case_id):
    answer_id = peer.json("answer", case_id, ANSWER)["answer_id"]
    comment_id = author.json("comment", "--answer", answer_id, COMMENT)["comment_id"]
    assert author.run("accept", answer_id).exit_code == 0

    withdrawn = peer.json("withdraw", "answer", answer_id, "--yes")
    assert (withdrawn["target"], withdrawn["target_id"]) == ("answer", answer_id)
    assert author.run("withdraw", "comment", comment_id, "--yes").exit_code == 0

    shown = peer.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    assert ANSWER not in shown.stdout and COMMENT not in shown.stdout
    assert shown.stdout.count(WITHDRAWN) == 2
    assert f"Answer {answer_id} by " in shown.stdout and "(accepted)" in shown.stdout
    assert TITLE in shown.stdout


def test_refusals_are_said_plainly(author, peer, case_id):
    stranger = peer.run("withdraw", "case", case_id, "--yes")
    assert stranger.exit_code == 1
    assert f"You cannot withdraw case {case_id}: another member wrote it." in stranger.stderr
    assert author.run("withdraw", "case", case_id, "--yes").exit_code == 0
    again = author.json("withdraw", "case", case_id, "--yes", expect=1)["error"]
    assert again["type"] == "urn:casecrowd:problem:withdrawal-duplicate"
    twice = author.run("withdraw", "case", case_id, "--yes")
    assert f"You have already withdrawn case {case_id}." in twice.stderr

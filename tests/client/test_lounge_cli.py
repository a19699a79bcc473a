"""``casecrowd lounge`` against the in-process forum: discussions posted, listed,
searched, shown, commented, edited, voted, flagged and withdrawn; and the one-time
suggestion of a pseudonym of the lounge's own, remembered per wallet.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from casecrowd.client.cli import context as cli_context
from casecrowd.client.cli.lounge_pseudonym import LOUNGE_LABEL, SUGGESTION
from casecrowd.client.wallet_model import StoredToken
from tests.client.support import registered_member

BUSY = {"forum": {"limits": {"new_pseudonym_days": 0, "posts": "1000/minute"}}}
TITLE = "Twelve admissions and no break"
BODY = "Another night on call. I am running on empty and dread the next rota."
QUESTION = "Post in the lounge as a [n]ew pseudonym"


@pytest.fixture
def server(served: Any) -> Any:
    return served(BUSY)


@pytest.fixture
def peer(server, tmp_path):
    return registered_member(server, tmp_path, "peer")


def post(member: Any, *extra: Any, title: str = TITLE, body: str = BODY, **kwargs: Any) -> Any:
    return member.json(
        "lounge", "post", "--title", title, "--tag", "burnout", *extra, body, **kwargs
    )


def handle_of(member: Any, label: str | None = None) -> str:
    wallet = member.wallet()
    chosen = wallet.pseudonym(label) if label else wallet.current_pseudonym()
    return chosen.handle


def test_a_discussion_through_every_verb(author, peer):
    posted = post(author, "--tag", "night-shifts")
    discussion_id = posted["discussion_id"]
    listed = peer.json("lounge", "list", "--tag", "burnout")["items"]
    assert [item["id"] for item in listed] == [discussion_id]
    assert peer.json("cases", "list")["items"] == []  # listed apart from cases
    hits = peer.json("lounge", "search", "rota")["items"]
    assert [item["id"] for item in hits] == [discussion_id]
    assert peer.json("cases", "search", "rota")["items"] == []

    comment = peer.json("lounge", "comment", discussion_id, "You are not alone in this.")
    edited = author.json("lounge", "edit", discussion_id, "Better after a day off.")
    assert edited["revision"] == 2
    assert peer.json("vote", "discussion", discussion_id, "up")["counted"] is True
    flagged = peer.json("flag", "discussion", discussion_id, "--reason", "wellbeing")
    assert flagged["target"] == "discussion"

    shown = peer.run("lounge", "show", discussion_id)
    assert shown.exit_code == 0, shown.stderr
    assert TITLE in shown.stdout and "Better after a day off." in shown.stdout
    assert "You are not alone in this." in shown.stdout and "burnout, night-shifts" in shown.stdout
    document = peer.json("lounge", "show", discussion_id)
    assert document["score"] == 1 and document["comments"][0]["id"] == comment["comment_id"]

    assert (
        author.json("withdraw", "discussion", discussion_id, "--yes")["target_id"] == discussion_id
    )
    shown = peer.run("lounge", "show", discussion_id)
    assert "withdrawn by its author" in shown.stdout and TITLE not in shown.stdout
    assert peer.json("lounge", "search", "rota")["items"] == []


def test_a_post_needs_a_lounge_topic(author):
    refused = author.run("lounge", "post", "--title", TITLE, "--tag", "nights", BODY)
    assert refused.exit_code == 2 and "burnout" in refused.stderr
    assert author.json("lounge", "list")["items"] == []


def test_the_suggestion_is_one_sentence_and_not_asked_without_a_terminal(author):
    first = author.run("lounge", "post", "--title", TITLE, "--tag", "burnout", BODY)
    assert first.exit_code == 0, first.stderr
    assert SUGGESTION in first.stdout + first.stderr
    assert SUGGESTION.count(".") == 1
    assert author.wallet().lounge_suggestion_due()  # nothing chosen for the author


def test_keep_is_remembered(author, monkeypatch):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    first = author.run("lounge", "post", "--title", TITLE, "--tag", "burnout", BODY, input="k\n")
    assert first.exit_code == 0, first.stderr
    assert QUESTION in first.stderr and SUGGESTION in first.stdout + first.stderr
    again = author.run("lounge", "post", "--title", "A second long week", "--tag", "career", BODY)
    assert again.exit_code == 0 and QUESTION not in again.stderr
    authors = {item["author"] for item in author.json("lounge", "list")["items"]}
    assert authors == {handle_of(author)}


def test_dismiss_is_remembered_across_runs(author, monkeypatch):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    first = author.run("lounge", "post", "--title", TITLE, "--tag", "burnout", BODY, input="d\n")
    assert first.exit_code == 0, first.stderr
    assert not author.wallet().lounge_suggestion_due()
    again = author.run("lounge", "post", "--title", "A second long week", "--tag", "career", BODY)
    assert again.exit_code == 0 and QUESTION not in again.stderr
    assert SUGGESTION not in again.stdout + again.stderr


def test_new_waits_for_a_token_whose_time_has_not_come(author, monkeypatch):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    held = author.run("lounge", "post", "--title", TITLE, "--tag", "burnout", BODY, input="n\n")
    assert held.exit_code == 3, held.stderr
    assert "nothing was sent" in held.stderr
    assert author.json("lounge", "list")["items"] == []
    queued = [t.queued_label for t in author.wallet().tokens() if t.queued]
    assert queued == [LOUNGE_LABEL]


def test_new_registers_the_lounge_pseudonym_and_later_posts_use_it(author, monkeypatch):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    # The tokens' time has come: registering now cannot pair them with the membership.
    monkeypatch.setattr(StoredToken, "wait", lambda self, now=None: timedelta(0))
    case_author = handle_of(author)
    first = author.run("lounge", "post", "--title", TITLE, "--tag", "burnout", BODY, input="n\n")
    assert first.exit_code == 0, first.stderr
    lounge_handle = handle_of(author, LOUNGE_LABEL)
    assert lounge_handle != case_author
    again = author.run("lounge", "post", "--title", "A second long week", "--tag", "career", BODY)
    assert again.exit_code == 0 and QUESTION not in again.stderr
    authors = {item["author"] for item in author.json("lounge", "list")["items"]}
    assert authors == {lounge_handle}
    case_id = author.json("case", "new", "--file", author.write_case())["case_id"]
    assert author.json("case", "show", case_id)["author"] == case_author
    explicit = post(author, "--as", author.wallet().current_pseudonym().label, title="Signed as me")
    shown = author.json("lounge", "show", explicit["discussion_id"])
    assert shown["author"] == case_author

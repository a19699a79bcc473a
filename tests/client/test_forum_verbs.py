"""Forum verbs: PHI checks before sending, sessions, refusals and their exit codes."""

from __future__ import annotations

import json

import pytest

from casecrowd.client.cli import context as cli_context
from tests.client.support import registered_member

LOW_CONFIDENCE = "Brennan thinks it is viral."  # a lone surname: possibly a name


@pytest.fixture
def author(server, tmp_path):
    return registered_member(server, tmp_path, "author", "author")


def test_a_low_confidence_finding_needs_acknowledgement(server, tmp_path, author, case_id):
    peer = registered_member(server, tmp_path, "peer", "peer")
    blocked = peer.json("answer", case_id, LOW_CONFIDENCE, expect=3)
    (finding,) = blocked["error"]["findings"]
    assert (finding["excerpt"], finding["confidence"]) == ("Brennan", "low")
    assert peer.json("case", "show", case_id)["answers"] == []

    posted = peer.json("answer", case_id, LOW_CONFIDENCE, "--ack-phi")
    (answer,) = peer.json("case", "show", case_id)["answers"]
    assert (answer["id"], answer["body"]) == (posted["answer_id"], LOW_CONFIDENCE)


def test_findings_are_asked_about_one_by_one_in_a_terminal(monkeypatch, author, case_id):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    declined = author.run("comment", "--case", case_id, LOW_CONFIDENCE, input="n\n")
    assert declined.exit_code == 3, declined.stderr
    assert "Is it safe to send as written?" in declined.stderr
    accepted = author.run("comment", "--case", case_id, LOW_CONFIDENCE, input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    comments = author.json("case", "show", case_id)["comments"]
    assert [c["body"] for c in comments] == [LOW_CONFIDENCE]


def test_a_certain_identifier_blocks_even_with_acknowledgement(author, case_id):
    text = "Call her at 212-555-0187 with results."
    blocked = author.json("comment", "--case", case_id, text, "--ack-phi", expect=3)
    assert [f["confidence"] for f in blocked["error"]["findings"]] == ["high"]
    assert author.json("case", "show", case_id)["comments"] == []


def test_a_case_comes_from_the_terminal_form(monkeypatch, author):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    answers = [
        "Painless jaundice in a smoker",  # title
        "67",  # age
        "male",  # sex
        "gastroenterology, oncology",  # tags
        "Two weeks of painless jaundice and weight loss.",  # presentation
        "",  # history (optional)
        "",  # examination (optional)
        "Bilirubin 180 umol/L.",  # investigations
        "Which imaging first?",  # question
    ]
    posted = author.run("case", "new", "--json", input="\n".join(answers) + "\n")
    assert posted.exit_code == 0, posted.stderr
    case = author.json("case", "show", json.loads(posted.stdout)["case_id"])
    assert case["title"] == "Painless jaundice in a smoker"
    assert (case["age"], case["sex"], case["tags"]) == (
        67,
        "male",
        ["gastroenterology", "oncology"],
    )


def test_a_toml_case_and_an_age_over_89(author):
    path = author.folder / "case.toml"
    path.write_text(
        'title = "Falls and new confusion"\nage = 93\nsex = "female"\ntags = ["geriatrics"]\n'
        'presentation = "Three falls in a month, new confusion."\n'
        'question = "What should the work-up include?"\n'
    )
    case_id = author.json("case", "new", "--file", path)["case_id"]
    assert author.json("case", "show", case_id)["age"] == "90+"


def test_edits_keep_revisions_and_need_a_change(author, case_id):
    edited = author.json("edit", "case", case_id, "--question", "Is this Still's disease?")
    assert edited["revision"] == 2
    case = author.json("case", "show", case_id)
    assert case["question"] == "Is this Still's disease?" and case["revision"] == 2
    nothing = author.run("edit", "case", case_id)
    assert nothing.exit_code == 2 and "nothing to change" in nothing.stderr


def test_only_the_author_accepts_and_nobody_votes_for_themselves(server, tmp_path, author, case_id):
    peer = registered_member(server, tmp_path, "peer", "peer")
    answer = peer.json("answer", case_id, "Consider lymphoma.")
    not_author = peer.json("accept", answer["answer_id"], expect=1)
    assert not_author["error"]["status"] == 403
    assert not_author["error"]["type"].endswith("not-author")
    assert (
        peer.json("vote", "answer", answer["answer_id"], "up", expect=1)["error"]["status"] == 403
    )
    voted = author.json("vote", "answer", answer["answer_id"], "up")
    assert voted["value"] == 1
    # Down-voting is a privilege a newcomer has not earned yet.
    refused = author.json("vote", "answer", answer["answer_id"], "down", expect=1)
    assert refused["error"]["status"] == 403
    assert refused["error"]["type"].endswith("insufficient-reputation")
    assert author.json("vote", "answer", answer["answer_id"], "none")["value"] == 0


def test_usage_errors_exit_2(author, case_id):
    both = author.run("comment", "--case", case_id, "--answer", "1", "text")
    assert both.exit_code == 2 and "exactly one of --case and --answer" in both.stderr
    assert author.run("vote", "case", case_id, "sideways").exit_code == 2
    assert author.run("verify", "not-a-proof").exit_code == 2
    assert author.run("answer", case_id).exit_code == 2  # no body, and nobody to ask


def test_missing_things_are_named(author):
    missing = author.json("case", "show", 999, expect=1)
    assert missing["error"]["status"] == 404
    unknown = author.json("pseudonym", "use", "nobody", expect=4)
    assert "nobody" in unknown["error"]["message"]


def test_an_expired_session_is_reopened(author, case_id):
    wallet = author.wallet()
    wallet.current_pseudonym().session_token = "x" * 43  # unknown to the forum
    wallet.save()
    assert author.json("case", "show", case_id)["id"] == case_id
    assert author.wallet().current_pseudonym().session_token != "x" * 43


def test_acting_as_another_pseudonym(server, author, case_id):
    second = author.json("pseudonym", "new", "--label", "second", "--now")
    assert not second["current"]
    answered = author.json("answer", case_id, "A second opinion.", "--as", "second")
    (answer,) = author.json("case", "show", case_id)["answers"]
    assert (answer["id"], answer["author"]) == (answered["answer_id"], second["handle"])
    assert author.json("pseudonym", "use", "second")["current"]
    listed = author.json("pseudonym", "list")["pseudonyms"]
    assert [(p["label"], p["current"]) for p in listed] == [("author", False), ("second", True)]


def test_cases_are_listed_and_found_by_their_words(author, case_id):
    listed = author.json("cases", "list", "--sort", "new")
    assert [case["id"] for case in listed["items"]] == [case_id]
    found = author.json("cases", "search", "migratory rashes")
    assert [case["id"] for case in found["items"]] == [case_id]
    assert "rash" in found["items"][0]["snippet"]["text"].lower()
    assert author.json("cases", "search", "sarcoidosis")["items"] == []

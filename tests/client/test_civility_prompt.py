"""The civility question through the real CLI: a mirror for the author, never a filter.

A draft with a span that may read as an attack is shown with that span marked and
the question "Post anyway?". Posting anyway sends exactly what an ordinary post
sends; editing sends the edited text (screened for PHI too); cancelling sends
nothing. Without a terminal the post goes out as written, with a note on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from casecrowd.client.cli import civility_prompt
from casecrowd.client.cli import context as cli_context
from casecrowd.client.forum import ENVELOPES_PATH
from casecrowd.client.output import Output
from tests.client import test_crisis_panel as crisis_tests
from tests.client.test_crisis_panel import BUSY, _opened, _same_shape

QUESTION = "This may read as an attack on a group or a person. Post anyway?"
RUDE = "Honestly, you're an idiot if you skip the marrow biopsy."
ORDINARY = "Honestly, I would not skip the marrow biopsy here at all."
KINDER = "Honestly, I would not skip the marrow biopsy."
MARKED = "[[you're an idiot]]"

# A program that stands in for the author's editor: it replaces OLD with NEW in the
# file it is given, as a person rewriting the flagged text would.
REWRITE = """\
import sys
old, new, path = sys.argv[1:]
with open(path, encoding="utf-8") as file:
    text = file.read()
with open(path, "w", encoding="utf-8") as file:
    file.write(text.replace(old, new))
"""


# Every request the client sends, recorded as the crisis panel's tests record it.
traffic = crisis_tests.traffic


@pytest.fixture
def server(served: Any) -> Any:
    return served(BUSY)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A person at a terminal, able to answer the question."""
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)


def editor(tmp_path: Path, old: str, new: str) -> str:
    """An ``EDITOR`` command that rewrites ``old`` as ``new``."""
    script = tmp_path / "rewrite.py"
    script.write_text(REWRITE)
    return f'"{sys.executable}" "{script}" "{old}" "{new}"'


def comments(author: Any, case_id: int) -> list[str]:
    return [c["body"] for c in author.json("case", "show", case_id)["comments"]]


def envelopes(traffic: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The signed envelopes among the recorded requests, opened."""
    sent = [r for r in traffic if r["method"] == "POST" and r["url"].endswith(ENVELOPES_PATH)]
    return [json.loads(request["json"]["envelope"]) for request in sent]


def test_the_question_is_shown_and_posting_anyway_sends_it_unchanged(terminal, author, case_id):
    result = author.run("comment", "--case", case_id, RUDE, input="p\n")
    assert result.exit_code == 0, result.stderr
    assert QUESTION in result.stderr and MARKED in result.stderr
    assert "In body:" in result.stderr
    assert comments(author, case_id) == [RUDE]


def test_the_forum_cannot_tell_the_question_was_asked(terminal, author, case_id, traffic):
    def comment(text: str) -> tuple[Any, list[Any]]:
        del traffic[:]
        result = author.run("comment", "--case", case_id, text, "--json", input="p\n")
        assert result.exit_code == 0, result.stderr
        return result, [_opened(request, text) for request in traffic]

    ordinary, before = comment(ORDINARY)
    rude, during = comment(RUDE)
    _, after = comment(ORDINARY)
    assert QUESTION in rude.stderr and QUESTION not in ordinary.stderr
    assert QUESTION not in rude.stdout  # stdout is still exactly the verb's document
    assert before and [r["method"] for r in during] == [r["method"] for r in before]
    _same_shape(before, after, during)
    assert sorted(json.loads(rude.stdout)) == sorted(json.loads(ordinary.stdout))


def test_an_edited_text_is_sent_and_not_asked_about_again(
    terminal, author, case_id, traffic, tmp_path
):
    rewrite = editor(tmp_path, "you're an idiot if you skip", "I would not skip")
    result = author.run("comment", "--case", case_id, RUDE, input="e\n", EDITOR=rewrite)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(QUESTION) == 1
    assert [envelope["body"] for envelope in envelopes(traffic)] == [KINDER]
    assert comments(author, case_id) == [KINDER]


def test_an_edit_that_still_reads_as_an_attack_is_asked_about_again(
    terminal, author, case_id, tmp_path
):
    rewrite = editor(tmp_path, "idiot", "moron")
    result = author.run("comment", "--case", case_id, RUDE, input="e\np\n", EDITOR=rewrite)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(QUESTION) == 2 and "[[you're an moron]]" in result.stderr
    assert comments(author, case_id) == [RUDE.replace("idiot", "moron")]


def test_a_note_in_the_differential_is_edited_in_place(terminal, author, case_id, tmp_path):
    rewrite = editor(tmp_path, "you're an idiot", "it is unlikely")
    note = "you're an idiot to think so"
    answer = ["answer", case_id, "Still's disease.", "--dx", f"Still disease | {note}"]
    result = author.run(*answer, input="e\n", EDITOR=rewrite)
    assert result.exit_code == 0, result.stderr
    assert "In differential.1.note:" in result.stderr
    (posted,) = author.json("case", "show", case_id)["answers"]
    assert posted["differential"][0]["note"] == "it is unlikely to think so"


def test_an_edited_text_is_screened_for_phi_too(terminal, author, case_id, traffic, tmp_path):
    rewrite = editor(tmp_path, "you're an idiot", "call her on 212-555-0187")
    result = author.run("comment", "--case", case_id, RUDE, input="e\n", EDITOR=rewrite)
    assert result.exit_code == 3, result.stderr
    assert envelopes(traffic) == [] and comments(author, case_id) == []


def test_cancel_sends_nothing_and_exits_non_zero(terminal, author, case_id, traffic):
    del traffic[:]
    result = author.run("comment", "--case", case_id, RUDE, "--json", input="c\n")
    assert result.exit_code == 3
    assert "Nothing was sent" in result.stderr
    assert json.loads(result.stdout)["error"]["exit_code"] == 3
    assert envelopes(traffic) == []
    assert comments(author, case_id) == []


def test_without_a_terminal_the_post_goes_out_as_written_with_a_note(author, case_id):
    result = author.run("comment", "--case", case_id, RUDE, "--json")
    assert result.exit_code == 0, result.stderr
    assert "Posting as written" in result.stderr and "you're an idiot" in result.stderr
    assert QUESTION not in result.stderr
    assert "comment_id" in json.loads(result.stdout)
    assert comments(author, case_id) == [RUDE]


def test_nothing_found_means_no_question_and_no_output(terminal, author, case_id):
    result = author.run("comment", "--case", case_id, ORDINARY, "--json")
    assert result.exit_code == 0, result.stderr
    assert "attack" not in result.stderr + result.stdout
    assert "[[" not in result.stderr


def test_nothing_found_prints_nothing(terminal, capsys):
    members = {"case_id": 1, "body": ORDINARY}
    assert civility_prompt.review(Output(), "comment.create", members) is members
    assert capsys.readouterr() == ("", "")


ANSWER = {
    "case_id": 1,
    "body": "Still's disease.",
    "differential": [
        {"diagnosis": "Still disease", "code": "M06.1", "note": "first"},
        {"diagnosis": "Lymphoma", "note": "second"},
    ],
}
OUTCOME = {"case_id": 1, "outcome": "Recovered.", "final_diagnosis": {"diagnosis": "AOSD"}}
POLL = {"question": "Which first?", "options": ["PET-CT", "Marrow", "Wait"]}


@pytest.mark.parametrize(
    ("members", "field", "where"),
    [
        (ANSWER, "body", lambda m: m["body"]),
        (ANSWER, "differential.2.note", lambda m: m["differential"][1]["note"]),
        (ANSWER, "differential.1.diagnosis", lambda m: m["differential"][0]["diagnosis"]),
        (OUTCOME, "final_diagnosis.diagnosis", lambda m: m["final_diagnosis"]["diagnosis"]),
        (POLL, "options.3", lambda m: m["options"][2]),
    ],
)
def test_an_edit_is_written_back_at_its_field_and_nowhere_else(members, field, where):
    before = json.dumps(members, sort_keys=True)
    edited = civility_prompt.written_back(members, field, "EDITED")
    assert edited is not None and where(edited) == "EDITED"
    assert json.dumps(members, sort_keys=True) == before  # the original is left alone
    assert len([name for name, value in edited.items() if value != members[name]]) == 1


@pytest.mark.parametrize(
    ("members", "field"),
    [
        (ANSWER, "title"),  # no such member
        (ANSWER, "differential.3.note"),  # no third item
        (ANSWER, "differential.0.note"),  # ranks count from 1
        (ANSWER, "differential.1"),  # an item, not a text
        (ANSWER, "case_id"),  # not a text
        (POLL, "options.x"),
    ],
)
def test_a_field_that_names_no_text_cannot_be_written_back(members, field):
    assert civility_prompt.written_back(members, field, "EDITED") is None

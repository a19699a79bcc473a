"""Server text cannot drive the reader's terminal: controls and bidi marks are shown escaped."""

from __future__ import annotations

import json

import pytest
from rich.text import Text

from casecrowd.client.output import Output, escape_rich, escape_text, to_json
from tests.client.support import CASE_MARKDOWN, Physician, approve

# Retitles an xterm window, clears the screen, then reverses what follows.
HOSTILE_TITLE = "Fever \x1b]0;pwned\x07 rash\x1b[2J \u202eexob"
ESC = "\x1b"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("a\x00b\x7fc", "a\\x00b\\x7fc"),
        ("csi\x9b31m", "csi\\x9b31m"),  # C1: a one-byte CSI on some terminals
        ("\u202eevil\u202c", "\\u202eevil\\u202c"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        ("\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),
        ("carriage\rreturn", "carriage\\x0dreturn"),
        ("Ünïcödé, 中文, [bold]", "Ünïcödé, 中文, [bold]"),
    ],
)
def test_escape_text_writes_out_what_a_terminal_would_act_on(raw, shown):
    assert escape_text(raw) == shown


def test_bodies_keep_newlines_and_tabs_but_one_line_values_do_not():
    assert escape_text("line one\n\tindented") == "line one\n\tindented"
    assert escape_text("a\nb\tc", keep_lines=False) == "a\\x0ab\\x09c"


def test_escape_rich_keeps_styles_around_an_escaped_character():
    text = Text("ab")
    text.append("\x1b", style="red")
    text.append("cd", style="bold")
    escaped = escape_rich(text)
    assert escaped.plain == "ab\\x1bcd"
    styles = {escaped.plain[s.start : s.end]: str(s.style) for s in escaped.spans}
    assert styles == {"\\x1b": "red", "cd": "bold"}


def test_every_kind_of_human_output_is_escaped(capsys):
    out = Output()
    out.say(HOSTILE_TITLE)
    out.note(HOSTILE_TITLE)
    out.warn(HOSTILE_TITLE)
    out.error(HOSTILE_TITLE)
    out.fields([("title", HOSTILE_TITLE)])
    out.table(("title",), [(HOSTILE_TITLE,), (Text(HOSTILE_TITLE, style="bold"),)], HOSTILE_TITLE)
    out.console.print(Text(HOSTILE_TITLE))  # a verb printing on the console itself
    out.console.rule(HOSTILE_TITLE)
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert ESC not in stream and "\x07" not in stream and "\u202e" not in stream
        assert "\\x1b]0;pwned\\x07" in stream
    # say, note, fields, the table's title and two cells, console.print, rule
    assert captured.out.count("\\u202e") == 8
    assert captured.err.count("\\u202e") == 2  # warn, error


def test_json_output_is_valid_and_holds_no_raw_control(capsys):
    document = {"title": HOSTILE_TITLE + "\x9b\u2066", "name": "Zoë"}
    text = to_json(document)
    assert json.loads(text) == document
    assert not any(ch in text for ch in (ESC, "\x07", "\x9b", "\u202e", "\u2066"))
    assert "Zoë" in text  # other non-ASCII stays readable


@pytest.fixture
def hostile_case(served, tmp_path):
    """A member posts (and signs) a case whose title holds escape sequences."""
    server = served()
    author = Physician(tmp_path / "author", server.url, "author")
    approve(server.app, author.apply()["application_id"])
    author.json("tokens", "fetch")
    author.json("pseudonym", "new", "--label", "author", "--now")
    markdown = CASE_MARKDOWN.replace("Recurrent fevers with a migratory rash", HOSTILE_TITLE)
    case_id = author.json("case", "new", "--file", author.write_case(markdown))["case_id"]
    return author, case_id


def test_case_show_prints_a_hostile_title_escaped(hostile_case):
    author, case_id = hostile_case
    result = author.run("case", "show", case_id)
    assert result.exit_code == 0, result.stderr
    assert ESC not in result.stdout and "\u202e" not in result.stdout
    # (rich's Text drops a BEL on its own; ESC and U+202E it would pass through)
    assert "\\x1b]0;pwned" in result.stdout and "rash\\x1b[2J \\u202eexob" in result.stdout


def test_cases_list_prints_a_hostile_title_escaped(hostile_case):
    author, _ = hostile_case
    result = author.run("cases", "list")
    assert result.exit_code == 0, result.stderr
    assert ESC not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[2J" in result.stdout


def test_json_of_a_hostile_case_round_trips(hostile_case):
    author, case_id = hostile_case
    result = author.run("case", "show", case_id, "--json")
    assert result.exit_code == 0, result.stderr
    assert ESC not in result.stdout and "\u202e" not in result.stdout
    assert json.loads(result.stdout)["title"] == HOSTILE_TITLE

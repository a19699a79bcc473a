"""Highlighted rendering of findings for the client CLI, and its plain-text fallback."""

from __future__ import annotations

from rich.console import Console

from casecrowd.phi import scan
from casecrowd.phi.render import STYLES, highlight, render_plain, show

TEXT = "Mrs. Patterson, 94 yo, seen 3/4/2021. Later Kowalczyk called."


def test_highlight_styles_each_span_by_confidence() -> None:
    findings = scan(TEXT)
    rendered = highlight(TEXT, findings)
    assert rendered.plain == TEXT
    styled = {(TEXT[s.start : s.end], str(s.style)) for s in rendered.spans}
    assert ("Mrs. Patterson", STYLES["high"]) in styled
    assert ("3/4/2021", STYLES["high"]) in styled
    assert ("Kowalczyk", STYLES["low"]) in styled


def test_show_prints_text_and_suggestions() -> None:
    console = Console(record=True, width=160, color_system=None)
    show(console, TEXT, scan(TEXT))
    output = console.export_text()
    assert TEXT in output
    assert "90+" in output and "2021" in output
    assert "Kowalczyk" in output and "possible-name" in output


def test_show_never_reads_the_text_as_markup() -> None:
    text = "[bold red]Dr. Okafor[/bold red] said [link=http://x]hi[/link]"
    console = Console(record=True, width=160, color_system=None)
    show(console, text, scan(text))
    output = console.export_text()
    assert "[bold red]Dr. Okafor[/bold red]" in output


def test_show_says_when_nothing_was_found() -> None:
    console = Console(record=True, width=100, color_system=None)
    show(console, "Grade 2/6 murmur.", [])
    assert "No identifiers found." in console.export_text()


def test_plain_rendering_marks_spans_and_lists_suggestions() -> None:
    plain = render_plain(TEXT, scan(TEXT))
    first, *lines = plain.splitlines()
    assert first == (
        "[[1:Mrs. Patterson]], [[2:94 yo]], seen [[3:3/4/2021]]. Later [[4:Kowalczyk]] called."
    )
    assert lines[1] == (
        "[2] C Dates (except year) and ages over 89 (high, age-over-89): '94 yo' -> 90+ yo"
    )
    assert lines[3].startswith("[4] A Names (low, possible-name): 'Kowalczyk'")


def test_plain_rendering_of_clean_text() -> None:
    assert render_plain("BP 120/80.", []) == "BP 120/80.\nNo identifiers found."

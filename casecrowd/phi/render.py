"""Show a text with its findings highlighted and their suggested rewrites.

:func:`highlight` and :func:`show` use ``rich`` for a terminal;
:func:`render_plain` is the same information as plain text, for logs, pipes
and terminals without colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .findings import Finding

STYLES = {"high": "bold white on red", "low": "black on yellow"}


def highlight(text: str, findings: Sequence[Finding]) -> Text:
    """``text`` as a rich Text with each finding's span styled by its confidence."""
    rendered = Text(text)
    for item in findings:
        rendered.stylize(STYLES[item.confidence], item.start, item.end)
    return rendered


def findings_table(text: str, findings: Sequence[Finding]) -> Table:
    table = Table(title="Possible identifiers", show_lines=False)
    for column in ("#", "category", "confidence", "found", "suggestion", "rule"):
        table.add_column(column)
    for number, item in enumerate(findings, 1):
        table.add_row(
            str(number),
            Text(f"{item.category} {item.category_name}"),
            Text(item.confidence, style=STYLES[item.confidence]),
            # Text(), not str: the author's words must never be read as rich markup.
            Text(item.excerpt(text)),
            Text(item.suggestion or "remove it"),
            Text(item.rule),
        )
    return table


def show(console: Console, text: str, findings: Sequence[Finding]) -> None:
    """Print the highlighted text and, when there are findings, the table below it."""
    if not findings:
        console.print(Group(highlight(text, findings), Text("No identifiers found.")))
        return
    console.print(Group(highlight(text, findings), Text(""), findings_table(text, findings)))


def render_plain(text: str, findings: Sequence[Finding]) -> str:
    """Spans bracketed and numbered in the text, then one line per finding."""
    parts: list[str] = []
    position = 0
    for number, item in enumerate(sorted(findings, key=lambda f: f.start), 1):
        parts.append(text[position : item.start])
        parts.append(f"[[{number}:{item.excerpt(text)}]]")
        position = item.end
    parts.append(text[position:])
    lines = ["".join(parts)]
    if not findings:
        lines.append("No identifiers found.")
    for number, item in enumerate(sorted(findings, key=lambda f: f.start), 1):
        suggestion = item.suggestion or "remove it"
        lines.append(
            f"[{number}] {item.category} {item.category_name} ({item.confidence}, {item.rule}):"
            f" {item.excerpt(text)!r} -> {suggestion}"
        )
    return "\n".join(lines)

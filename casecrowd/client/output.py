"""How client verbs talk to people and to scripts.

Human output goes to stdout through ``rich`` (tables; colour only when stdout is a
terminal, and never with ``NO_COLOR``). With ``--json`` stdout carries exactly one
JSON document and every message goes to stderr. Text that came from a server or from
another physician is always printed as plain text, never read as rich markup, and
every character a terminal could act on is shown escaped (``escape_text``): a post
must not retitle the window, clear the screen, or reorder what is shown around it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import click
from rich.console import Console, ConsoleOptions, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.segment import Segment
from rich.table import Table
from rich.text import Span, Text

# C0 (ESC among them), DEL and C1 control characters, and the Unicode marks that
# reorder text: bidirectional embeddings, overrides and isolates, LRM/RLM and the
# Arabic letter mark. A terminal acts on the first group; the second lets a title
# display as something other than what it says.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# json.dumps escapes C0 itself; with ensure_ascii=False the rest would pass raw.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_text(text: str, keep_lines: bool = True) -> str:
    """``text`` with every control and bidirectional mark written out (``\\x1b``,
    ``\\u202e``), so none reaches the terminal. Newlines and tabs stay when
    ``keep_lines`` (bodies); a table cell or a field value passes False."""
    return (_UNSAFE_KEEPING_LINES if keep_lines else _UNSAFE).sub(_visible, text)


def escape_rich(text: Text, keep_lines: bool = True) -> Text:
    """``escape_text`` on a rich ``Text``, keeping its styles."""
    pattern = _UNSAFE_KEEPING_LINES if keep_lines else _UNSAFE
    if not pattern.search(text.plain):
        return text
    offsets = sorted({o for m in pattern.finditer(text.plain) for o in (m.start(), m.end())})
    escaped = Text(style=text.style, justify=text.justify, end=text.end, no_wrap=text.no_wrap)
    for piece in text.divide(offsets):
        if match := pattern.fullmatch(piece.plain):
            shown = _visible(match)
            spans = [Span(0, len(shown), span.style) for span in piece.spans]
            piece = Text(shown, style=piece.style, spans=spans)
        escaped.append_text(piece)
    return escaped


def _safe(renderable: Any) -> Any:
    if isinstance(renderable, str):
        return escape_text(renderable)
    if isinstance(renderable, Text):
        return escape_rich(renderable)
    return renderable


class SafeConsole(Console):
    """A console that cannot be made to emit a control character it was handed.

    Strings and ``Text`` are escaped before layout (so tables keep their widths);
    every other renderable is escaped segment by segment as it is rendered, which
    also covers anything a verb prints on ``out.console`` directly. Rich's own
    control segments (cursor moves of a progress bar) are left alone.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(_safe(o) for o in objects), **kwargs)

    def rule(self, title: str | Text = "", **kwargs: Any) -> None:
        super().rule(_safe(title), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _UNSAFE_KEEPING_LINES.search(segment.text):
                yield segment
            else:
                yield Segment(escape_text(segment.text), segment.style)


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def to_json(data: Any) -> str:
    """One JSON document; C1 controls and bidirectional marks are written as
    ``\\u`` escapes too (same value, nothing a terminal would act on)."""
    document = json.dumps(data, indent=2, ensure_ascii=False, default=_default)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


class Output:
    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode
        # markup=False: a post saying "[bold]" is shown as typed, not interpreted.
        self.console = SafeConsole(markup=False, highlight=False, emoji=False)
        self.stderr = SafeConsole(stderr=True, markup=False, highlight=False, emoji=False)
        for console in (self.console, self.stderr):
            # Lines are wrapped for a terminal; a pipe or a log gets them whole.
            console.soft_wrap = not console.is_terminal

    @property
    def human(self) -> Console:
        """Where human-readable lines go: stdout, or stderr when stdout is JSON."""
        return self.stderr if self.json_mode else self.console

    def say(self, message: str | Text, style: str = "") -> None:
        # Escaped before Text() sees it: Text silently drops BEL and CR, which would
        # hide that the server sent them.
        shown = message if isinstance(message, Text) else Text(escape_text(message), style=style)
        self.human.print(shown)

    def note(self, message: str) -> None:
        self.say(message, "dim")

    def success(self, message: str) -> None:
        self.say(message, "green")

    def warn(self, message: str) -> None:
        self.stderr.print(Text(escape_text(message), style="yellow"))

    def error(self, message: str, document: Any = None) -> None:
        self.stderr.print(Text(f"Error: {escape_text(message)}", style="bold red"))
        if self.json_mode and document is not None:
            click.echo(to_json({"error": document}))

    def data(self, document: Any) -> None:
        """The JSON document of a verb (only with --json)."""
        if self.json_mode:
            click.echo(to_json(document))

    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None
    ) -> None:
        if self.json_mode:  # the JSON document already holds it
            return
        table = Table(
            title=escape_text(title, keep_lines=False) if title else None,
            show_lines=False,
            title_justify="left",
        )
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(_cell_text(cell) for cell in row))
        self.human.print(table)

    def fields(self, pairs: Sequence[tuple[str, Any]]) -> None:
        """``name: value`` lines, names aligned."""
        if self.json_mode:
            return
        width = max((len(name) for name, _ in pairs), default=0)
        for name, value in pairs:
            line = Text(f"{name:<{width}}  ", style="bold")
            line.append(escape_text(_cell(value), keep_lines=False))
            self.human.print(line)

    @contextmanager
    def progress(self, total: int, description: str) -> Iterator[Any]:
        """A progress bar on a terminal; elsewhere the callback does nothing."""
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.stderr,
            transient=True,
            disable=not self.stderr.is_terminal,
        )
        with bar:
            task = bar.add_task(description, total=total)
            yield lambda done: bar.update(task, completed=done)


def _cell_text(cell: Any) -> Text:
    """A table cell on one line: a newline in a title must not fake another row."""
    if isinstance(cell, Text):
        return escape_rich(cell, keep_lines=False)
    return Text(escape_text(_cell(cell), keep_lines=False))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)

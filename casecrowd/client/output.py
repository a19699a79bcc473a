"""How client verbs talk to people and to scripts.

Human output goes to stdout through ``rich`` (tables; colour only when stdout is a
terminal, and never with ``NO_COLOR``). With ``--json`` stdout carries exactly one
JSON document and every message goes to stderr. Text that came from a server or from
another physician is always printed as plain text, never read as rich markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)


class Output:
    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode
        # markup=False: a post saying "[bold]" is shown as typed, not interpreted.
        self.console = Console(markup=False, highlight=False, emoji=False)
        self.stderr = Console(stderr=True, markup=False, highlight=False, emoji=False)
        for console in (self.console, self.stderr):
            # Lines are wrapped for a terminal; a pipe or a log gets them whole.
            console.soft_wrap = not console.is_terminal

    @property
    def interactive(self) -> bool:
        return self.console.is_terminal and not self.json_mode

    @property
    def human(self) -> Console:
        """Where human-readable lines go: stdout, or stderr when stdout is JSON."""
        return self.stderr if self.json_mode else self.console

    def say(self, message: str | Text, style: str = "") -> None:
        self.human.print(message if isinstance(message, Text) else Text(message, style=style))

    def note(self, message: str) -> None:
        self.say(message, "dim")

    def success(self, message: str) -> None:
        self.say(message, "green")

    def warn(self, message: str) -> None:
        self.stderr.print(Text(message, style="yellow"))

    def error(self, message: str, document: Any = None) -> None:
        self.stderr.print(Text(f"Error: {message}", style="bold red"))
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
        table = Table(title=title, show_lines=False, title_justify="left")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(cell if isinstance(cell, Text) else Text(_cell(cell)) for cell in row))
        self.human.print(table)

    def fields(self, pairs: Sequence[tuple[str, Any]]) -> None:
        """``name: value`` lines, names aligned."""
        if self.json_mode:
            return
        width = max((len(name) for name, _ in pairs), default=0)
        for name, value in pairs:
            line = Text(f"{name:<{width}}  ", style="bold")
            line.append(_cell(value))
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


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)

"""The civility mirror: what may read as an attack, shown to the author before posting.

The spans come from :mod:`casecrowd.client.civility`, found on this machine. The
author may post anyway, edit, or cancel; nothing is ever blocked. Whatever they
choose, nothing about the check is sent, signed or stored: the members that leave
are exactly what the author chose to post, so the forum cannot learn that the
check fired (tests/client/test_civility_prompt.py watches the traffic).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import click
from rich.text import Text

from casecrowd.client import phi_check
from casecrowd.client.civility import CivilityFinding, find
from casecrowd.client.cli import context as cli_context
from casecrowd.client.errors import NotAcknowledged
from casecrowd.client.output import Output

QUESTION = "This may read as an attack on a group or a person. Post anyway?"
NOT_SEEN = (
    "This check ran on this device only: nothing about it is sent or stored, and"
    " nothing is blocked."
)
# The same colours as an uncertain PHI finding: "have a look", not "forbidden".
HIGHLIGHT = "black on yellow"
CHOICES = {"p": "post", "e": "edit", "c": "cancel"}


class PostCancelled(NotAcknowledged):
    """The author cancelled at the civility question; nothing was sent."""


def written_back(members: dict[str, Any], field: str, text: str) -> dict[str, Any] | None:
    """A copy of ``members`` whose text at ``field`` is ``text``, or None if ``field``
    does not name a text in ``members``.

    ``field`` is a name as :func:`phi_check.screened_texts` gives it: ``history``,
    ``differential.2.note`` (ranks count from 1), ``options.3``. ``members`` itself is
    never changed, and nothing but that one text differs in the copy.
    """
    edited = copy.deepcopy(members)
    *path, last = field.split(".")
    holder: Any = edited
    for step in path:
        holder = _child(holder, step)
        if holder is None:
            return None
    if isinstance(holder, dict) and isinstance(holder.get(last), str):
        holder[last] = text
        return edited
    index = _rank(holder, last)
    if index is None or not isinstance(holder[index], str):
        return None
    holder[index] = text
    return edited


def _child(holder: Any, step: str) -> Any:
    """The member or ranked item ``step`` of ``holder``; None when there is none."""
    if isinstance(holder, dict):
        return holder.get(step)
    index = _rank(holder, step)
    return None if index is None else holder[index]


def _rank(holder: Any, step: str) -> int | None:
    """The list index of rank ``step`` (1-based) in ``holder``; None if it is not one."""
    if not isinstance(holder, list) or not step.isdigit():
        return None
    index = int(step) - 1
    return index if 0 <= index < len(holder) else None


def marked(text: str, findings: list[CivilityFinding], colour: bool) -> Text:
    """``text`` with each finding's span highlighted (``colour``) or [[bracketed]]."""
    shown = Text()
    position = 0
    for item in sorted(findings, key=lambda found: found.start):
        if item.start < position:  # overlapping spans: the earlier one already marks it
            continue
        shown.append(text[position : item.start])
        span = text[item.start : item.end]
        if colour:
            shown.append(span, style=HIGHLIGHT)
        else:
            shown.append(f"[[{span}]]")
        position = item.end
    shown.append(text[position:])
    return shown


def show_findings(out: Output, texts: dict[str, str], findings: list[CivilityFinding]) -> None:
    """Each flagged field on stderr with its spans marked; stdout stays the verb's own."""
    console = out.stderr
    colour = console.is_terminal and not console.no_color
    for field in dict.fromkeys(item.field for item in findings):
        console.print(Text(f"In {field}:", style="bold"))
        mine = [item for item in findings if item.field == field]
        console.print(marked(texts[field], mine, colour))


def _spans(findings: list[CivilityFinding]) -> str:
    return ", ".join(f"{item.excerpt!r} in {item.field}" for item in findings)


def _ask(editable: bool) -> str:
    """The author's choice: "post", "edit" or "cancel" (edit only when ``editable``)."""
    offered = "[p]ost anyway / [e]dit / [c]ancel" if editable else "[p]ost anyway / [c]ancel"
    letters = [letter for letter in CHOICES if editable or letter != "e"]
    answer = click.prompt(
        f"{QUESTION} {offered}",
        type=click.Choice(letters + [CHOICES[letter] for letter in letters], False),
        show_choices=False,
        err=True,
    )
    return CHOICES[answer.lower()[0]]


def _edited(text: str, edit: Callable[[str], str | None]) -> str:
    """``text`` as the author left it in the editor; unchanged if they did not save.

    The newline an editor adds at the end is dropped when the text had none.
    """
    written = edit(text)
    if written is None:
        return text
    if not text.endswith("\n") and written.endswith("\n"):
        written = written[:-1]
    return written


def review(out: Output, kind: str, members: dict[str, Any]) -> dict[str, Any]:
    """The members to send after the author has seen what the civility check found.

    Returns ``members`` itself when nothing is found (and prints nothing), the same
    members when the author posts anyway or nobody is there to ask, and a copy with
    the author's edits otherwise; asks again only while something is still found.
    Raises :class:`PostCancelled` on cancel. Never adds a member of its own.
    """
    while True:
        texts = phi_check.screened_texts(kind, members)
        findings = find(texts)
        if not findings:
            return members
        show_findings(out, texts, findings)
        if not cli_context.can_ask():
            out.warn(f"Posting as written; may read as an attack: {_spans(findings)}. {NOT_SEEN}")
            return members
        flagged = list(dict.fromkeys(item.field for item in findings))
        stuck = [field for field in flagged if written_back(members, field, "") is None]
        if stuck:
            out.warn(f"Cannot be edited here: {', '.join(stuck)}.")
        out.stderr.print(Text(NOT_SEEN, style="italic"))
        choice = _ask(editable=len(stuck) < len(flagged))
        if choice == "post":
            return members
        if choice == "cancel":
            raise PostCancelled("Cancelled at the civility question. Nothing was sent.")
        for field in flagged:
            if field not in stuck:
                out.stderr.print(Text(f"Opening {field} in your editor.", style="dim"))
                edited = written_back(members, field, _edited(texts[field], click.edit))
                members = edited if edited is not None else members

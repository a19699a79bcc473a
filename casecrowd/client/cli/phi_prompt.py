"""Showing PHI findings to the author, and asking about the uncertain ones."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

import click
from rich.text import Text

from casecrowd.client import phi_check
from casecrowd.client.cli import context as cli_context
from casecrowd.client.output import Output
from casecrowd.phi import render

ack_option = click.option(
    "--ack-phi",
    is_flag=True,
    help="Acknowledge every low-confidence PHI finding as not an identifier (each is still"
    " shown). Certain findings always block.",
)


def show_findings(out: Output, findings: list[phi_check.FieldFinding]) -> None:
    """Each field with findings, highlighted on a colour terminal, bracketed elsewhere."""
    console = out.human
    for field, group in groupby(findings, key=lambda item: item.field):
        items = list(group)
        console.print(Text(f"Possible identifiers in {field}:", style="bold"))
        if console.is_terminal and not console.no_color:
            render.show(console, items[0].text, [item.finding for item in items])
        else:
            console.print(Text(render.render_plain(items[0].text, [i.finding for i in items])))


def acknowledger(out: Output, ack_all: bool) -> Callable[[phi_check.FieldFinding], bool]:
    def acknowledge(item: phi_check.FieldFinding) -> bool:
        what = f"{item.excerpt!r} in {item.field} ({item.finding.category_name})"
        if ack_all:
            out.note(f"Acknowledged as not PHI: {what}.")
            return True
        if not cli_context.can_ask():
            return False
        return click.confirm(
            f"Possible identifier {what}. Is it safe to send as written?", default=False, err=True
        )

    return acknowledge


def cleared(out: Output, kind: str, members: dict, ack_all: bool) -> dict:
    """Scan before sending; show what was found; return the members with ``phi_ack``."""
    findings = phi_check.find(phi_check.screened_texts(kind, members))
    if findings:
        show_findings(out, findings)
    return phi_check.clear(kind, members, acknowledger(out, ack_all))

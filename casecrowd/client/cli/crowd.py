"""``casecrowd outcome`` and ``casecrowd dx``: the final diagnosis, and finding a code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.text import Text

from casecrowd.client.cli.case_crowd import coded
from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.cli.forum_read import as_option
from casecrowd.client.cli.forum_write import file_option, read_text, submit
from casecrowd.client.cli.phi_prompt import ack_option
from casecrowd.client.diagnosis_input import DIAGNOSIS_SYNTAX, parse_diagnosis

DIAGNOSES_PATH = "/api/v1/diagnoses"
DEFAULT_COMPLETIONS = 10
MEMBERS_SOURCE = "members"  # the forum's name for texts members wrote (else "icd-10-cm")


@client_command(name="outcome")
@as_option
@click.argument("case_id", type=click.IntRange(min=1))
@click.argument("text", required=False)
@file_option
@click.option(
    "--dx",
    "dx",
    metavar="DIAGNOSIS",
    help=f"The final diagnosis: {DIAGNOSIS_SYNTAX}. Every answer's differential is scored on it.",
)
@ack_option
def outcome_command(
    context: ClientContext,
    as_label: str | None,
    case_id: int,
    text: str | None,
    file: Path | None,
    dx: str | None,
    ack_phi: bool,
) -> None:
    """Record what happened in your case CASE_ID: the outcome TEXT, the final diagnosis
    (--dx), or both. The case becomes solved; the latest outcome is the one shown.
    """
    members: dict[str, Any] = {"case_id": case_id}
    if dx is not None:
        # Parsed first: an unknown code stops here, before any editor or request.
        members["final_diagnosis"] = parse_diagnosis(dx)
    if text is not None or file is not None or dx is None:
        members["outcome"] = read_text(text, file, "outcome")
    posted = submit(context, as_label, "case.outcome", members, ack_phi)
    final = members.get("final_diagnosis")
    scored = f"; final diagnosis {coded(final)}, answers scored on it" if final else ""
    context.out.success(
        f"Recorded the outcome of case {case_id}{scored} (proof {posted['proof_id']})."
    )


def _source(item: dict[str, Any]) -> str:
    """ "icd-10-cm", or "members (3 uses)": how many answers list a member's text."""
    uses = item.get("uses")
    if item.get("source") == MEMBERS_SOURCE and isinstance(uses, int):
        return f"{MEMBERS_SOURCE} ({uses} use{'' if uses == 1 else 's'})"
    return str(item.get("source"))


@client_command(name="dx")
@as_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 50), default=DEFAULT_COMPLETIONS, show_default=True)
def dx_command(context: ClientContext, as_label: str | None, query: str, limit: int) -> None:
    """Find a diagnosis and its ICD-10-CM code: by words or a code's first characters.

    Lists codes of the code set and the diagnoses members have written, for
    `casecrowd answer CASE --dx 'text [CODE]'` and `casecrowd outcome CASE --dx CODE`.
    """
    answer = context.forum(as_label).get(DIAGNOSES_PATH, q=query, limit=limit)
    context.out.data(answer)
    found = [item for item in answer.get("items") or [] if isinstance(item, dict)]
    if not found:
        context.out.note(f"No diagnosis matches {query!r}.")
        return
    rows = [
        (
            item.get("code"),
            item.get("diagnosis"),
            _source(item),
        )
        for item in found
    ]
    context.out.table(("code", "diagnosis", "source"), rows, f"Diagnoses matching {query!r}")


STATS_PATH = "/api/v1/stats/crowd"
BAR_WIDTH = 30


def _bar(label: str, rate: Any, detail: str) -> Text:
    """One row of the figure: a bar as long as the top-3 rate, the rate, and its counts."""
    line = Text(f"  {label:<12} ", style="bold")
    if not isinstance(rate, int | float):
        line.append(detail, style="dim")
        return line
    filled = round(rate * BAR_WIDTH)
    line.append("█" * filled, style="green")
    line.append("·" * (BAR_WIDTH - filled), style="dim")
    line.append(f" {rate:6.1%} ")
    line.append(detail, style="dim")
    return line


@client_command(name="stats")
@as_option
def stats_command(context: ClientContext, as_label: str | None) -> None:
    """How often the final diagnosis was in the top three: single answers against the
    crowd differential of groups of 1, 3, 5 and 9 answers, over the solved cases.
    """
    stats = context.forum(as_label).get(STATS_PATH)
    context.out.data(stats)
    out = context.out
    out.say(
        Text(
            f"Final diagnosis in the top three, over {stats.get('cases')} solved case(s)",
            style="bold",
        )
    )
    out.say(_bar("individual", stats.get("individual_top3"), "single answers"))
    for group in stats.get("groups") or []:
        size = group.get("size")
        if group.get("cases"):
            detail = f"{group.get('cases')} case(s), {group.get('groups')} group(s) pooled"
        else:
            detail = f"no solved case has {size} scored answers yet"
        out.say(_bar(f"groups of {size}", group.get("top3"), detail))
    if stats.get("method"):
        out.note(str(stats["method"]))

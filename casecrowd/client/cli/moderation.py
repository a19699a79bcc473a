"""``casecrowd flag`` and ``casecrowd appeal``: a member's side of moderation.
(``casecrowd inbox``, the moderators' messages to the pseudonym, is in cli.inbox.)

A flag's note and an appeal's text are screened for PHI before they are signed,
as every other text is. An appeal goes without a session (its signature is its
authentication), so a suspended or banned pseudonym can still send one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from casecrowd.client.cli import context as cli_context
from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.cli.drafts import reviewed
from casecrowd.client.cli.forum_read import as_option
from casecrowd.client.cli.forum_write import file_option
from casecrowd.client.cli.phi_prompt import ack_option
from casecrowd.client.http import ServerProblem
from casecrowd.client.output import Output
from casecrowd.protocol.moderation import CARE_REASONS, FLAG_REASONS, FLAG_TARGETS

# What each flag reason is for, as --help explains it (one entry per FLAG_REASONS).
REASON_MEANINGS = {
    "phi": "patient identifiers (names, dates, places, numbers)",
    "harassment": "abuse, bigotry, threats",
    "spam": "advertising or posts unrelated to the case",
    "misinformation": "claims against established evidence",
    "potential-harm": "advice that could hurt a patient",
    "wellbeing": "the author seems to be struggling: moderators reach out to them privately,"
    " in their inbox, and never identify them or name you",
}
REASONS_HELP = "; ".join(f"{reason} = {REASON_MEANINGS[reason]}" for reason in FLAG_REASONS)


def _appeal_text(text: str | None, file: Path | None) -> str:
    """From --text, --file, or (in a terminal, given neither) a prompt."""
    if text is not None and file is not None:
        raise usage("give the appeal's text with --text or with --file, not both")
    if text is not None:
        return text
    if file is None:
        if cli_context.can_ask():
            return click.prompt("Why should the action be reconsidered?", err=True)
        raise usage("no appeal text: give it with --text or --file")
    return cli_context.text_of_file(file)


def _refusal(problem: ServerProblem, plainly: dict[str, str]) -> ServerProblem:
    """``problem`` told in the sentence ``plainly`` has for its code, if any."""
    sentence = plainly.get(problem.code)
    return problem.explained(sentence) if sentence else problem


@client_command(
    name="flag",
    help="Flag a case, an answer or a comment for moderators, once per post. Enough phi"
    " flags from different members hide the post until a moderator reviews it; a"
    " wellbeing flag hides nothing and asks moderators to reach out to the author privately.",
)
@as_option
@click.argument("target", type=click.Choice(FLAG_TARGETS))
@click.argument("target_id", type=click.IntRange(min=1))
@click.option(
    "--reason", required=True, type=click.Choice(FLAG_REASONS), help=f"Why: {REASONS_HELP}."
)
@click.option("--note", default="", help="A short note for moderators (screened for PHI).")
@ack_option
def flag_command(
    context: ClientContext,
    as_label: str | None,
    target: str,
    target_id: int,
    reason: str,
    note: str,
    ack_phi: bool,
) -> None:
    members: dict[str, Any] = {"target": target, "target_id": target_id, "reason": reason}
    if note:
        members["note"] = note
    forum = context.forum(as_label)
    what = f"{target} {target_id}"
    try:
        flagged = forum.submit("flag", reviewed(context.out, "flag", members, ack_phi))
    except ServerProblem as problem:
        raise _refusal(
            problem,
            {
                "flag-duplicate": f"You have already flagged {what}; each post is flagged"
                " once per pseudonym.",
                "flag-own-content": f"You cannot flag {what}: you wrote it.",
            },
        ) from None
    context.out.data(flagged)
    if flagged.get("hidden"):
        outcome = "it is now hidden until a moderator reviews it"
    elif reason in CARE_REASONS:
        outcome = "a moderator will reach out to its author privately, without naming you"
    else:
        outcome = "moderators will review it"
    context.out.success(f"Flagged {what} for {reason}; {outcome}.")


@client_command(
    name="appeal",
    help="Appeal mod log entry LOG_ENTRY, once, if it concerns your pseudonym or a post of"
    " yours; works while the pseudonym is suspended or banned. With --list: the sanctions"
    " and mod log entries concerning you, and which you have appealed.",
)
@as_option
@click.argument("log_entry", type=click.IntRange(min=1), required=False)
@click.option("--text", help="Why the action should be reconsidered (screened for PHI).")
@file_option
@click.option("--list", "listing", is_flag=True, help="Show what concerns you instead.")
@ack_option
def appeal_command(
    context: ClientContext,
    as_label: str | None,
    log_entry: int | None,
    text: str | None,
    file: Path | None,
    listing: bool,
    ack_phi: bool,
) -> None:
    if listing:
        if log_entry is not None or text is not None or file is not None:
            raise usage("--list takes no LOG_ENTRY, --text or --file")
        concerning = context.forum(as_label).my_moderation()
        context.out.data(concerning)
        _show_concerning(context.out, concerning)
        return
    if log_entry is None:
        raise usage("name the mod log entry to appeal (`casecrowd appeal --list` shows them)")
    members = {"log_entry": log_entry, "text": _appeal_text(text, file)}
    forum = context.forum(as_label)
    try:
        appealed = forum.appeal(reviewed(context.out, "appeal", members, ack_phi))
    except ServerProblem as problem:
        raise _refusal(
            problem,
            {
                "log-entry-not-found": f"The mod log has no entry {log_entry}.",
                "appeal-not-yours": f"Mod log entry {log_entry} concerns neither this"
                " pseudonym nor a post it wrote; only those it concerns can appeal it.",
                "appeal-duplicate": f"You have already appealed mod log entry {log_entry};"
                " each entry is appealed once.",
            },
        ) from None
    context.out.data(appealed)
    context.out.success(
        f"Appealed mod log entry {log_entry} (appeal {appealed['appeal_id']}); a moderator's"
        " decision will be a new mod log entry."
    )


def _show_concerning(out: Output, concerning: dict[str, Any]) -> None:
    sanctions = concerning.get("sanctions") or []
    entries = concerning.get("entries") or []
    if not sanctions and not entries:
        out.say("No moderation action concerns this pseudonym or its posts.")
        return
    if sanctions:
        rows = [
            (s.get("kind"), s.get("starts"), s.get("ends"), s.get("log_entry"), s.get("lifted_by"))
            for s in sanctions
        ]
        columns = ("sanction", "starts", "ends", "mod log entry", "lifted by entry")
        out.table(columns, rows, "Sanctions on this pseudonym")
    if entries:
        rows = [
            (
                e.get("seq"),
                e.get("day"),
                e.get("action"),
                e.get("reason"),
                f"{e.get('target_kind')} {e.get('target_id')}",
                e.get("moderator"),
                bool(e.get("appealed")),
            )
            for e in entries
        ]
        columns = ("entry", "day", "action", "reason", "target", "moderator", "appealed")
        out.table(columns, rows, "Mod log entries concerning you")
    open_to_appeal = [str(e.get("seq")) for e in entries if not e.get("appealed")]
    if open_to_appeal:
        which = "entry" if len(open_to_appeal) == 1 else "entries"
        out.note(
            f"You can appeal {which} {', '.join(open_to_appeal)}, each once:"
            " `casecrowd appeal ENTRY --text TEXT`."
        )

"""Writing to the forum: case new, answer, comment, vote, accept, edit.

Every verb scans its text for PHI first (nothing leaves with a certain finding or an
unacknowledged uncertain one), then signs an envelope with the pseudonym's key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from casecrowd.client import case_input
from casecrowd.client.cli import context as cli_context
from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.cli.drafts import reviewed
from casecrowd.client.cli.forum_read import as_option, case_group
from casecrowd.client.cli.phi_prompt import ack_option
from casecrowd.client.diagnosis_input import DIAGNOSIS_SYNTAX, parse_diagnosis
from casecrowd.client.forum import VOTE_VALUES
from casecrowd.protocol.votes import TARGET_KINDS

file_option = click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the text from this file ('-' for standard input).",
)
dx_option = click.option(
    "--dx",
    multiple=True,
    metavar="'DIAGNOSIS | NOTE'",
    help="A diagnosis of the ranked differential, most likely first; a note after ' | '."
    f" DIAGNOSIS is {DIAGNOSIS_SYNTAX} (M06.1, m061).",
)


def _case_options(function: Any) -> Any:
    for name, kwargs in reversed(
        [
            ("--title", {}),
            ("--age", {"help": 'Whole years; over 89 is sent as "90+".'}),
            ("--sex", {"type": click.Choice(["female", "male", "other", "unknown"])}),
            ("--tag", {"multiple": True, "help": "Specialty tag (repeat for several)."}),
            ("--presentation", {}),
            ("--history", {}),
            ("--examination", {}),
            ("--investigations", {}),
            ("--question", {}),
        ]
    ):
        function = click.option(name, **kwargs)(function)
    return function


def read_text(body: str | None, file: Path | None, what: str) -> str:
    if body is not None and file is not None:
        raise usage(f"give the {what} as an argument or with --file, not both")
    if file is not None:
        return cli_context.text_of_file(file)
    if body is not None:
        return body
    if cli_context.can_ask():
        written = click.edit(f"\n# Write the {what} above; lines starting with # are dropped.\n")
        text = "\n".join(line for line in (written or "").splitlines() if not line.startswith("#"))
        if text.strip():
            return text
    raise usage(f"no {what}: give it as an argument, with --file, or in the editor")


def differential(items: tuple[str, ...]) -> list[dict[str, str]]:
    """The ranked differential of ``--dx`` items, each coded when a code is given or known.

    Parsed before anything is signed, so an unknown code stops the verb with nothing sent.
    """
    result = []
    for item in items:
        diagnosis, _, note = item.partition("|")
        if not diagnosis.strip():
            raise usage("--dx needs a diagnosis before any ' | note'")
        result.append({**parse_diagnosis(diagnosis), "note": note.strip()})
    return result


def _case_fields(given: dict[str, Any], file: Path | None) -> dict[str, Any]:
    fields = case_input.read_case_file(file) if file is not None else {}
    tags = given.pop("tag", ())
    if tags:
        given["tags"] = list(tags)
    fields.update({name: value for name, value in given.items() if value})
    return fields


def _ask_case(fields: dict[str, Any]) -> dict[str, Any]:
    """The interactive form: asks for every required field not given yet."""
    for name in case_input.CASE_FIELDS:
        if fields.get(name):
            continue
        required = name in case_input.REQUIRED
        label = name.capitalize() + ("" if required else " (optional)")
        if name == "tags":
            label += " (comma-separated)"
        fields[name] = click.prompt(label, default=None if required else "", err=True)
    return fields


def submit(context: ClientContext, label: str | None, kind: str, members: dict, ack: bool) -> dict:
    forum = context.forum(label)
    answer = forum.submit(kind, reviewed(context.out, kind, members, ack))
    context.out.data(answer)
    return answer


@client_command(
    case_group,
    "new",
    help="Post a case: from options, a Markdown or TOML --file, or a form in the terminal."
    f" Options override the file's fields.\n\n{case_input.FORMAT_SUMMARY}",
)
@as_option
@file_option
@_case_options
@click.option(
    "--blind/--not-blind",
    "blind",
    default=None,
    help="Blind: other members see the answers only once they have sent their own"
    " differential (default: the forum's choice for the tags, e.g. diagnostic-puzzle).",
)
@ack_option
def new_case_command(
    context: ClientContext,
    as_label: str | None,
    file: Path | None,
    blind: bool | None,
    ack_phi: bool,
    **given: Any,
) -> None:
    fields = _case_fields(given, file)
    missing = [name for name in case_input.REQUIRED if not fields.get(name)]
    if missing and cli_context.can_ask():
        fields = _ask_case(fields)
    case = case_input.normalise(fields)
    if blind is not None:
        case["blind"] = blind
    posted = submit(context, as_label, "case.create", case, ack_phi)
    context.out.success(f"Posted case {posted['case_id']} (proof {posted['proof_id']}).")


@client_command(name="answer")
@as_option
@click.argument("case_id", type=click.IntRange(min=1))
@click.argument("body", required=False)
@file_option
@dx_option
@ack_option
def answer_command(
    context: ClientContext,
    as_label: str | None,
    case_id: int,
    body: str | None,
    file: Path | None,
    dx: tuple[str, ...],
    ack_phi: bool,
) -> None:
    """Answer case CASE_ID, with an optional ranked differential (--dx, repeatable)."""
    ranked = differential(dx)  # an unknown code stops here, before the editor opens
    members = {"case_id": case_id, "body": read_text(body, file, "answer"), "differential": ranked}
    posted = submit(context, as_label, "answer.create", members, ack_phi)
    context.out.success(f"Posted answer {posted['answer_id']} (proof {posted['proof_id']}).")


@client_command(name="comment")
@as_option
@click.argument("body", required=False)
@click.option("--case", "case_id", type=click.IntRange(min=1), help="Comment on this case.")
@click.option("--answer", "answer_id", type=click.IntRange(min=1), help="Or on this answer.")
@file_option
@ack_option
def comment_command(
    context: ClientContext,
    as_label: str | None,
    body: str | None,
    case_id: int | None,
    answer_id: int | None,
    file: Path | None,
    ack_phi: bool,
) -> None:
    """Comment on a case (--case) or an answer (--answer)."""
    if (case_id is None) == (answer_id is None):
        raise usage("give exactly one of --case and --answer")
    members: dict[str, Any] = {"body": read_text(body, file, "comment")}
    members["case_id" if case_id else "answer_id"] = case_id or answer_id
    posted = submit(context, as_label, "comment.create", members, ack_phi)
    context.out.success(f"Posted comment {posted['comment_id']} (proof {posted['proof_id']}).")


@client_command(name="vote")
@as_option
@click.argument("target", type=click.Choice(TARGET_KINDS))
@click.argument("target_id", type=click.IntRange(min=1))
@click.argument("direction", type=click.Choice(sorted(VOTE_VALUES)))
def vote_command(
    context: ClientContext, as_label: str | None, target: str, target_id: int, direction: str
) -> None:
    """Vote on a case, an answer or a discussion: up, down, or none to withdraw. The latest
    vote counts."""
    answer = context.forum(as_label).vote(target, target_id, VOTE_VALUES[direction])
    context.out.data(answer)
    context.out.success(f"Voted {direction} on {target} {target_id} (proof {answer['proof_id']}).")


@client_command(name="accept")
@as_option
@click.argument("answer_id", type=click.IntRange(min=1))
def accept_command(context: ClientContext, as_label: str | None, answer_id: int) -> None:
    """Accept answer ANSWER_ID on your case; the case becomes solved."""
    answer = context.forum(as_label).accept(answer_id)
    context.out.data(answer)
    context.out.success(
        f"Accepted answer {answer_id} on case {answer['case_id']} (proof {answer['proof_id']})."
    )


@click.group("edit")
def edit_group() -> None:
    """Edit your case or answer; every revision is kept and signed."""


@client_command(edit_group, "case")
@as_option
@click.argument("case_id", type=click.IntRange(min=1))
@file_option
@_case_options
@ack_option
def edit_case_command(
    context: ClientContext,
    as_label: str | None,
    case_id: int,
    file: Path | None,
    ack_phi: bool,
    **given: Any,
) -> None:
    """Change fields of case CASE_ID (only those given, from options or a --file)."""
    changes = case_input.normalise(_case_fields(given, file), partial=True)
    if not changes:
        raise usage("nothing to change: give at least one field")
    posted = submit(context, as_label, "case.edit", {"case_id": case_id, **changes}, ack_phi)
    context.out.success(f"Case {case_id} is now at revision {posted['revision']}.")


@client_command(edit_group, "answer")
@as_option
@click.argument("answer_id", type=click.IntRange(min=1))
@click.argument("body", required=False)
@file_option
@dx_option
@ack_option
def edit_answer_command(
    context: ClientContext,
    as_label: str | None,
    answer_id: int,
    body: str | None,
    file: Path | None,
    dx: tuple[str, ...],
    ack_phi: bool,
) -> None:
    """Change the body and/or the differential of answer ANSWER_ID."""
    members: dict[str, Any] = {"answer_id": answer_id}
    if dx:
        members["differential"] = differential(dx)
    if body is not None or file is not None:
        members["body"] = read_text(body, file, "answer")
    if len(members) == 1:
        raise usage("nothing to change: give a new body, --file or --dx")
    posted = submit(context, as_label, "answer.edit", members, ack_phi)
    context.out.success(f"Answer {answer_id} is now at revision {posted['revision']}.")

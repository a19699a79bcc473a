"""``casecrowd poll new|vote|show``: polls on cases.

A poll's question and options are screened for PHI before they are signed, like
any post. ``poll show`` prints the question and options as the case's author
signed them (the forum's copy is checked against the signed ``poll.create``),
and the counts only once the forum shows them: after one votes, or once the
poll has closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from rich.text import Text

from casecrowd.client import polls, shown, verify
from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.cli.drafts import reviewed
from casecrowd.client.cli.forum_read import as_option
from casecrowd.client.cli.phi_prompt import ack_option
from casecrowd.client.errors import ExitCode
from casecrowd.clock import utcnow

BAR_WIDTH = 24
HIDDEN_RESULTS = (
    "Results are hidden until you vote (or until the poll closes), so that each vote is"
    " cast without seeing the others."
)


@click.group("poll")
def poll_group() -> None:
    """Polls on cases: ask one, vote, see the results."""


@client_command(poll_group, "new")
@as_option
@click.argument("case_id", type=click.IntRange(min=1))
@click.option("--question", required=True, help="The question (up to 300 characters).")
@click.option(
    "--option", "options", multiple=True, help="An option; repeat for each (2 to 8), in order."
)
@click.option("--multiple", is_flag=True, help="A vote may choose several options.")
@click.option("--closes", metavar="TIME", help="When voting ends: 2026-12-31T12:00:00Z.")
@click.option("--closes-in", metavar="DURATION", help="Or how soon it ends: 90m, 12h, 3d, 2w.")
@ack_option
def new_poll_command(
    context: ClientContext,
    as_label: str | None,
    case_id: int,
    question: str,
    options: tuple[str, ...],
    multiple: bool,
    closes: str | None,
    closes_in: str | None,
    ack_phi: bool,
) -> None:
    """Ask a poll on your case CASE_ID."""
    if len(options) < 2:
        raise usage("a poll needs at least two --option")
    members: dict[str, Any] = {
        "case_id": case_id,
        "question": question,
        "options": list(options),
        "multiple": multiple,
    }
    closing = polls.closing_time(closes, closes_in, utcnow())
    if closing is not None:
        members["closes"] = closing
    forum = context.forum(as_label)
    posted = forum.submit("poll.create", reviewed(context.out, "poll.create", members, ack_phi))
    context.out.data(posted)
    context.out.success(
        f"Asked poll {posted['poll_id']} on case {case_id} (proof {posted['proof_id']})."
    )


@client_command(poll_group, "vote")
@as_option
@click.argument("poll_id", type=click.IntRange(min=1))
@click.argument("choices", nargs=-1, type=click.IntRange(min=1))
@click.option("--withdraw", is_flag=True, help="Withdraw your vote (then results hide again).")
def vote_poll_command(
    context: ClientContext,
    as_label: str | None,
    poll_id: int,
    choices: tuple[int, ...],
    withdraw: bool,
) -> None:
    """Vote in poll POLL_ID for option number(s) CHOICES (1 for the first). The latest counts."""
    if withdraw == bool(choices):
        raise usage("give the option numbers you choose, or --withdraw")
    forum = context.forum(as_label)
    answer = forum.submit("poll.vote", {"poll_id": poll_id, "choices": list(choices)})
    context.out.data(answer)
    if not answer.get("counted", True):
        context.out.warn("A vote of yours signed later already counts; this one changed nothing.")
    elif withdraw:
        context.out.success(f"Withdrew your vote in poll {poll_id} (proof {answer['proof_id']}).")
    else:
        chosen = ", ".join(map(str, answer.get("choices", choices)))
        context.out.success(f"Voted {chosen} in poll {poll_id} (proof {answer['proof_id']}).")


@client_command(poll_group, "show")
@as_option
@click.argument("poll_id", type=click.IntRange(min=1))
def show_poll_command(context: ClientContext, as_label: str | None, poll_id: int) -> None:
    """Show poll POLL_ID: its signed question and options, and the counts once you may see them."""
    forum = context.forum(as_label)
    served = polls.poll(forum, poll_id)
    wallet = context.wallet()
    check = shown.checker(lambda name: verify.pinned_keys(wallet, name), forum.origin)
    problems, signed = polls.check_poll(served, forum.proof(served["proof_id"]), check)
    context.out.data({**served, "signed": signed, "problems": problems})
    show_poll(context, served, signed, problems)


def _bar(count: int, total: int) -> str:
    filled = round(BAR_WIDTH * count / total) if total else 0
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def show_poll(
    context: ClientContext,
    served: dict[str, Any],
    signed: dict[str, Any] | None,
    problems: list[str],
) -> None:
    out = context.out
    source = signed or served
    out.say(Text(f"Poll {served['id']} on case {served['case_id']}", style="bold underline"))
    out.say(Text(str(source.get("question")), style="bold"))
    kind = "several choices allowed" if source.get("multiple") else "one choice"
    closes = served.get("closes")
    if served.get("closed"):
        when = f"closed at {closes}"
    else:
        when = f"closes at {closes}" if closes else "no closing time"
    out.note(f"{kind}; {when}; {served.get('voters', 0)} voter(s)")
    tally = served.get("tally")
    mine = set(served.get("your_choices") or [])
    total = sum(tally) if tally else 0
    for number, option in enumerate(source.get("options") or [], start=1):
        marker = "*" if number in mine else " "
        line = f"{marker} {number}. {option}"
        if tally is not None and number <= len(tally):
            line += f"  {_bar(tally[number - 1], total)} {tally[number - 1]}"
        out.say(line)
    if tally is None:
        out.note(HIDDEN_RESULTS)
    elif mine:
        out.note("* your vote")
    for problem in problems:
        out.warn(f"poll {served['id']}: {problem}")
    if problems:
        out.error("the forum shows this poll otherwise than its author signed it")
        raise click.exceptions.Exit(int(ExitCode.VERIFICATION))
    out.success("The question and options are as the case's author signed them.")


def verify_poll(
    context: ClientContext,
    as_label: str | None,
    poll_id: int,
    trusted_for: Callable[[str], list[bytes]],
) -> None:
    """``casecrowd verify --poll``: recount from the signed votes; exit 6 on any difference."""
    forum = context.forum(as_label)
    served = polls.poll(forum, poll_id)
    check = shown.checker(trusted_for, forum.origin)
    result = polls.recount(
        served, polls.poll_votes(forum, poll_id), check, forum.proof(served["proof_id"])
    )
    out = context.out
    out.data(result.as_json())
    options = served.get("options") or []
    rows = [
        (number, option, _count(result.served_tally, number), result.tally[number - 1])
        for number, option in enumerate(options[: len(result.tally)], start=1)
    ]
    out.table(("option", "text", "forum", "recounted"), rows, f"Poll {poll_id}")
    for line in result.rejected + result.problems:
        out.warn(line)
    counted = f"{result.counted} signed vote(s), {result.voters} choosing something"
    if result.matches:
        out.success(f"Tally recounted from {counted}: matches the forum's.")
        return
    out.error(f"the tally recounted from {counted} does not match the forum's")
    raise click.exceptions.Exit(int(ExitCode.VERIFICATION))


def _count(tally: list[int] | None, number: int) -> Any:
    return tally[number - 1] if tally is not None and number <= len(tally) else None

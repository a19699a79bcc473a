"""``casecrowd withdraw``: the author takes back a case, answer or comment of theirs.

The forum removes the post's text from every revision, the search index and
every stored envelope, for good; the post keeps its place, its votes and its
acceptance. So the verb asks first on a terminal, and without one it needs
``--yes``: nothing is withdrawn by a script that did not say so.
"""

from __future__ import annotations

import click

from casecrowd.client.cli import context as cli_context
from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.cli.forum_read import as_option
from casecrowd.client.http import ServerProblem
from casecrowd.protocol.withdrawals import WITHDRAW_TARGETS


def _confirmed(what: str, yes: bool) -> bool:
    if yes:
        return True
    if not cli_context.can_ask():
        raise usage(f"withdrawing {what} cannot be undone: confirm it with --yes")
    question = f"Withdraw {what}? Its text will be removed from the forum for good."
    return click.confirm(question, default=False, err=True)


@client_command(
    name="withdraw",
    help="Withdraw your case, answer or comment TARGET_ID: its text is removed from the forum"
    " for good (every revision, search, the stored envelopes); its place, votes and"
    " acceptance stay. Asks first; --yes skips the question.",
)
@as_option
@click.argument("target", type=click.Choice(WITHDRAW_TARGETS))
@click.argument("target_id", type=click.IntRange(min=1))
@click.option("--yes", is_flag=True, help="Withdraw without asking.")
def withdraw_command(
    context: ClientContext, as_label: str | None, target: str, target_id: int, yes: bool
) -> None:
    what = f"{target} {target_id}"
    if not _confirmed(what, yes):
        context.out.note(f"Nothing was sent; {what} is as it was.")
        return
    forum = context.forum(as_label)
    try:
        withdrawn = forum.submit("withdraw", {"target": target, "target_id": target_id})
    except ServerProblem as problem:
        plainly = {
            "withdrawal-duplicate": f"You have already withdrawn {what}.",
            "not-author": f"You cannot withdraw {what}: another member wrote it.",
        }
        sentence = plainly.get(problem.code)
        raise (problem.explained(sentence) if sentence else problem) from None
    context.out.data(withdrawn)
    context.out.success(
        f"Withdrew {what}: its text is gone from the forum (proof {withdrawn['proof_id']})."
    )

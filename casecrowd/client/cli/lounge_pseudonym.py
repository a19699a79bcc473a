"""Which pseudonym speaks in the lounge, and the one-time suggestion of a separate one.

Writing style and the hours one posts at link pseudonyms as surely as a name
does. Venting in the lounge under the pseudonym that posts one's cases joins
the two halves of a physician's life; the client says so once, in one sentence,
and offers a pseudonym of the lounge's own. The choice (or the dismissal) is
kept in the wallet only: the forum never learns which pseudonyms share a wallet.
"""

from __future__ import annotations

import click

from casecrowd.client import pseudonyms
from casecrowd.client.cli import context as cli_context
from casecrowd.client.cli.context import ClientContext
from casecrowd.client.cli.tokens import report_registration
from casecrowd.client.errors import ExitCode, WalletStateError
from casecrowd.clock import utcnow

LOUNGE_LABEL = "lounge"
SUGGESTION = (
    "Keeping the lounge on a pseudonym of its own keeps your writing style and your"
    " schedule there apart from your cases, so the two are harder to link."
)
CHOICES = {"n": "new", "k": "keep", "d": "dismiss"}
QUESTION = (
    "Post in the lounge as a [n]ew pseudonym, [k]eep using your current one here,"
    " or [d]ismiss this suggestion?"
)


class LoungePseudonymQueued(WalletStateError):
    """The new lounge pseudonym waits for its token's time; this post was not sent."""

    exit_code = ExitCode.NOT_ACKNOWLEDGED


def lounge_label(
    context: ClientContext, as_label: str | None, *, posting: bool = True
) -> str | None:
    """The label to act as in the lounge (None: the current pseudonym).

    ``--as`` wins. Then the wallet's lounge choice; a pseudonym labelled
    :data:`LOUNGE_LABEL` that registered since it was queued becomes the choice.
    Otherwise, while the suggestion is due and the verb posts, it is made (on a
    terminal, asked; elsewhere, printed as a note); reading never asks.
    """
    if as_label is not None:
        return as_label
    wallet = context.wallet()
    chosen = wallet.lounge_pseudonym()
    if chosen is not None:
        return chosen.label
    if any(p.label == LOUNGE_LABEL for p in wallet.pseudonyms()):
        wallet.choose_lounge_pseudonym(LOUNGE_LABEL)
        wallet.save()
        return LOUNGE_LABEL
    if not posting or not wallet.lounge_suggestion_due():
        return None
    if not cli_context.can_ask():
        context.out.note(SUGGESTION + " Run this on a terminal to choose.")
        return None
    context.out.say(SUGGESTION)
    answer = click.prompt(QUESTION, type=click.Choice(list(CHOICES)), default="n", err=True)
    if CHOICES[answer] == "dismiss":
        wallet.dismiss_lounge_suggestion()
        wallet.save()
        return None
    if CHOICES[answer] == "keep":
        current = pseudonyms.pick(wallet, None)
        wallet.choose_lounge_pseudonym(current.label)
        wallet.save()
        return current.label
    return _new_lounge_pseudonym(context)


def _new_lounge_pseudonym(context: ClientContext) -> str:
    """Register the lounge's pseudonym now if a token's time has come, else queue it."""
    wallet = context.wallet()
    chosen = pseudonyms.choose_token(wallet)
    if chosen.wait(utcnow()).total_seconds() > 0:
        pseudonyms.queue_new(wallet, chosen, LOUNGE_LABEL)
        raise LoungePseudonymQueued(
            f"the lounge's pseudonym registers from {chosen.ready_at:%Y-%m-%d %H:%M} UTC, when"
            " its token's time comes (`casecrowd sync`); nothing was sent. Post then, or now"
            " with --as LABEL"
        )
    registered = pseudonyms.register_new(
        wallet, context.api("forum", wallet), context.endpoints(wallet).origin, chosen, LOUNGE_LABEL
    )
    report_registration(context, registered)
    wallet.choose_lounge_pseudonym(LOUNGE_LABEL)
    wallet.save()
    return LOUNGE_LABEL

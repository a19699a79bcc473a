"""``casecrowd apply`` and ``casecrowd status``: the desk, from the applicant's side."""

from __future__ import annotations

from typing import Any

import click

from casecrowd.client import forum_challenge, membership, sync
from casecrowd.client.cli import context as cli_context
from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.cli.sync import servers
from casecrowd.client.cli.tokens import fetch_document, say_fetch
from casecrowd.client.errors import ClientError
from casecrowd.client.wallet import Wallet, WalletError

PROMPTS = {
    "legal_name": "Legal name (as on your licence)",
    "licence_number": "Licence number",
    "jurisdiction": "Licensing jurisdiction (US state as US-NY, or a country code such as CA)",
    "npi": "NPI (10 digits)",
    "specialty": "Specialty code",
    "email": "Contact email (for the desk only)",
}


def _option(name: str) -> Any:
    flag = "--" + name.replace("_", "-")
    return click.option(flag, name, help=PROMPTS[name] + ".")


def _ask_missing(
    context: ClientContext, wallet: Wallet, fields: dict[str, str | None]
) -> dict[str, str]:
    missing = [name for name, value in fields.items() if not value]
    if missing and not cli_context.can_ask():
        flags = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise usage(f"missing {flags} (or run in a terminal to be asked)")
    for name in missing:
        if name == "specialty":
            known = membership.specialties(context.api("desk", wallet))
            context.out.table(
                ("code", "specialty"), [(s["code"], s["name"]) for s in known], "Specialties"
            )
            fields[name] = click.prompt(
                PROMPTS[name], type=click.Choice([s["code"] for s in known]), err=True
            )
        else:
            fields[name] = click.prompt(PROMPTS[name], err=True)
    return {name: str(value) for name, value in fields.items()}


@client_command(name="apply")
@_option("legal_name")
@_option("licence_number")
@_option("jurisdiction")
@_option("npi")
@_option("specialty")
@_option("email")
@click.option(
    "--replace", is_flag=True, help="Apply again although the wallet holds a membership already."
)
def apply_command(context: ClientContext, replace: bool, **fields: str | None) -> None:
    """Apply for membership; the membership secret goes into your encrypted wallet.

    Asks for what is not given as an option when run in a terminal. Only the
    verification desk sees these details; the forum never does.
    """
    wallet = context.wallet_or_new()
    if wallet.membership is not None and not replace:
        raise usage(
            f"the wallet already holds application {wallet.membership.application_id};"
            " `casecrowd status` shows it (or pass --replace)"
        )
    complete = _ask_missing(context, wallet, dict(fields))
    endpoints = context.endpoints(wallet)
    wallet.servers.update(endpoints.as_servers())
    try:
        application = membership.apply(context.api("desk", wallet), wallet, complete)
    except WalletError:
        # The desk shows the secret once: losing it would orphan the application.
        secret = wallet.membership.secret if wallet.membership else "(none)"
        context.out.warn(f"The wallet could not be saved. Keep this membership secret: {secret}")
        raise
    context.out.data(
        {
            "application_id": application.application_id,
            "status": application.status,
            "server": endpoints.desk,
            "wallet": str(context.wallet_location),
        }
    )
    context.out.success(
        f"Application {application.application_id} sent to {endpoints.desk}: {application.status}."
    )
    _refresh_forum_parameters(context, wallet)
    context.out.say(
        f"The membership secret is in your wallet ({context.wallet_location}). The desk knows"
        " who you are; it will never see your pseudonyms. `casecrowd status` shows its decision."
    )


@client_command(name="status")
def status_command(context: ClientContext) -> None:
    """Show the state of your application; once approved, obtain the epoch's tokens."""
    wallet = context.wallet()
    state = membership.status(context.api("desk", wallet), wallet)
    report = sync.RunReport(status=state.get("status"))
    if report.status == sync.APPROVED and not wallet.timing.batches:
        # As soon as the membership is approved: the epoch's whole quota, in one batch.
        # Later quotas come from `sync` alone, at the wallet's own moment: obtained
        # here they would fall just before whatever the physician does next.
        sync.obtain_if_due(wallet, servers(context, wallet), report)
    elif report.status == "pending" and forum_challenge.is_stale(wallet):
        _refresh_forum_parameters(context, wallet)
    fetched = fetch_document(wallet, report.fetched) if report.fetched else None
    context.out.data({**state, "tokens_obtained": fetched})
    context.out.fields(
        [
            ("application", state.get("application_id")),
            ("status", state.get("status")),
            ("specialty", state.get("specialty")),
            ("applied on", state.get("applied_on")),
            ("decided on", state.get("decided_on")),
            ("reason", state.get("reason")),
        ]
    )
    if report.fetched is not None:
        say_fetch(context, wallet, report.fetched)
        context.out.say("Next: `casecrowd pseudonym new` asks for a pseudonym.")
    elif report.status == sync.APPROVED and not forum_challenge.is_usable(wallet):
        context.out.say("Next: `casecrowd sync` prepares, then obtains, your tokens.")
    elif report.status == sync.APPROVED:
        context.out.note("Later quotas come once per epoch, by `casecrowd sync`.")


def _refresh_forum_parameters(context: ClientContext, wallet: Wallet) -> None:
    """Fetched now, at a time of no significance, so that obtaining tokens later is silent."""
    try:
        forum_challenge.refresh(wallet, context.api("forum", wallet))
    except ClientError as error:
        context.out.note(f"The forum's parameters could not be fetched ({error}); sync retries.")

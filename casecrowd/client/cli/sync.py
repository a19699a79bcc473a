"""``casecrowd sync``: the client's scheduled run (casecrowd.client.sync)."""

from __future__ import annotations

import time
from datetime import timedelta

import click

from casecrowd.client import sync
from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.cli.tokens import accept_new_key_option, report_fetch, report_registration
from casecrowd.client.wallet import Wallet
from casecrowd.clock import utcnow

# --watch wakes at least this often, to notice an approval or a new epoch's key.
WATCH_CHECK = timedelta(hours=1)


def servers(context: ClientContext, wallet: Wallet) -> sync.Servers:
    return sync.Servers(
        context.api("desk", wallet),
        context.api("issuer", wallet),
        context.api("forum", wallet),
        context.endpoints(wallet).origin,
    )


def run_and_report(context: ClientContext, wallet: Wallet, accept_new_key: bool) -> sync.RunReport:
    report = sync.run_once(wallet, servers(context, wallet), accept_new_key=accept_new_key)
    if report.fetched is not None:
        report_fetch(context, wallet, report.fetched)
    elif report.registered is not None:
        report_registration(context, report.registered)
    elif report.refreshed_forum:
        context.out.note("Refreshed the forum's token-challenge parameters.")
    return report


@client_command(name="sync")
@click.option("--watch", is_flag=True, help="Keep running; act at each scheduled moment.")
@accept_new_key_option
def sync_command(context: ClientContext, watch: bool, accept_new_key: bool) -> None:
    """Do what the schedule says is due: one quota, one registration, or a refresh.

    Tokens are obtained as a whole quota when the membership is approved and then
    once per epoch at this wallet's own moment; queued pseudonyms register once their
    token's time has come. Run it often (cron), or leave `casecrowd sync --watch` running.
    """
    wallet = context.wallet()
    while True:
        report = run_and_report(context, wallet, accept_new_key)
        due = sync.next_due(wallet, report)
        nothing = not (report.fetched or report.registered or report.refreshed_forum)
        if nothing:
            context.out.note(f"Nothing due (application {report.status or 'not sent'}).")
        if due is not None:
            context.out.note(f"Next scheduled step: {sync.as_utc_text(due)}.")
        if not watch:
            return
        pause = WATCH_CHECK if due is None else min(WATCH_CHECK, due - utcnow())
        # Acted this time: the next action waits for another run, never the same minute.
        if not nothing:
            pause = max(pause, timedelta(minutes=1))
        time.sleep(max(pause.total_seconds(), 1))

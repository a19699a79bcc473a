"""``casecrowd tokens`` and ``casecrowd pseudonym``: from membership to a forum identity."""

from __future__ import annotations

import time
from datetime import timedelta

import click

from casecrowd.client import pseudonyms, settings
from casecrowd.client.cli import context as cli_context
from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.errors import NotAcknowledged
from casecrowd.client.tokens import key_id_text, obtain_tokens
from casecrowd.crypto import base64url


@click.group("tokens")
def tokens_group() -> None:
    """Privacy Pass tokens: obtained from the issuer now, redeemed for pseudonyms later."""


@client_command(tokens_group, "fetch")
@click.option(
    "-n",
    "--count",
    type=click.IntRange(1, 100),
    default=1,
    show_default=True,
    help="How many tokens to obtain (the issuer allows a few per epoch).",
)
@click.option(
    "--accept-new-key",
    is_flag=True,
    help="Pin an issuer key this wallet has not seen before (expected once per epoch).",
)
def fetch_command(context: ClientContext, count: int, accept_new_key: bool) -> None:
    """Obtain COUNT tokens: blind locally, request, finalize, verify, store.

    Each token is made for a key pair of its own, kept with it in the wallet. The
    issuer's keys are pinned on first use; a key not seen before is refused unless
    --accept-new-key, and the forum must ask for tokens under a key the issuer's
    directory shows.
    """
    wallet = context.wallet()
    endpoints = context.endpoints(wallet)
    with context.out.progress(count, "Obtaining tokens") as advance:
        result = obtain_tokens(
            wallet,
            context.api("issuer", wallet),
            context.api("forum", wallet),
            endpoints.origin,
            count,
            accept_new_key=accept_new_key,
            on_token=advance,
        )
    waiting = sum(1 for t in wallet.tokens() if t.seed is not None)
    context.out.data(
        {
            "requested": result.requested,
            "obtained": result.obtained,
            "issuer_name": result.issuer_name,
            "token_key_id": key_id_text(result.key.spki),
            "newly_pinned": [key_id_text(k.spki) for k in result.newly_pinned],
            "waiting": waiting,
            "stopped_by": result.stopped_by.as_json() if result.stopped_by else None,
        }
    )
    for key in result.newly_pinned:
        context.out.note(f"Pinned issuer key {key_id_text(key.spki)} of {result.issuer_name}.")
    context.out.success(
        f"Obtained {result.obtained} of {result.requested} token(s) under issuer key"
        f" {key_id_text(result.key.spki)}; {waiting} waiting in the wallet."
    )
    context.out.say(
        "The issuer counted them against your membership but cannot recognise them later."
        " Redeem one with `casecrowd pseudonym new`, preferably not right away."
    )
    if result.stopped_by is not None:
        context.out.error(str(result.stopped_by))
        raise click.exceptions.Exit(int(result.stopped_by.exit_code))


@client_command(tokens_group, "list")
def list_tokens_command(context: ClientContext) -> None:
    """List unspent tokens: when each was obtained and what it may register."""
    wallet = context.wallet()
    rows = []
    for stored in sorted(wallet.tokens(), key=lambda t: t.obtained_at):
        bound = "a new key pair" if stored.seed is not None else "an existing pseudonym"
        rows.append(
            {
                "obtained_at": stored.obtained_at.isoformat(timespec="seconds"),
                "age_seconds": int(stored.age().total_seconds()),
                "for": bound,
            }
        )
    context.out.data(rows)
    context.out.table(
        ("obtained", "age", "for"),
        [(r["obtained_at"], _age(r), r["for"]) for r in rows],
        "Unspent tokens",
    )


@click.group("pseudonym")
def pseudonym_group() -> None:
    """Your pseudonyms: key pairs registered at the forum with a token each."""


def _confirm_early_redemption(
    context: ClientContext, wait: timedelta, delay: int, now: bool, wait_flag: bool
) -> None:
    """Warn about redeeming soon after issuance; wait, go on, or stop."""
    context.out.warn(
        f"This token was obtained less than {_duration(timedelta(seconds=delay))} ago."
        " Redeeming it now lets anyone who sees both the issuer's and the forum's records"
        " pair your membership with this pseudonym by time."
    )
    if now:
        return
    if not wait_flag:
        if not cli_context.can_ask():
            raise NotAcknowledged(
                f"redeeming a fresh token; wait {_duration(wait)}, or pass --wait or --now"
            )
        choice = click.prompt(
            f"Wait {_duration(wait)} and redeem then, redeem now, or stop?",
            type=click.Choice(["wait", "now", "stop"]),
            default="wait",
            err=True,
        )
        if choice == "now":
            return
        if choice == "stop":
            raise NotAcknowledged("stopped; the token stays in the wallet")
    context.out.say(f"Waiting {_duration(wait)} before redeeming (Ctrl-C stops; nothing is lost).")
    seconds = int(wait.total_seconds()) + 1
    with context.out.progress(seconds, "Waiting") as advance:
        for second in range(seconds):
            time.sleep(1)
            advance(second + 1)


@client_command(pseudonym_group, "new")
@click.option("--label", help="Your own name for it (default: the handle the forum gives it).")
@click.option(
    "--min-redeem-delay",
    type=click.IntRange(min=0),
    envvar=settings.MIN_REDEEM_DELAY_ENV,
    help=f"Seconds a token should wait between issuance and redemption (env"
    f" {settings.MIN_REDEEM_DELAY_ENV}; default client.min_redeem_delay or"
    f" {settings.DEFAULT_MIN_REDEEM_DELAY}).",
)
@click.option("--wait", "wait_flag", is_flag=True, help="Wait out the delay without asking.")
@click.option("--now", is_flag=True, help="Redeem a fresh token without asking.")
def new_command(
    context: ClientContext,
    label: str | None,
    min_redeem_delay: int | None,
    wait_flag: bool,
    now: bool,
) -> None:
    """Redeem the oldest stored token for its key pair: a new pseudonym at the forum."""
    wallet = context.wallet()
    delay = settings.min_redeem_delay(min_redeem_delay, context.config)
    wait = pseudonyms.redemption_wait(pseudonyms.next_token(wallet), delay)
    if wait > timedelta(0):
        _confirm_early_redemption(context, wait, delay, now, wait_flag)
    endpoints = context.endpoints(wallet)
    registered = pseudonyms.register_new(
        wallet, context.api("forum", wallet), endpoints.origin, label
    )
    pseudonym = registered.pseudonym
    context.out.data(
        {
            "label": pseudonym.label,
            "handle": pseudonym.handle,
            "public_key": base64url.encode(pseudonym.public_key, padded=False),
            "current": pseudonym.current,
            "verified_until": registered.verified_until,
        }
    )
    context.out.success(f"Registered pseudonym {pseudonym.label} (handle {pseudonym.handle}).")
    context.out.say(
        "The forum saw a valid token and a new public key; it cannot tell which member"
        " obtained the token." + (" It is your current pseudonym." if pseudonym.current else "")
    )


@client_command(pseudonym_group, "list")
def list_command(context: ClientContext) -> None:
    """List the pseudonyms in the wallet; * marks the current one."""
    wallet = context.wallet()
    rows = [
        {
            "label": p.label,
            "handle": p.handle,
            "public_key": base64url.encode(p.public_key, padded=False),
            "current": p.current,
        }
        for p in wallet.pseudonyms()
    ]
    waiting = sum(1 for t in wallet.tokens() if t.seed is not None)
    context.out.data({"pseudonyms": rows, "tokens_waiting": waiting})
    context.out.table(
        ("", "label", "handle", "public key"),
        [("*" if r["current"] else "", r["label"], r["handle"], r["public_key"]) for r in rows],
        "Pseudonyms",
    )
    context.out.note(f"{waiting} token(s) waiting for new pseudonyms.")


@client_command(pseudonym_group, "use")
@click.argument("label")
def use_command(context: ClientContext, label: str) -> None:
    """Make LABEL the pseudonym forum verbs act as."""
    wallet = context.wallet()
    chosen = wallet.use(label)
    wallet.save()
    context.out.data({"label": chosen.label, "handle": chosen.handle, "current": True})
    context.out.success(f"Now acting as {chosen.label} ({chosen.handle}).")


def _age(row: dict) -> str:
    return _duration(timedelta(seconds=row["age_seconds"]))


def _duration(value: timedelta) -> str:
    seconds = max(int(value.total_seconds()), 0)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"

"""``casecrowd tokens`` and ``casecrowd pseudonym``: from membership to a forum identity."""

from __future__ import annotations

import time
from datetime import timedelta

import click

from casecrowd.client import pseudonyms
from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.schedule import DELAY_RANGE_TEXT
from casecrowd.client.sync import as_utc_text
from casecrowd.client.tokens import FetchResult, key_id_text, obtain_tokens
from casecrowd.client.wallet import StoredToken, Wallet
from casecrowd.crypto import base64url

accept_new_key_option = click.option(
    "--accept-new-key",
    is_flag=True,
    help="Trust the issuer's new key without comparing it with other members' tokens"
    " (first installs and tests; the comparison is what keeps a key given to you alone"
    " from being trusted).",
)


@click.group("tokens")
def tokens_group() -> None:
    """Privacy Pass tokens: obtained a quota at a time, each redeemed for a pseudonym later."""


@client_command(tokens_group, "fetch")
@click.option(
    "-n",
    "--count",
    type=click.IntRange(1, 100),
    default=None,
    help="Obtain only COUNT tokens (default: the whole quota of the epoch, in one batch).",
)
@accept_new_key_option
def fetch_command(context: ClientContext, count: int | None, accept_new_key: bool) -> None:
    """Obtain the epoch's tokens now: blind locally, request, finalize, verify, store.

    Normally there is no need: the client obtains the whole quota when the membership
    is approved (`casecrowd status`) and then once per epoch (`casecrowd sync`). Each
    token is made for a key pair of its own, kept with it in the wallet. The issuer's
    keys are pinned with their dates; the key signed under must be the one in force
    both in the issuer's directory and in the forum's parameters, and a key no tokens
    were obtained under yet must be the one other members' recent tokens are under
    (compared at the last `casecrowd sync`).
    """
    wallet = context.wallet()
    result = obtain_with_progress(context, wallet, count, accept_new_key)
    report_fetch(context, wallet, result)


def obtain_with_progress(
    context: ClientContext, wallet: Wallet, count: int | None, accept_new_key: bool
) -> FetchResult:
    endpoints = context.endpoints(wallet)
    with context.out.progress(count or 0, "Obtaining tokens") as advance:
        return obtain_tokens(
            wallet,
            context.api("issuer", wallet),
            endpoints.origin,
            count,
            accept_new_key=accept_new_key,
            on_token=advance,
        )


def report_fetch(context: ClientContext, wallet: Wallet, result: FetchResult) -> None:
    context.out.data(fetch_document(wallet, result))
    say_fetch(context, wallet, result)


def fetch_document(wallet: Wallet, result: FetchResult) -> dict:
    return {
        "requested": result.requested,
        "obtained": result.obtained,
        "issuer_name": result.issuer_name,
        "token_key_id": key_id_text(result.key.spki),
        "newly_pinned": [key_id_text(k.spki) for k in result.newly_pinned],
        "key_check": result.notes,
        "waiting": len(pseudonyms.waiting_tokens(wallet)),
        "stopped_by": result.stopped_by.as_json() if result.stopped_by else None,
    }


def say_fetch(context: ClientContext, wallet: Wallet, result: FetchResult) -> None:
    """The human lines about a batch; a refusal part-way ends the command with its code."""
    waiting = len(pseudonyms.waiting_tokens(wallet))
    for note in result.notes:
        context.out.note(note)
    for key in result.newly_pinned:
        context.out.note(f"Trusted issuer key {key_id_text(key.spki)} of {result.issuer_name}.")
    context.out.success(
        f"Obtained {result.obtained} token(s) under issuer key {key_id_text(result.key.spki)};"
        f" {waiting} waiting in the wallet."
    )
    context.out.say(
        "The issuer counted them against your membership but cannot recognise them later."
        f" Each may be redeemed from its own moment, {DELAY_RANGE_TEXT} from now, so that no"
        " pseudonym appears just after this moment."
    )
    if result.stopped_by is not None:
        context.out.error(str(result.stopped_by))
        raise click.exceptions.Exit(int(result.stopped_by.exit_code))


@client_command(tokens_group, "list")
def list_tokens_command(context: ClientContext) -> None:
    """List unspent tokens: when each was obtained, when it may be redeemed, its use."""
    wallet = context.wallet()
    rows = []
    for stored in sorted(wallet.tokens(), key=lambda t: t.ready_at or t.obtained_at):
        bound = "a new key pair" if stored.seed is not None else "an existing pseudonym"
        rows.append(
            {
                "obtained_at": stored.obtained_at.isoformat(timespec="seconds"),
                "ready_at": stored.ready_at.isoformat(timespec="seconds"),
                "queued": stored.queued,
                "label": stored.queued_label,
                "for": bound,
            }
        )
    context.out.data(rows)
    context.out.table(
        ("obtained", "redeemable from", "for", "queued"),
        [
            (
                r["obtained_at"],
                r["ready_at"],
                r["for"],
                (r["label"] or "yes") if r["queued"] else "",
            )
            for r in rows
        ],
        "Unspent tokens",
    )


@click.group("pseudonym")
def pseudonym_group() -> None:
    """Your pseudonyms: key pairs registered at the forum with a token each."""


@client_command(pseudonym_group, "new")
@click.option("--label", help="Your own name for it (default: the handle the forum gives it).")
@click.option(
    "--wait", "wait_flag", is_flag=True, help="Stay running until its time, then register."
)
@click.option(
    "--now",
    is_flag=True,
    help="Register at once, even with a token too fresh to go unlinked (demos, tests).",
)
def new_command(context: ClientContext, label: str | None, wait_flag: bool, now: bool) -> None:
    """A new pseudonym: registered when its token's time has come.

    Every token is redeemable from its own moment, 1 to 18 days after it was obtained.
    If one has reached it, the pseudonym registers now; otherwise it is queued and
    `casecrowd sync` registers it then — so that nobody holding the issuer's and the
    forum's records can pair your membership with it by time.
    """
    wallet = context.wallet()
    pseudonyms.check_label_free(wallet, label)
    chosen = pseudonyms.choose_token(wallet)
    wait = chosen.wait()
    if wait > timedelta(0) and now:
        context.out.warn(
            f"This token may be redeemed unlinked only from {as_utc_text(chosen.ready_at)}."
            " Registering now lets anyone who sees both the issuer's and the forum's records"
            " pair your membership with this pseudonym by time."
        )
    elif wait > timedelta(0):
        pseudonyms.queue_new(wallet, chosen, label)
        if not wait_flag:  # with --wait, the registration's document is the answer
            context.out.data({"queued": True, "label": label, "registers_at": chosen.ready_at})
        _say_queued(context, chosen, label)
        if not wait_flag:
            return
        _sleep(context, wait)
    _register(context, wallet, chosen, label)


def _say_queued(context: ClientContext, chosen: StoredToken, label: str | None) -> None:
    when = as_utc_text(chosen.ready_at)
    context.out.success(f"Pseudonym {label or '(unnamed)'} queued: it registers from {when}.")
    context.out.say(
        f"Why wait: a pseudonym that appears soon after your tokens were issued could be"
        f" paired with your membership by time. `casecrowd sync` registers it from {when}"
        " (keep `casecrowd sync --watch` running, or run `casecrowd sync` from time to time)."
    )


def _sleep(context: ClientContext, wait: timedelta) -> None:
    context.out.say(f"Waiting {_duration(wait)} (Ctrl-C stops; the pseudonym stays queued).")
    seconds = int(wait.total_seconds()) + 1
    with context.out.progress(seconds, "Waiting") as advance:
        for second in range(seconds):
            time.sleep(1)
            advance(second + 1)


def _register(
    context: ClientContext, wallet: Wallet, chosen: StoredToken, label: str | None
) -> None:
    endpoints = context.endpoints(wallet)
    registered = pseudonyms.register_new(
        wallet, context.api("forum", wallet), endpoints.origin, chosen, label
    )
    report_registration(context, registered)


def report_registration(context: ClientContext, registered: pseudonyms.Registration) -> None:
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
    waiting = len(pseudonyms.waiting_tokens(wallet))
    queued = [t.queued_label or "(unnamed)" for t in pseudonyms.queued_tokens(wallet)]
    context.out.data({"pseudonyms": rows, "tokens_waiting": waiting, "queued": queued})
    context.out.table(
        ("", "label", "handle", "public key"),
        [("*" if r["current"] else "", r["label"], r["handle"], r["public_key"]) for r in rows],
        "Pseudonyms",
    )
    context.out.note(f"{waiting} token(s) waiting for new pseudonyms.")
    if queued:
        context.out.note(f"Queued, registering at their tokens' time: {', '.join(queued)}.")


@client_command(pseudonym_group, "use")
@click.argument("label")
def use_command(context: ClientContext, label: str) -> None:
    """Make LABEL the pseudonym forum verbs act as."""
    wallet = context.wallet()
    chosen = wallet.use(label)
    wallet.save()
    context.out.data({"label": chosen.label, "handle": chosen.handle, "current": True})
    context.out.success(f"Now acting as {chosen.label} ({chosen.handle}).")


def _duration(value: timedelta) -> str:
    seconds = max(int(value.total_seconds()), 0)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"

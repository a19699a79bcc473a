"""``casecrowd keys``: the issuer's key epochs, from the server's shell."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from casecrowd.clock import utcnow
from casecrowd.config import public_url
from casecrowd.db import db
from casecrowd.issuer import epochs, retries
from casecrowd.issuer.keys import key_store, publish_directory
from casecrowd.issuer.settings import issuer_config
from casecrowd.settings import view


def _now_epoch() -> int:
    return epochs.epoch_of(utcnow(), issuer_config().epoch_seconds)


@click.group("keys")
def keys_group() -> None:
    """Issuer keys: one per epoch of issuer.epoch_days, published one epoch ahead."""


@keys_group.command("list")
@with_appcontext
def list_command() -> None:
    """List the issuer keys: epoch, not-before, token key id, truncated id, private key."""
    current = _now_epoch()
    keys = key_store().load()
    if not keys:
        click.echo("no issuer keys; run casecrowd init")
        return
    config, deployment = issuer_config(), view(public_url)
    # The directory's URI is relative; the operator wants to see where it points.
    target = deployment + config.request_uri
    click.echo(f"# issuer {config.name_at(deployment)}: token requests to {target}")
    click.echo("epoch\tstate\tnot-before\ttoken-key-id\ttruncated-id\tprivate-key")
    for epoch, key in keys.items():
        state = "current" if epoch == current else ("ended" if epoch < current else "next")
        if epoch > current + 1:
            state = "future"
        click.echo(
            f"{epoch}\t{state}\t{epochs.format_boundary(key.not_before)}"
            f"\t{key.token_key_id.hex()}\t0x{key.truncated_token_key_id:02x}"
            f"\t{'yes' if key.private_key is not None else 'no'}"
        )


@keys_group.command("rotate")
@with_appcontext
def rotate_command() -> None:
    """Create the next epoch's key ahead of time, so clients see it before it signs.

    Idempotent: run it daily (e.g. from cron); it creates the key once. The
    directory lists the new key at once, with its not-before.
    """
    store, current = key_store(), _now_epoch()
    for epoch in (current, current + 1):
        key, created = store.ensure(epoch)
        verb = "created" if created else "exists "
        click.echo(
            f"{verb} key of epoch {epoch} (not before {epochs.format_boundary(key.not_before)},"
            f" truncated id 0x{key.truncated_token_key_id:02x})"
        )
    publish_directory(current_app)


@keys_group.command("retire")
@with_appcontext
def retire_command() -> None:
    """Delete the private keys of epochs that have ended; their token keys stay listed.

    Idempotent. Tokens already issued stay verifiable: verification needs only
    the token key.
    """
    retired = key_store().retire(before_epoch=_now_epoch())
    for epoch in retired:
        click.echo(f"retired private key of epoch {epoch}")
    if not retired:
        click.echo("nothing to retire")
    publish_directory(current_app)


@keys_group.command("purge-responses")
@with_appcontext
def purge_responses_command() -> None:
    """Delete the stored token responses of ended epochs now.

    The server's sweep does this every maintenance.sweep_interval_seconds, and
    `casecrowd sweep` with the other expired rows; this is the issuer's part alone.
    """
    count = retries.sweep_ended_epochs()
    db.session.commit()
    click.echo(f"deleted {count} stored response(s) of ended epochs")

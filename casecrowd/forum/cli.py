"""The forum's share of ``casecrowd keys``: revoking issuer token keys.

The ``keys`` group belongs to the issuer (``casecrowd.issuer.cli``) and the
forum never imports the issuer, so ``casecrowd.operator_cli`` attaches these.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum import key_revocation


@click.command("revoke")
@click.argument("key_id")
@with_appcontext
def revoke_command(key_id: str) -> None:
    """Refuse every new token under the issuer key KEY_ID (hex), whatever the directory lists.

    KEY_ID is the token key id of `casecrowd keys list`: all 64 hex digits,
    or a prefix of 16 or more that names one key the forum has recorded.
    Pseudonyms registered only under revoked keys stop being verified (a genuine
    member renews with a token of another key). Proofs keep showing the key,
    marked revoked. There is no undo.
    """
    try:
        resolved = key_revocation.resolve(key_id)
    except key_revocation.KeyIdError as exc:
        raise click.ClickException(str(exc)) from None
    added, lapsed = key_revocation.revoke(resolved, utcnow())
    db.session.commit()
    state = "revoked" if added else "already revoked"
    seen = "" if key_revocation.is_recorded(resolved) else " (not seen in the directory yet)"
    click.echo(f"{state} token key {resolved.hex()}{seen}")
    if lapsed:
        click.echo(
            f"{lapsed} pseudonym(s) registered only under revoked keys are no longer verified;"
            " their members renew with a token of the current key."
        )
    click.echo(
        "next: if this deployment's issuer holds this key, treat its private key as"
        " compromised: run `casecrowd keys rotate` so that the next epoch's key is"
        " published, and tell members that tokens of this key no longer register."
    )


@click.command("revoked")
@with_appcontext
def revoked_command() -> None:
    """List the revoked issuer keys: token key id and the day it was revoked."""
    listed = key_revocation.revoked()
    if not listed:
        click.echo("no revoked issuer keys")
        return
    click.echo("token-key-id\trevoked-on")
    for entry in listed:
        click.echo(f"{entry.token_key_id.hex()}\t{entry.revoked_on.isoformat()}")


# Attached to the issuer's `keys` group by casecrowd.operator_cli.
KEY_COMMANDS = (revoke_command, revoked_command)

"""``casecrowd wallet export|import``: an encrypted copy of the wallet, out and back in.

The wallet is the only place the membership secret and the pseudonym keys exist, so a
copy is how a physician moves to another device or keeps a backup. The copy is a
wallet file like any other, encrypted under the same or a new passphrase.
"""

from __future__ import annotations

from pathlib import Path

import click

from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.wallet import (
    NEW_PASSPHRASE_ENV,
    Wallet,
    WalletExists,
    passphrase_from_env_or,
)

ONE_COPY_REDEEMS = (
    "Both copies hold the same unspent tokens: redeem them from one copy only (a token"
    " spends once), and keep using one copy for your pseudonyms."
)

force_option = click.option("--force", is_flag=True, help="Replace a file already there.")
new_passphrase_option = click.option(
    "--new-passphrase",
    is_flag=True,
    help=f"Encrypt under a new passphrase, from {NEW_PASSPHRASE_ENV} or asked twice"
    " (default: keep the passphrase).",
)


def _new_passphrase() -> str:
    # Read only from its own variable: CASECROWD_PASSPHRASE opens the source.
    return passphrase_from_env_or(
        lambda: click.prompt(
            "New passphrase for the copy", hide_input=True, confirmation_prompt=True, err=True
        ),
        env=NEW_PASSPHRASE_ENV,
    )


def _same_file(one: Path, other: Path) -> bool:
    return one.expanduser().resolve() == other.expanduser().resolve()


def _refuse_existing(path: Path, force: bool, what: str) -> None:
    """Checked before any passphrase is asked for; the write checks again under its lock."""
    if path.exists() and not force:
        raise WalletExists(f"{what} {path} exists already; pass --force to replace it")


def _summary(wallet: Wallet) -> dict[str, object]:
    return {
        "membership": wallet.membership.application_id if wallet.membership else None,
        "pseudonyms": [p.label for p in wallet.pseudonyms()],
        "tokens": len(wallet.tokens()),
    }


@click.group("wallet")
def wallet_group() -> None:
    """Your encrypted wallet: copy it to another device or a backup, and take a copy in."""


@client_command(wallet_group, "export")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@new_passphrase_option
@force_option
def export_command(
    context: ClientContext, destination: Path, new_passphrase: bool, force: bool
) -> None:
    """Write an encrypted copy of the wallet to DESTINATION.

    The copy holds everything the wallet holds: the membership secret, the pinned
    issuer keys, the unspent tokens and the pseudonym keys. `casecrowd wallet import`
    takes it in on another device.
    """
    if _same_file(destination, context.wallet_location):
        raise usage(f"{destination} is the wallet itself; export to another path")
    _refuse_existing(destination, force, "the file")
    wallet = context.wallet()
    passphrase = _new_passphrase() if new_passphrase else None
    wallet.export_to(destination, passphrase, overwrite=force)
    context.out.data({"exported_to": str(destination), **_summary(wallet)})
    under = "a new passphrase" if new_passphrase else "the wallet's passphrase"
    context.out.success(f"Exported the wallet to {destination}, encrypted under {under}.")
    context.out.note(ONE_COPY_REDEEMS)


@client_command(wallet_group, "import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@new_passphrase_option
@force_option
def import_command(context: ClientContext, source: Path, new_passphrase: bool, force: bool) -> None:
    """Install SOURCE, a file from `casecrowd wallet export`, as the wallet.

    The wallet goes to --wallet / CASECROWD_WALLET, else the default place. An
    existing wallet there is kept unless --force: replacing it loses whatever it
    holds that the copy does not. SOURCE's passphrase comes from CASECROWD_PASSPHRASE
    or a prompt, and stays the wallet's unless --new-passphrase.
    """
    target = context.wallet_location
    if _same_file(source, target):
        raise usage(f"{source} is the wallet itself; nothing to import")
    _refuse_existing(target, force, "the wallet")
    passphrase = passphrase_from_env_or(
        lambda: click.prompt(f"Passphrase of {source}", hide_input=True, err=True)
    )
    replacement = _new_passphrase() if new_passphrase else None
    try:
        wallet = Wallet.import_from(
            source, passphrase, path=target, new_passphrase=replacement, overwrite=force
        )
    except WalletExists:
        # Another process created it since the check above.
        raise WalletExists(
            f"the wallet {target} exists already; pass --force to replace it"
        ) from None
    context.out.data({"wallet": str(target), "imported_from": str(source), **_summary(wallet)})
    context.out.success(f"Imported {source} as the wallet {target}.")
    if not new_passphrase:
        context.out.note("It opens with the passphrase the copy was exported under.")
    context.out.note(ONE_COPY_REDEEMS)

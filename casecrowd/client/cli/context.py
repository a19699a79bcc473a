"""What every client verb shares: its options, the wallet, the servers, errors as exit codes.

Client verbs are plain click commands: they never build the server application or
read its configuration, so they run on a physician's machine with nothing but a
wallet and a URL.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from casecrowd.client import settings
from casecrowd.client.errors import EXIT_CODES_HELP, ClientError, ExitCode, exit_code_of
from casecrowd.client.forum import Forum
from casecrowd.client.http import ApiClient
from casecrowd.client.output import Output
from casecrowd.client.pseudonyms import pick
from casecrowd.client.wallet import (
    PASSPHRASE_ENV,
    WALLET_ENV,
    Wallet,
    WalletError,
    WalletNotFound,
    default_wallet_path,
    passphrase_from_env_or,
)


def can_ask() -> bool:
    """Whether a person is there to answer prompts (standard input is a terminal)."""
    return sys.stdin.isatty()


class ClientContext:
    def __init__(self, out: Output, server: str | None, wallet_path: Path | None) -> None:
        self.out = out
        self.server = server
        self.config = settings.read_config()
        self.wallet_path = settings.wallet_path(wallet_path, self.config)
        self._wallet: Wallet | None = None
        self._apis: dict[str, ApiClient] = {}

    # -- the wallet ---------------------------------------------------------------------

    @property
    def wallet_location(self) -> Path:
        return self.wallet_path or default_wallet_path()

    def wallet(self) -> Wallet:
        if self._wallet is None:
            # Checked first so that nobody types a passphrase for a wallet that is not there.
            if not self.wallet_location.exists():
                raise WalletNotFound(
                    f"no wallet at {self.wallet_location}; `casecrowd apply` creates one,"
                    f" `casecrowd wallet import FILE` restores a copy (or set {WALLET_ENV} /"
                    " --wallet)"
                )
            self._wallet = Wallet.open(self.wallet_path, self._passphrase())
        return self._wallet

    def wallet_or_new(self) -> Wallet:
        """Open the wallet, or create it (asking for a new passphrase twice)."""
        if self.wallet_location.exists():
            return self.wallet()
        self.out.say(f"Creating a new encrypted wallet at {self.wallet_location}.")
        passphrase = passphrase_from_env_or(
            lambda: click.prompt(
                "New wallet passphrase", hide_input=True, confirmation_prompt=True, err=True
            )
        )
        self._wallet = Wallet.create(self.wallet_path, passphrase)
        return self._wallet

    def _passphrase(self) -> str:
        return passphrase_from_env_or(
            lambda: click.prompt("Wallet passphrase", hide_input=True, err=True)
        )

    # -- servers ------------------------------------------------------------------------

    def endpoints(self, wallet: Wallet | None = None) -> settings.Endpoints:
        remembered = wallet.servers if wallet is not None else None
        return settings.resolve_endpoints(self.server, self.config, remembered)

    def api(self, role: str, wallet: Wallet | None = None) -> ApiClient:
        url = getattr(self.endpoints(wallet), role)
        key = f"{role} {url}"
        if key not in self._apis:
            self._apis[key] = ApiClient(url)
        return self._apis[key]

    def forum(self, label: str | None = None) -> Forum:
        wallet = self.wallet()
        origin = self.endpoints(wallet).origin
        return Forum(wallet, self.api("forum", wallet), origin, pick(wallet, label))

    def close(self) -> None:
        for api in self._apis.values():
            api.close()


def client_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--server, --wallet and --json, and turn library errors into messages and exit codes."""

    @click.option(
        "--server",
        envvar=settings.SERVER_ENV,
        metavar="URL",
        help=f"Base URL of the CaseCrowd server (env {settings.SERVER_ENV}; default: the"
        f" client config file, then the server the wallet remembers, then"
        f" {settings.DEFAULT_SERVER}).",
    )
    @click.option(
        "--wallet",
        "wallet_path",
        envvar=WALLET_ENV,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"The wallet file (env {WALLET_ENV}). Its passphrase comes from {PASSPHRASE_ENV}"
        " or a prompt.",
    )
    @click.option("--json", "json_mode", is_flag=True, help="Print one JSON document on stdout.")
    @functools.wraps(command)
    def run(server: str | None, wallet_path: Path | None, json_mode: bool, **kwargs: Any) -> None:
        out = Output(json_mode)
        context = None
        try:
            context = ClientContext(out, server, wallet_path)
            command(context, **kwargs)
        except (ClientError, WalletError) as error:
            code = exit_code_of(error)
            document = {"message": str(error), "exit_code": int(code)}
            if hasattr(error, "as_json"):
                document.update(error.as_json())
            out.error(str(error), document)
            raise click.exceptions.Exit(int(code)) from None
        finally:
            if context is not None:
                context.close()

    return run


def client_command(group: click.Group | None = None, name: str | None = None, **attrs: Any):  # type: ignore[no-untyped-def]
    """``@click.command`` with the exit codes in the epilog and the shared options."""

    def decorate(function: Callable[..., Any]) -> click.Command:
        factory = group.command if group is not None else click.command
        return factory(name, epilog=EXIT_CODES_HELP, **attrs)(client_options(function))

    return decorate


def usage(message: str) -> ClientError:
    return ClientError(message, exit_code=ExitCode.USAGE)


def text_of_file(file: Path) -> str:
    """A verb's text from ``--file``: the file's UTF-8 text, or standard input for '-'."""
    if str(file) == "-":
        return sys.stdin.read()
    try:
        return file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise usage(f"cannot read {file}: {exc}") from None

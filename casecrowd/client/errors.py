"""Errors of the client library, each with the exit code the ``casecrowd`` command uses.

Wallet errors (:mod:`casecrowd.client.wallet_errors`) keep their own classes; the
command maps them with :func:`exit_code_of`.
"""

from __future__ import annotations

from enum import IntEnum

from casecrowd.client.wallet_errors import WalletError


class ExitCode(IntEnum):
    """What ``casecrowd`` client verbs exit with (documented in their help and the README)."""

    OK = 0
    SERVER = 1  # the server refused the request (problem+json) or could not be reached
    USAGE = 2  # bad options or arguments
    NOT_ACKNOWLEDGED = 3  # PHI findings, or an early redemption, not acknowledged
    WALLET = 4  # no wallet, wrong passphrase, damaged file, nothing suitable in it
    KEY_CONSISTENCY = 5  # issuer keys or name inconsistent, or not shown to other members
    VERIFICATION = 6  # a proof did not verify, or shown text differs from what was signed


EXIT_CODES_HELP = (
    "Exit codes: 0 done; 1 the server refused (its problem is shown) or could not be"
    " reached; 2 usage error; 3 PHI findings or an early token redemption not"
    " acknowledged; 4 wallet error (missing, wrong passphrase, nothing suitable in it);"
    " 5 the issuer's key or name is inconsistent (with the pins, the forum, or other"
    " members' tokens), or its request URI is not trusted: nothing was sent; 6 a proof"
    " did not verify, or the forum shows text that differs from what its author signed."
)


class ClientError(Exception):
    """A failure the user should read; the message says what happened and what to do."""

    exit_code: ExitCode = ExitCode.SERVER

    def __init__(self, message: str = "", *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class KeyInconsistency(ClientError):
    """The issuer's keys or name disagree with the pins, the forum or other members' tokens.

    Raised before anything is requested from the issuer (RFC 9576 §6.2).
    """

    exit_code = ExitCode.KEY_CONSISTENCY


class NotAcknowledged(ClientError):
    """Something needed the user's explicit go-ahead and did not get it."""

    exit_code = ExitCode.NOT_ACKNOWLEDGED


class WalletStateError(ClientError):
    """The wallet lacks what the step needs (no membership, no token, no pseudonym)."""

    exit_code = ExitCode.WALLET


def exit_code_of(error: BaseException) -> ExitCode:
    if isinstance(error, ClientError):
        return error.exit_code
    if isinstance(error, WalletError):
        return ExitCode.WALLET
    return ExitCode.SERVER

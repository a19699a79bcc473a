"""Where the client finds its server and its wallet.

These are the physician's settings, not the server's: they live in the client's own
TOML file (``$CASECROWD_CLIENT_CONFIG``, else ``client.toml`` in the user's
configuration folder), for example::

    [client]
    server = "https://casecrowd.example"   # desk, issuer and forum at one base URL
    # forum = "https://forum.casecrowd.example"   # or one URL per role
    wallet = "~/casecrowd/wallet"

Command-line options and ``CASECROWD_SERVER`` / ``CASECROWD_WALLET`` come first, then
this file, then the servers the wallet remembers from ``casecrowd apply``, then the
defaults. When tokens are obtained and redeemed is not a setting: it is the client's
schedule (casecrowd.client.schedule), the same for every physician, so that no
physician's timing stands out.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from casecrowd.client.errors import ClientError, ExitCode
from casecrowd.client.http import base_url
from casecrowd.client.schedule import DELAY_RANGE_TEXT
from casecrowd.urls import origin_of

CONFIG_ENV = "CASECROWD_CLIENT_CONFIG"
SERVER_ENV = "CASECROWD_SERVER"
DEFAULT_SERVER = "http://127.0.0.1:5000"
ROLES = ("desk", "issuer", "forum")
_KEYS = {"server", "wallet", *ROLES}
_RETIRED = {
    "min_redeem_delay": "each token now has a redemption time of its own, drawn when it is"
    f" obtained ({DELAY_RANGE_TEXT} later); remove the setting",
}


def config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("casecrowd") / "client.toml"


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The ``[client]`` table of the client's file; {} when there is no file.

    An unknown key or a value of the wrong type stops with a message naming it,
    as the server's configuration does: a typo must not be silently ignored.
    """
    path = path or config_path()
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        if os.environ.get(CONFIG_ENV):
            raise _config_error(f"{CONFIG_ENV}: no such file {path}") from None
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _config_error(f"{path} is not a readable TOML file: {exc}") from None
    unknown_tables = set(document) - {"client"}
    if unknown_tables:
        raise _config_error(f"{path}: unknown table(s) {', '.join(sorted(unknown_tables))}")
    table = document.get("client", {})
    for key, value in table.items():
        if key in _RETIRED:
            raise _config_error(f"{path}: client.{key} is no longer a setting: {_RETIRED[key]}")
        if key not in _KEYS:
            raise _config_error(f"{path}: client.{key} is not a client setting")
        if not isinstance(value, str):
            raise _config_error(f"{path}: client.{key} must be a str")
    return dict(table)


def _config_error(message: str) -> ClientError:
    return ClientError(message, exit_code=ExitCode.USAGE)


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of the three roles; one deployment serves all three by default."""

    desk: str
    issuer: str
    forum: str

    @classmethod
    def single(cls, url: str) -> Endpoints:
        url = base_url(url)
        return cls(url, url, url)

    @property
    def origin(self) -> str:
        """The forum origin envelopes are signed for: scheme://host[:port] of its URL."""
        return origin_of(self.forum)

    def as_servers(self) -> dict[str, str]:
        return {"desk": self.desk, "issuer": self.issuer, "forum": self.forum}


def resolve_endpoints(
    server: str | None,
    config: Mapping[str, Any],
    remembered: Mapping[str, str] | None = None,
) -> Endpoints:
    """``server`` (option or environment) > the config file > the wallet's > the default."""
    if server:
        return Endpoints.single(server)
    remembered = remembered or {}
    fallback = config.get("server") or DEFAULT_SERVER
    urls = {}
    for role in ROLES:
        if config.get(role) or config.get("server"):
            urls[role] = config.get(role) or config["server"]
        else:
            urls[role] = remembered.get(role) or fallback
    return Endpoints(**{role: base_url(url) for role, url in urls.items()})


def wallet_path(option: Path | None, config: Mapping[str, Any]) -> Path | None:
    """The wallet to open; None lets the wallet pick its default location."""
    if option is not None:
        return Path(option).expanduser()
    if config.get("wallet"):
        return Path(config["wallet"]).expanduser()
    return None

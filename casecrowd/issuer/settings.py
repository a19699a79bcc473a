"""Settings of the token issuer."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from casecrowd.crypto.envelope import issuer_name_of
from casecrowd.settings import Setting, SettingsView, at_least, setting, view

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "issuer.name",
        "",
        "Issuer name clients put in token challenges. Empty: the host[:port] of server.public_url.",
    ),
    Setting(
        "issuer.epoch_days",
        30,
        "Length of a key epoch in days. Epoch n covers [n * days, (n + 1) * days) in Unix time;"
        " each epoch has its own key and its own token quota.",
        int,
        check=at_least(1),
    ),
    Setting(
        "issuer.tokens_per_epoch",
        3,
        "Tokens one membership may obtain per epoch.",
        int,
        check=at_least(1),
    ),
    Setting(
        "issuer.directory_max_age_seconds",
        3600,
        "Longest time caches may keep the issuer directory (Cache-Control max-age); it is"
        " always cut to end at the next epoch boundary.",
        int,
        check=at_least(0),
    ),
)

# Keys that configurations may still hold, with what to do instead; loading
# one stops start-up with this advice rather than "unknown setting".
RETIRED: dict[str, str] = {
    "issuer.retry_window_seconds": "an identical token request now gets its stored response"
    " until the end of its issuer epoch (issuer.epoch_days), and the entries of ended epochs"
    " are deleted by `casecrowd sweep`; remove the key",
}

REQUEST_PATH = "/api/v1/issuer/token-requests"


@dataclass(frozen=True)
class IssuerConfig(SettingsView):
    configured_name: str = setting("issuer.name")  # empty: see name_at
    epoch_days: int = setting("issuer.epoch_days")
    tokens_per_epoch: int = setting("issuer.tokens_per_epoch")
    directory_max_age_seconds: int = setting("issuer.directory_max_age_seconds")
    # RFC 9578 §4 allows a URL relative to the directory's: a proxy in
    # front of the issuer then receives the token requests as well.
    request_uri: str = REQUEST_PATH

    @property
    def epoch_seconds(self) -> int:
        return self.epoch_days * 86400

    def name_at(self, deployment_url: str) -> str:
        """The issuer's name: ``issuer.name``, or the host[:port] of the deployment's URL."""
        return self.configured_name or issuer_name_of(deployment_url)


def issuer_config(app: Flask | None = None) -> IssuerConfig:
    return view(IssuerConfig.from_settings, app)

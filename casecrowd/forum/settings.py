"""Settings of the forum."""

from __future__ import annotations

from urllib.parse import urlsplit

from casecrowd.settings import Setting, at_least
from casecrowd.urls import is_loopback


def _origin_or_empty(value: str) -> str | None:
    if not value:
        return None
    if not value.startswith(("http://", "https://")):
        return "must be an http(s) origin such as https://forum.example, or empty"
    if "/" in value.split("://", 1)[1]:
        return "must be an origin (scheme://host[:port]) without a path"
    return None


def _directory_source(value: str) -> str | None:
    # The directory decides which keys the forum trusts: whoever can answer a
    # plain-http fetch on the way could hand it keys of their own.
    parts = urlsplit(value)
    if parts.scheme.lower() == "http" and not is_loopback(parts.hostname):
        return "must be an https URL (plain http only on a loopback host), a file path, or empty"
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "forum.issuer_name",
        "",
        "Issuer name in the pseudonym token challenge. Empty: host[:port] of"
        " forum.issuer_directory when that is a URL, else of server.public_url.",
    ),
    Setting(
        "forum.origin",
        "",
        "Forum origin signed into every envelope (its host[:port] is the token's origin_info)."
        " Empty: scheme://host[:port] of server.public_url.",
        check=_origin_or_empty,
    ),
    Setting(
        "forum.issuer_directory",
        "",
        "Where the issuer's keys are read: empty for <paths.keys>/issuer-directory.json written"
        " by this deployment's issuer, a file path, or an https URL of the issuer directory"
        " (http only on a loopback host).",
        check=_directory_source,
    ),
    Setting(
        "forum.issuer_directory_cache_seconds",
        300,
        "How long a directory fetched over HTTP is reused before it is fetched again.",
        int,
        check=at_least(0),
    ),
    Setting(
        "forum.issuer_epoch_days",
        30,
        "Length of an issuer key epoch, from its not-before, when the directory lists no"
        " successor key.",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.verification_grace_days",
        7,
        "Days a pseudonym stays verified after the epoch of its newest token key ends.",
        int,
        check=at_least(0),
    ),
    Setting(
        "forum.envelope_window_seconds",
        600,
        "How far an envelope's `created` may be from the server clock, either way.",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.session_hours",
        12.0,
        "Lifetime of a forum session (bearer token), in hours.",
        float,
        check=lambda v: None if v > 0 else "must be positive",
    ),
    Setting(
        "forum.challenge_seconds",
        120,
        "Lifetime of a session challenge, in seconds.",
        int,
        check=at_least(1),
    ),
)

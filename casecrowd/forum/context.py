"""The forum's view of the configuration: origin, issuer name, windows and lifetimes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask

from casecrowd.config import public_url as deployment_url
from casecrowd.crypto.envelope import issuer_name_of, origin_info_name
from casecrowd.settings import view
from casecrowd.urls import origin_of


@dataclass(frozen=True)
class ForumConfig:
    origin: str
    issuer_name: str
    issuer_directory: str
    directory_cache_seconds: int
    epoch: timedelta
    grace: timedelta
    envelope_window: timedelta
    session_lifetime: timedelta
    challenge_seconds: int

    @property
    def origin_info(self) -> str:
        return origin_info_name(self.origin)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def from_settings(settings: Mapping[str, Any]) -> ForumConfig:
    public_url = deployment_url(settings)
    directory = settings["forum.issuer_directory"]
    # Clients name the issuer after the URL they fetch its directory from, so
    # a remote issuer's name follows its directory, not this deployment.
    named_after = directory if is_url(directory) else public_url
    return ForumConfig(
        origin=settings["forum.origin"] or origin_of(public_url),
        issuer_name=settings["forum.issuer_name"] or issuer_name_of(named_after),
        issuer_directory=settings["forum.issuer_directory"],
        directory_cache_seconds=settings["forum.issuer_directory_cache_seconds"],
        epoch=timedelta(days=settings["forum.issuer_epoch_days"]),
        grace=timedelta(days=settings["forum.verification_grace_days"]),
        envelope_window=timedelta(seconds=settings["forum.envelope_window_seconds"]),
        session_lifetime=timedelta(hours=settings["forum.session_hours"]),
        challenge_seconds=settings["forum.challenge_seconds"],
    )


def forum_config(app: Flask | None = None) -> ForumConfig:
    return view(from_settings, app)

"""Settings of the verification desk."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from casecrowd.settings import Setting, SettingsView, at_least, setting, view

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "desk.retention_days",
        30,
        "Days after a decision before `casecrowd desk retention` erases the applicant's name,"
        " licence, NPI and email; fingerprint, status and specialty stay.",
        int,
        check=at_least(1),
    ),
    Setting(
        "desk.applications_per_hour",
        60,
        "Applications the desk accepts per hour, from everyone together (429 past it):"
        " applying needs no account, so this bounds how fast the review queue can be filled."
        " Counted per process unless `ratelimit.storage_url` is shared.",
        int,
        check=at_least(1),
    ),
)


@dataclass(frozen=True)
class DeskConfig(SettingsView):
    retention_days: int = setting("desk.retention_days")
    applications_per_hour: int = setting("desk.applications_per_hour")


def desk_config(app: Flask | None = None) -> DeskConfig:
    return view(DeskConfig.from_settings, app)

"""Settings of the verification desk."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from casecrowd.ratelimit import rule_problem
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
        " Verifiers review a few dozen a day; sixty an hour absorbs a launch-day rush.",
        int,
        check=at_least(1),
    ),
    Setting(
        "desk.applications_per_npi",
        "3/hour;5/day",
        "Applications per NPI (429 past it), counted on the NPI's keyed fingerprint, never the"
        " number: a physician applies once, maybe again after fixing a typo; an NPI sent again"
        " and again is someone filling the queue with it. (The 429 can tell whoever sends an"
        " NPI that it was sent recently: the price of bounding it.)",
        check=rule_problem,
    ),
)


@dataclass(frozen=True)
class DeskConfig(SettingsView):
    retention_days: int = setting("desk.retention_days")
    applications_per_hour: int = setting("desk.applications_per_hour")
    applications_per_npi: str = setting("desk.applications_per_npi")


def desk_config(app: Flask | None = None) -> DeskConfig:
    return view(DeskConfig.from_settings, app)

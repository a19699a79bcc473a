"""Settings of staff accounts: sessions, login throttling, second factors, password hashing."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from limits import parse

from casecrowd.settings import Setting, SettingsView, at_least, setting, view
from casecrowd.staff.throttle import Rule


def _rate_rule(value: str) -> str | None:
    try:
        parse(value)
    except ValueError:
        return 'must be a rate such as "5/15 minutes"'
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "staff.session_hours",
        8,
        "Hours a staff login session (bearer token) stays valid; logout ends it sooner.",
        int,
        check=at_least(1),
    ),
    Setting(
        "staff.login_failures",
        "5/15 minutes",
        "Failed logins allowed per account name in a moving window, counted in the identity"
        " database (shared by every worker and host); more get 429 with Retry-After, even"
        " with the right password, unless the account has a second factor and its code is"
        " valid too.",
        check=_rate_rule,
    ),
    Setting(
        "staff.otp_failures",
        "5/15 minutes",
        "Wrong one-time codes allowed per account name (after a right password) in a moving"
        " window, counted in the identity database; more get 429 with Retry-After.",
        check=_rate_rule,
    ),
    Setting(
        "staff.totp_issuer",
        "CaseCrowd",
        "Issuer label of the otpauth:// URIs printed at enrolment; authenticator apps show"
        " it beside the account name (name the deployment when there are several).",
        check=lambda v: None if v and ":" not in v else "must be non-empty, without ':'",
    ),
    Setting(
        "staff.argon2_time_cost",
        3,
        "Argon2id passes over memory for staff passwords (RFC 9106 second recommended option:"
        " 3). A change rehashes each password at its next login.",
        int,
        check=at_least(1),
    ),
    Setting(
        "staff.argon2_memory_kib",
        65536,
        "Argon2id memory in KiB for staff passwords (RFC 9106: 65536 = 64 MiB); at least"
        " 8 x argon2_parallelism.",
        int,
        check=at_least(8),
    ),
    Setting(
        "staff.argon2_parallelism",
        4,
        "Argon2id lanes for staff passwords (RFC 9106: 4).",
        int,
        check=at_least(1),
    ),
)


@dataclass(frozen=True)
class StaffConfig(SettingsView):
    session_hours: int = setting("staff.session_hours")
    login_failures: Rule = setting("staff.login_failures", Rule.parse)
    otp_failures: Rule = setting("staff.otp_failures", Rule.parse)
    totp_issuer: str = setting("staff.totp_issuer")
    argon2_time_cost: int = setting("staff.argon2_time_cost")
    argon2_memory_kib: int = setting("staff.argon2_memory_kib")
    argon2_parallelism: int = setting("staff.argon2_parallelism")


def staff_config(app: Flask | None = None) -> StaffConfig:
    return view(StaffConfig.from_settings, app)

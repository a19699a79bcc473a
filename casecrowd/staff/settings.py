"""Settings of staff accounts: sessions, login throttling, password hashing cost."""

from __future__ import annotations

from limits import parse

from casecrowd.config import Setting, at_least


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
        "Failed logins allowed per account name in a moving window; more get 429 with"
        " Retry-After, even with the right password.",
        check=_rate_rule,
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

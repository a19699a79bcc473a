"""Settings of the verification desk."""

from __future__ import annotations

from casecrowd.config import Setting, at_least

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "desk.retention_days",
        30,
        "Days after a decision before `casecrowd desk retention` erases the applicant's name,"
        " licence, NPI and email; fingerprint, status and specialty stay.",
        int,
        check=at_least(1),
    ),
)

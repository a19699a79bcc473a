"""Settings of crowd diagnosis: blind cases, the crowd's statistics, polls."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask

from casecrowd.protocol.cases import TAG_PATTERN
from casecrowd.settings import Setting, SettingsView, at_least, setting, view


def _tag_list(value: str) -> str | None:
    for tag in filter(None, (part.strip() for part in value.split(","))):
        if not re.match(TAG_PATTERN, tag):
            return f"{tag!r} is not a tag (lower-case words joined by hyphens)"
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "forum.crowd.blind_default_tags",
        "diagnostic-puzzle",
        "Comma-separated tags that make a new case blind when its author does not say"
        " (empty: no case is blind unless its author asks).",
        check=_tag_list,
    ),
    Setting(
        "forum.crowd.blind_lift_days",
        7.0,
        "Days after a blind case's first answer when everyone may see its answers, even"
        " without answering (0: only answering or solving the case lifts it).",
        float,
        check=lambda v: None if v >= 0 else "must be zero or more",
    ),
    Setting(
        "forum.crowd.stats_groups_per_case",
        20,
        "Groups of answers drawn from each solved case for each group size in the crowd"
        " statistics (all groups when a case has fewer).",
        int,
        check=at_least(1),
    ),
)


@dataclass(frozen=True)
class CrowdConfig(SettingsView):
    blind_default_tags_text: str = setting("forum.crowd.blind_default_tags")
    blind_lift_days: float = setting("forum.crowd.blind_lift_days")
    stats_groups_per_case: int = setting("forum.crowd.stats_groups_per_case")

    @property
    def blind_default_tags(self) -> frozenset[str]:
        return frozenset(filter(None, (t.strip() for t in self.blind_default_tags_text.split(","))))


def crowd_config(app: Flask | None = None) -> CrowdConfig:
    return view(CrowdConfig.from_settings, app)

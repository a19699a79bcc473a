"""Settings of flags and of what they do to the content they target."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from casecrowd.settings import Setting, SettingsView, at_least, setting, view

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "forum.moderation.phi_hide_threshold",
        2,
        "PHI flags, from distinct pseudonyms other than the author, that hide a case, answer"
        " or comment from everyone but its author and moderators until a moderator reviews it.",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.moderation.max_flag_weight",
        10,
        "Largest weight one flag carries in the moderation queue: a flag weighs its flagger's"
        " reputation, at least 1 and at most this, so no single member outweighs a crowd.",
        int,
        check=at_least(1),
    ),
)


@dataclass(frozen=True)
class ModerationConfig(SettingsView):
    phi_hide_threshold: int = setting("forum.moderation.phi_hide_threshold")
    max_flag_weight: int = setting("forum.moderation.max_flag_weight")


def moderation_config(app: Flask | None = None) -> ModerationConfig:
    return view(ModerationConfig.from_settings, app)

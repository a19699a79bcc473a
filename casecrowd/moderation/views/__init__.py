"""The moderation blueprints: the moderators' queue and actions, the public mod log."""

from __future__ import annotations

from flask_smorest import Blueprint

from casecrowd.moderation.views import actions, log, queue


def blueprints() -> list[Blueprint]:
    return [queue.blp, actions.blp, log.blp]

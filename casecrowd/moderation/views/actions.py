"""Moderation routes: actions (being built)."""

from __future__ import annotations

from casecrowd.errordocs import Blueprint

blp = Blueprint(
    "moderation_actions", __name__, url_prefix="/api/v1", description="Moderation: actions"
)

"""Moderation routes: log (being built)."""

from __future__ import annotations

from casecrowd.errordocs import Blueprint

blp = Blueprint("moderation_log", __name__, url_prefix="/api/v1", description="Moderation: log")

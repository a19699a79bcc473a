"""Moderation routes: queue (being built)."""

from __future__ import annotations

from casecrowd.errordocs import Blueprint

blp = Blueprint("moderation_queue", __name__, url_prefix="/api/v1", description="Moderation: queue")

"""Crowd statistics."""

from __future__ import annotations

from casecrowd.forum.views.common import ForumBlueprint

blp = ForumBlueprint("forum_stats", __name__, url_prefix="/api/v1", description="Crowd statistics")

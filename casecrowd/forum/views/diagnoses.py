"""Diagnoses."""

from __future__ import annotations

from casecrowd.forum.views.common import ForumBlueprint

blp = ForumBlueprint("forum_diagnoses", __name__, url_prefix="/api/v1", description="Diagnoses")

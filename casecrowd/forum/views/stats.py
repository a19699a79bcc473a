"""Crowd statistics: how often pooled differentials held the final diagnosis."""

from __future__ import annotations

from casecrowd.forum.schemas.crowd import CrowdStatsSchema
from casecrowd.forum.service import crowd_stats
from casecrowd.forum.views.common import ForumBlueprint

blp = ForumBlueprint("forum_stats", __name__, url_prefix="/api/v1", description="Crowd statistics")


@blp.get("/stats/crowd")
@blp.session_route
@blp.response(200, CrowdStatsSchema)
def crowd_statistics():
    """Individual against pooled top-3 accuracy across the solved cases.

    The data of the platform's own version of the Human Diagnosis Project's
    figure: the share of scored answers whose differential had the final
    diagnosis in its top three, and for groups of 1, 3, 5 and 9 of a case's
    answers, the share whose unweighted pooled differential did. Groups are
    drawn reproducibly (`method` says how); cases hidden by moderation are
    left out.
    """
    return crowd_stats.crowd_stats()

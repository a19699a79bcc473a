"""Moderation routes: the moderators' queue of open appeals and flagged targets."""

from __future__ import annotations

from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.moderation.schemas import QueueArgsSchema, QueuePageSchema
from casecrowd.moderation.service import queue
from casecrowd.moderation.service.common import MODERATOR_ROLES
from casecrowd.staff.auth import require_staff

blp = Blueprint("moderation_queue", __name__, url_prefix="/api/v1", description="Moderation: queue")


@blp.get("/moderation/queue")
@require_staff(*MODERATOR_ROLES)
@blp.arguments(QueueArgsSchema, location="query")
@blp.response(200, QueuePageSchema)
@documents_errors(queue.queue_page)
def moderation_queue(args):
    """What waits for a moderator: open appeals (oldest first), then flagged targets.

    Targets come heaviest pending flag weight first, then longest waiting.
    Each item shows the target in full (hidden text too), every revision,
    its flags (never who flagged), and its author's handle, sanctions and
    mod-log history with the moderators' notes.
    """
    return queue.queue_page(args["reason"], args["limit"], args["after"])

"""Moderation routes: moderators' actions, each one signed entry of the public mod log, and
their private messages to authors, which the log never shows."""

from __future__ import annotations

from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.moderation.message_schemas import (
    ModeratorMessageRequestSchema,
    ModeratorMessageResultSchema,
)
from casecrowd.moderation.schemas import ModerationActionResultSchema, ModerationActionSchema
from casecrowd.moderation.service import actions, messages
from casecrowd.moderation.service.common import MODERATOR_ROLES
from casecrowd.staff.auth import current_staff, require_staff

blp = Blueprint(
    "moderation_actions", __name__, url_prefix="/api/v1", description="Moderation: actions"
)


@blp.post("/moderation/actions")
@require_staff(*MODERATOR_ROLES)
@blp.arguments(ModerationActionSchema)
@blp.response(201, ModerationActionResultSchema, description="The action's mod-log entry.")
@documents_errors(actions.act)
def take_action(body):
    """Take one moderation action; it and its mod-log entry are one transaction.

    Content: dismiss (settle the pending flags), hide, restore, purge (remove
    the text everywhere; the signature stays), and on cases lock, unlock and
    slow-mode. Pseudonyms: warn, suspend for duration_hours, ban, lift.
    Appeals: reject-appeal; restore, unlock, lift and ending slow mode decide
    the open appeals of what they undo. The entry names the moderator as
    mod-<staff account id>.
    """
    return actions.act(body, current_staff().id)


@blp.post("/moderation/messages")
@require_staff(*MODERATOR_ROLES)
@blp.arguments(ModeratorMessageRequestSchema)
@blp.response(201, ModeratorMessageResultSchema, description="The message, as its author reads it.")
@documents_errors(messages.reach_out)
def send_message(body):
    """Answer a post's pending wellbeing flags with a message in its author's inbox.

    The message settles those flags (and only those) and is signed with the
    moderation key. It is not a mod-log entry: the public log would tell
    everyone that the author seemed in distress. It names neither the
    moderator nor who flagged. Dismiss wellbeing flags with the dismiss action.
    """
    return messages.reach_out(body)

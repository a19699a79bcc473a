"""A member's side of moderation: what concerns them, and appeals without a session."""

from __future__ import annotations

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.api import EnvelopeSubmitSchema
from casecrowd.forum.schemas.inbox import InboxSchema
from casecrowd.forum.schemas.me_moderation import AppealResultSchema, MyModerationSchema
from casecrowd.forum.service import appeals, envelopes, inbox
from casecrowd.forum.views.common import ForumBlueprint, current_pseudonym

blp = ForumBlueprint(
    "forum_moderation", __name__, url_prefix="/api/v1", description="Moderation, as members see it"
)


@blp.get("/me/moderation")
@blp.session_route
@blp.response(200, MyModerationSchema)
def my_moderation():
    """The session's pseudonym's sanctions, and the mod-log entries concerning it or its posts."""
    return appeals.my_moderation(current_pseudonym())


@blp.get("/me/inbox")
@blp.session_route
@blp.response(200, InboxSchema)
def my_inbox():
    """The moderators' messages to the session's pseudonym, newest first; no one else's.

    Each answers a member's wellbeing flag on one of its posts, and names neither
    the moderator nor the flagger. Check `signature` under the moderation key.
    """
    return inbox.inbox(current_pseudonym())


@blp.post("/appeals")
@blp.arguments(EnvelopeSubmitSchema)
@blp.response(201, AppealResultSchema, description="The appeal is recorded.")
@documents_errors(appeals.appellant, envelopes.submit)
def appeal(body):
    """Appeal a mod-log entry with a signed `appeal` envelope, without a session.

    The envelope's signature, by the key its `pseudonym` member names,
    authenticates it, so a suspended or banned pseudonym can still appeal.
    Any other kind is refused here; a retry of the same envelope gets the
    same response.
    """
    pseudonym = appeals.appellant(body["envelope"])
    return envelopes.submit(pseudonym, body["envelope"], body["signature"])

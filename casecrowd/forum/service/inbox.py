"""A pseudonym's inbox: the moderators' messages to it, newest first.

Only the addressee reads a message: the inbox is the session's own
pseudonym's, so another member's request finds nothing of it (no id to ask
for, no count). Messages are few (one answers a wellbeing flag), so the
inbox is one list, like the rest of ``/me/moderation``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum.models import ModeratorMessage, Pseudonym
from casecrowd.forum.service.moderation_state import rfc3339


def served(message: ModeratorMessage, handle: str) -> dict[str, Any]:
    """The message as its addressee gets it (casecrowd.protocol.moderator_message)."""
    return {
        "id": message.id,
        "to": handle,
        "text": message.text,
        "about": {"kind": message.about_kind, "id": message.about_id},
        "created": rfc3339(message.created),
        "signature": message.signature,
    }


def inbox(pseudonym: Pseudonym) -> dict[str, Any]:
    """{"messages": the pseudonym's messages, newest first}."""
    statement = (
        select(ModeratorMessage)
        .where(ModeratorMessage.pseudonym_id == pseudonym.id)
        .order_by(ModeratorMessage.created.desc(), ModeratorMessage.id.desc())
    )
    rows = db.session.scalars(statement)
    return {"messages": [served(row, pseudonym.handle) for row in rows]}

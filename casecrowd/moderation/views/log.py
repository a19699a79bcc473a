"""The public mod log: its pages for members (and moderators), and the key that signs it."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from flask import Response, json, request

from casecrowd.errordocs import documents_errors
from casecrowd.forum.errors import SessionRequired
from casecrowd.forum.views.common import SECURITY_SCHEME as FORUM_SESSION
from casecrowd.forum.views.common import ForumBlueprint
from casecrowd.moderation import log
from casecrowd.moderation.keys import moderation_signing_key, public_key_document
from casecrowd.moderation.log_schemas import (
    ModerationKeySchema,
    ModLogPageSchema,
    ModLogQuerySchema,
)
from casecrowd.staff import service as staff_service
from casecrowd.staff.auth import SECURITY_SCHEME as STAFF_BEARER
from casecrowd.staff.errors import RoleRequired, StaffUnauthenticated
from casecrowd.staff.tokens import credentials_from_header

# Paths of their own: the key sits beside the issuer directory under /.well-known.
blp = ForumBlueprint("moderation_log", __name__, description="Moderation: the public mod log")

MODERATION_KEY_PATH = "/.well-known/casecrowd-moderation-key"
# The key never changes (a new one would read as a rewritten history), so caches may keep it.
KEY_MAX_AGE_SECONDS = 86400
READER_ROLES = ("moderator", "admin")


def _is_moderator() -> bool:
    """Whether the bearer token is a moderator's or admin's staff session (403 for other staff)."""
    token = credentials_from_header(request.headers.get("Authorization"), "Bearer")
    try:
        staff_service.authenticate(token, READER_ROLES)
    except StaffUnauthenticated:
        return False
    return True


def member_or_moderator(view: Callable[..., Any]) -> Callable[..., Any]:
    """A forum session, or else a moderator's staff session.

    The forum session is tried first, so a member's request never reaches
    the identity database; a token neither knows gets the forum's
    ``session-required``, which tells a member's client to open a new session.
    """
    as_member = blp.session_route(view)

    @functools.wraps(as_member)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return as_member(*args, **kwargs)
        except SessionRequired:
            if not _is_moderator():
                raise
        return view(*args, **kwargs)

    documented = blp.doc(security=[{FORUM_SESSION: []}, {STAFF_BEARER: []}])(guarded)
    return documents_errors(RoleRequired)(documented)


@blp.get("/api/v1/modlog")
@member_or_moderator
@blp.arguments(ModLogQuerySchema, location="query")
@blp.response(200, ModLogPageSchema)
def modlog_page(query):
    """One page of the mod log, oldest first: every moderation action, signed and chained.

    Each entry is RFC 8785 canonical JSON of `seq`, `day`, `action`, `reason`,
    `target_kind`, `target_id`, `moderator` and `prev_hash` (the `entry_hash`
    of the entry before, 64 zeros for entry 1); `entry_hash` is the hex
    SHA-256 of those bytes and `signature` their Ed25519 signature under the
    key at /.well-known/casecrowd-moderation-key. Fetch every page from
    `after=0` and check each link to see that no entry was changed, dropped
    or reordered. Readable with a forum session, or a moderator's staff session.
    """
    return log.page(query["after"], query["limit"])


@blp.get(MODERATION_KEY_PATH)
@blp.response(
    200,
    ModerationKeySchema,
    headers={
        "ETag": {"schema": {"type": "string"}, "description": "Changes only with the key."},
        "Cache-Control": {
            "schema": {"type": "string"},
            "description": f"public, max-age={KEY_MAX_AGE_SECONDS}",
        },
    },
)
@blp.alt_response(304, description="The document has the ETag of If-None-Match.")
def moderation_key():
    """The public key that signs the mod log: pin it on first use.

    The same document as keys/moderation-key.json, which `casecrowd init`
    writes beside issuer-directory.json.
    """
    body = json.dumps(public_key_document(moderation_signing_key()))
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest())
    response.headers["Cache-Control"] = f"public, max-age={KEY_MAX_AGE_SECONDS}"
    return response.make_conditional(request)

"""Sessions: sign a server challenge with the pseudonym's key, get a bearer token."""

from __future__ import annotations

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.api import (
    ChallengeRequestSchema,
    ChallengeSchema,
    SessionOpenSchema,
    SessionSchema,
)
from casecrowd.forum.service import limits, sessions
from casecrowd.forum.views.common import ForumBlueprint, current_session, pseudonym_body

blp = ForumBlueprint("forum_sessions", __name__, url_prefix="/api/v1", description="Forum sessions")


@blp.post("/sessions/challenge")
@blp.arguments(ChallengeRequestSchema)
@blp.response(200, ChallengeSchema)
@documents_errors(limits.count_challenge_request, sessions.make_challenge, limits.count_challenge)
def challenge(body):
    """A short-lived challenge for the pseudonym to sign (nothing is stored).

    Challenges are counted for everyone together and, once issued, for the
    pseudonym's key (`forum.limits.session_challenges_all`,
    `forum.limits.session_challenges`): 429 with Retry-After past either.
    """
    limits.count_challenge_request()
    issued = sessions.make_challenge(body["pseudonym"])
    limits.count_challenge(issued.challenge)
    return {"challenge": issued.challenge, "expires": issued.expires}


@blp.post("/sessions")
@blp.arguments(SessionOpenSchema)
@blp.response(201, SessionSchema)
@documents_errors(limits.count_session_open, sessions.open_session)
def open_session(body):
    """Exchange a signed challenge for a bearer token.

    Attempts are counted for the key the challenge names
    (`forum.limits.session_opens`): 429 with Retry-After past it.
    """
    limits.count_session_open(body["challenge"])
    opened = sessions.open_session(body["challenge"], body["signature"])
    return {
        "token": opened.token,
        "expires": opened.expires,
        "pseudonym": pseudonym_body(opened.pseudonym),
    }


@blp.delete("/sessions/current")
@blp.session_route
@blp.response(204)
def close_session():
    """Revoke the session whose token authenticates this request."""
    sessions.close(current_session())

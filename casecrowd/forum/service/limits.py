"""The forum's rate-limit policy: which rule counts what, under which key.

Every counter is keyed on something the caller proves or names — the
session's pseudonym, the public key a challenge or a registration names —
or, for what names nothing, on one counter for everyone; never on a client
address. Each counting function is called before the request stores
anything, so a refused request leaves nothing behind, and an attempt
refused later (invalid fields, PHI, a missing target) has counted: the
checks are the work a limit bounds. The rules themselves are settings
(:mod:`casecrowd.forum.limit_settings`).

Session challenges and opens are counted on the key a challenge names,
before the session signature is checked: anyone can ask for a challenge
for a known handle, so a flood aimed at one pseudonym spends that
pseudonym's allowance; the rules are set well above a client's needs so
that only a sustained flood does.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from casecrowd.crypto import base64url, envelope
from casecrowd.forum.limit_settings import limit_config
from casecrowd.forum.models import Pseudonym
from casecrowd.forum.service.sessions import CHALLENGE_SALT
from casecrowd.problems import RateLimited, raises
from casecrowd.protocol.kinds import KIND_SCHEMAS
from casecrowd.ratelimit import Limit, limiter

# The rule (a LimitConfig field) each envelope kind counts under.
ENVELOPE_RULES: dict[str, str] = {
    "case.create": "posts",
    "answer.create": "posts",
    "comment.create": "posts",
    "discussion.create": "posts",
    "case.edit": "edits",
    "case.outcome": "edits",
    "answer.edit": "edits",
    "discussion.edit": "edits",
    "answer.accept": "edits",
    "vote": "votes",
    "flag": "flags",
    "appeal": "appeals",
    "poll.create": "posts",
    "poll.vote": "votes",
    "withdraw": "edits",
}
if set(ENVELOPE_RULES) != set(KIND_SCHEMAS):
    raise RuntimeError(
        "Every envelope kind counts under one rate limit;"
        f" kinds without one: {sorted(set(KIND_SCHEMAS) - set(ENVELOPE_RULES))}"
    )
# What a refusal says was limited.
COUNTED = {
    "posts": "posts (cases, answers, comments, discussions and polls)",
    "edits": "edits, outcomes, acceptances and withdrawals",
    "votes": "votes (on posts and in polls)",
    "flags": "flags",
    "appeals": "appeals",
}
EVERYONE = "all"


def _limit(name: str, key: str, what: str) -> Limit:
    """The limit of rule ``name`` (a :class:`LimitConfig` field) for ``key``."""
    return Limit(getattr(limit_config(), name), f"forum.{name}", key, what)


def is_new(pseudonym: Pseudonym, today: date) -> bool:
    """Whether the pseudonym still posts under the slow mode of new pseudonyms."""
    return (today - pseudonym.registered_on).days < limit_config().new_pseudonym_days


@raises(RateLimited)
def count_envelope(pseudonym: Pseudonym, kind: str, today: date) -> None:
    """Count one verified envelope of ``kind`` for its pseudonym, under its group's rule.

    A post by a new pseudonym counts under the slow mode's rule too.
    """
    rule = ENVELOPE_RULES[kind]
    key = str(pseudonym.id)
    limits = [_limit(rule, key, f"{COUNTED[rule]} from this pseudonym")]
    if rule == "posts" and is_new(pseudonym, today):
        days = limit_config().new_pseudonym_days
        what = f"posts from a pseudonym registered fewer than {days} days ago"
        limits.append(_limit("new_pseudonym_posts", key, what))
    limiter().hit_all(*limits)


@raises(RateLimited)
def count_request(pseudonym: Pseudonym) -> None:
    """Count one request authenticated by a session of ``pseudonym``."""
    limiter().hit_all(_limit("requests", str(pseudonym.id), "requests from this pseudonym"))


@raises(RateLimited)
def count_challenge_request() -> None:
    """Count one session challenge asked for, whatever it names, for everyone together."""
    limiter().hit_all(_limit("session_challenges_all", EVERYONE, "session challenges"))


def challenged_key(challenge: str) -> str | None:
    """The public key (base64url) a session challenge of this forum names, else None.

    Only the forum's signature of the challenge is checked (expiry and use
    are :func:`casecrowd.forum.service.sessions.open_session`'s to judge):
    a counter is keyed on a key that the forum itself put in a challenge.
    """
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CHALLENGE_SALT)
    try:
        payload = serializer.loads(challenge)
    except BadData:
        return None
    key = payload.get("k") if isinstance(payload, dict) else None
    return key if isinstance(key, str) else None


@raises(RateLimited)
def count_challenge(challenge: str) -> None:
    """Count a challenge just issued, keyed on the key it names (refused, it is never sent)."""
    key = challenged_key(challenge)
    if key is not None:
        what = "session challenges for this pseudonym"
        limiter().hit_all(_limit("session_challenges", key, what))


@raises(RateLimited)
def count_session_open(challenge: str) -> None:
    """Count an attempt to open a session with ``challenge``, keyed on the key it names.

    A challenge the forum did not issue names no key and counts nothing: it
    is refused before any work.
    """
    key = challenged_key(challenge)
    if key is not None:
        limiter().hit_all(_limit("session_opens", key, "sessions opened for this pseudonym"))


@raises(RateLimited)
def count_registration(public_key_text: str) -> None:
    """Count a registration or renewal for everyone together and for the submitted key."""
    limits = [_limit("registrations_all", EVERYONE, "registrations and renewals")]
    try:
        key = base64url.encode(envelope.parse_public_key(public_key_text), padded=False)
    except envelope.EnvelopeError:
        pass  # no key: refused as it is parsed, counted for everyone only
    else:
        limits.append(_limit("registrations", key, "registrations and renewals of this key"))
    limiter().hit_all(*limits)


@raises(RateLimited)
def count_registration_sample() -> None:
    """Count one sample of recent registrations, for everyone together."""
    limiter().hit_all(_limit("registration_samples", EVERYONE, "registration samples"))

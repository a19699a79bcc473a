"""The forum's blueprints, one per topic."""

from __future__ import annotations

from flask_smorest import Blueprint

from casecrowd.forum.views import (
    cases,
    envelopes,
    moderation,
    proofs,
    pseudonyms,
    registrations,
    sessions,
)


def blueprints() -> list[Blueprint]:
    return [
        pseudonyms.blp,
        sessions.blp,
        envelopes.blp,
        cases.blp,
        proofs.blp,
        registrations.blp,
        moderation.blp,
    ]

"""The forum's blueprints, one per topic."""

from __future__ import annotations

from flask_smorest import Blueprint

from casecrowd.forum.views import (
    cases,
    diagnoses,
    envelopes,
    moderation,
    polls,
    proofs,
    pseudonyms,
    registrations,
    sessions,
    stats,
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
        diagnoses.blp,
        polls.blp,
        stats.blp,
    ]

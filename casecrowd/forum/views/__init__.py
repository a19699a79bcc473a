"""The forum's blueprints, one per topic."""

from __future__ import annotations

from flask_smorest import Blueprint

from casecrowd.forum.views import (
    cases,
    diagnoses,
    discussions,
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
        discussions.blp,
        proofs.blp,
        registrations.blp,
        moderation.blp,
        diagnoses.blp,
        polls.blp,
        stats.blp,
    ]

"""The ``flag`` envelope kind: a member reports a case, an answer or a comment.

A pseudonym flags a target once (the unique constraint of ``flags`` decides,
never a read before the write) and never its own post. Each flag weighs its
flagger's reputation, clamped to [1, ``forum.moderation.max_flag_weight``],
and adds to the target's pending count and weight, which order the queue.
PHI flags also hide the target: when ``forum.moderation.phi_hide_threshold``
of them, from distinct pseudonyms, have come in, the target is hidden until
a moderator reviews it. The count is read and written under the lock of the
target's state row, so the threshold is crossed exactly once however many
flags race; a flag on a target that is already hidden still counts.
A wellbeing flag (``CARE_REASONS``) asks moderators to reach out to the author
privately: it waits in the queue like any flag but never hides anything.
"""

from __future__ import annotations

from typing import Any

from casecrowd.db import db
from casecrowd.db.statements import insert_ignoring_conflict
from casecrowd.forum import errors
from casecrowd.forum.models import Flag, Pseudonym
from casecrowd.forum.moderation_settings import moderation_config
from casecrowd.forum.service.base import Submission, handles, result, screen
from casecrowd.forum.service.moderation_state import content_row, locked_state
from casecrowd.forum.service.reputation import effective_reputation
from casecrowd.problems import raises


def flag_weight(pseudonym: Pseudonym) -> int:
    """What the pseudonym's flag adds to a target's queue weight."""
    ceiling = moderation_config().max_flag_weight
    return min(max(effective_reputation(pseudonym.reputation), 1), ceiling)


@handles("flag")
@raises(content_row, errors.FlagOwnContent, screen, errors.FlagDuplicate)
def apply_flag(sub: Submission) -> tuple[dict[str, Any], int]:
    kind, target_id, reason = sub.fields["target"], sub.fields["target_id"], sub.fields["reason"]
    row = content_row(kind, target_id)
    if row.pseudonym_id == sub.pseudonym.id:
        raise errors.FlagOwnContent(f"You cannot flag your own {kind}.")
    screen(sub)
    weight = flag_weight(sub.pseudonym)
    statement = insert_ignoring_conflict(
        Flag,
        {
            "envelope_id": sub.row.id,
            "pseudonym_id": sub.pseudonym.id,
            "target_kind": kind,
            "target_id": target_id,
            "reason": reason,
            "note": sub.fields["note"],
            "weight": weight,
            "created": sub.created,
        },
        ["pseudonym_id", "target_kind", "target_id"],
    )
    inserted = db.session.execute(statement).first()
    if inserted is None:
        raise errors.FlagDuplicate(f"This pseudonym has already flagged this {kind}.")
    state = locked_state(kind, row)
    state.pending_flags += 1
    state.pending_weight += weight
    if state.pending_since is None or sub.created < state.pending_since:
        state.pending_since = sub.created
    if reason == "phi":
        state.phi_flags += 1
        if state.phi_flags >= moderation_config().phi_hide_threshold and not state.hidden:
            state.hidden = state.phi_hidden = True
    db.session.flush()
    members = {"target": kind, "target_id": target_id, "hidden": state.hidden}
    return result(sub, flag_id=inserted.id, **members), 201

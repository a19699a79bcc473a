"""The PHI purge: one case's, answer's or comment's text removed from the whole forum database.

A moderator's purge is one cause of :func:`casecrowd.forum.service.redaction.remove_text`,
which holds what goes (every revision, envelope, flag note, appeal and
moderators' note about the target, the full-text index) and how freed storage
is overwritten. Here the cause is the purge's mod-log entry: each redaction
names it, and the target's state records it as ``redacted_seq``.
"""

from __future__ import annotations

from casecrowd.forum.service.redaction import Cause, remove_text
from casecrowd.problems import raises


@raises(remove_text)
def purge_target(target_kind: str, target_id: int, log_seq: int) -> None:
    """Remove the text of the case, answer or comment everywhere, as entry ``log_seq`` records.

    Adds to the caller's transaction (flush, no commit). The target's state
    row, then its content row, are locked first (the order moderators'
    actions take them in), so an edit or a flag of the same target waits
    and then sees the purge, or commits before it and is purged with the
    rest. Purging again redacts only what was written since.
    """
    remove_text(target_kind, target_id, Cause.log_entry(log_seq))

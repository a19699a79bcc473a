"""The ``withdraw`` envelope kind: an author takes back the text of their own post.

The text goes as a PHI purge's does, by the same path
(:func:`casecrowd.forum.service.redaction.remove_text`), with the
withdrawal envelope as the cause; no moderator acts, so the mod log gets
no entry. The post keeps its place: its id, author, score, votes and
acceptance stay, and its texts read "". A post is withdrawn once (the
unique target of ``withdrawals`` decides, never a read before the write),
and a withdrawn post takes no edit, outcome or acceptance
(:func:`require_not_withdrawn`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, tuple_

from casecrowd.db import db
from casecrowd.db.statements import insert_or_ignore
from casecrowd.forum import errors
from casecrowd.forum.models import Withdrawal
from casecrowd.forum.service.base import Submission, handles, result
from casecrowd.forum.service.moderation_state import Key, content_row
from casecrowd.forum.service.redaction import Cause, remove_text
from casecrowd.problems import raises


@handles("withdraw")
@raises(content_row, errors.NotAuthor, errors.WithdrawalDuplicate, remove_text)
def withdraw(sub: Submission) -> tuple[dict[str, Any], int]:
    kind, target_id = sub.fields["target"], sub.fields["target_id"]
    row = content_row(kind, target_id)
    if row.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor(f"Only the {kind}'s author may withdraw it.")
    withdrawal = insert_or_ignore(
        Withdrawal,
        {
            "envelope_id": sub.row.id,
            "target_kind": kind,
            "target_id": target_id,
            "created": sub.created,
        },
        ["target_kind", "target_id"],
    )
    if not withdrawal:
        raise errors.WithdrawalDuplicate(f"This {kind} has already been withdrawn.")
    remove_text(kind, target_id, Cause.withdrawal(sub.row.id))
    return result(sub, target=kind, target_id=target_id), 200


def withdrawn(keys: Iterable[Key]) -> set[Key]:
    """The (kind, id) among ``keys`` whose author has withdrawn them."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return set()
    columns = tuple_(Withdrawal.target_kind, Withdrawal.target_id)
    rows = db.session.execute(
        select(Withdrawal.target_kind, Withdrawal.target_id).where(columns.in_(wanted))
    )
    return {(kind, target_id) for kind, target_id in rows}


@raises(errors.PostWithdrawn)
def require_not_withdrawn(kind: str, target_id: int) -> None:
    """Refuse an edit, outcome or acceptance of a post its author has withdrawn."""
    if withdrawn([(kind, target_id)]):
        raise errors.PostWithdrawn(
            f"Its author has withdrawn this {kind}: it takes no edit, outcome or acceptance."
        )

"""The answers' diagnoses in the forum: code checks, the differential entries, completion.

``differential_entries`` mirrors each answer's current differential (one row
per item, with its pooling key), and ``answers.diagnoses`` its search text;
both are rewritten whenever the differential changes, in the transaction
that changes it, and deleted with the answer's texts by a PHI purge.

Completion offers the code set's entries and the free-text diagnoses
members have written. A member's words reach another member through it, so
it reads only answers that anyone may already read: not a hidden answer,
not one on a hidden case, and not one on a blind case that is still open.
That last rule is stricter than the blind rule itself (which lifts for a
member who has answered, and after ``blind_lift_days``): completion is the
same for everyone, so it waits until the case is solved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.db import db
from casecrowd.diagnoses import codes
from casecrowd.diagnoses.entries import entries_of, search_text
from casecrowd.diagnoses.normal import TEXT_PREFIX
from casecrowd.diagnoses.words import all_words
from casecrowd.forum import errors
from casecrowd.forum.models import Answer, Case, DifferentialEntry
from casecrowd.forum.service.blind import SOLVED
from casecrowd.forum.service.moderation_state import not_hidden
from casecrowd.problems import raises

CODE_SET, MEMBERS = "icd-10-cm", "members"
# Words of a completion query that count; more say nothing a shorter query would not.
_MAX_QUERY_WORDS = 8


@raises(errors.UnknownDiagnosisCode)
def check_codes(items: Iterable[Mapping[str, Any]]) -> None:
    """Refuse a diagnosis whose code the code set does not hold.

    The detail names the item's rank, never its text or code: a problem
    document may be logged, and the text is a member's clinical words.
    """
    for rank, item in enumerate(items, start=1):
        code = item.get("code")
        if code is not None and codes.canonical_code(code) != code:
            raise errors.UnknownDiagnosisCode(
                f"Diagnosis {rank}: the code is not an ICD-10-CM category or subcategory"
                " (send it upper case with its dot, as in M06.1)."
            )


def record_entries(answer: Answer) -> None:
    """Make the answer's differential entries and search text match its current differential."""
    forget_entries(answer.id)
    db.session.add_all(
        DifferentialEntry(
            answer_id=answer.id,
            case_id=answer.case_id,
            rank=rank,
            diagnosis=text,
            code=code,
            key=key,
        )
        for rank, text, code, key in entries_of(answer.differential)
    )
    answer.diagnoses = search_text(answer.differential)
    db.session.flush()


def forget_entries(answer_id: int) -> None:
    """Delete the answer's differential entries (a PHI purge)."""
    db.session.execute(delete(DifferentialEntry).where(DifferentialEntry.answer_id == answer_id))


def completions(query: str, limit: int) -> list[dict[str, Any]]:
    """Diagnoses for what a member is typing: members' free text first, then the code set.

    Members' texts are grouped by pooling key, most used (by distinct
    answers) first, each shown in its most used spelling; only keys every
    word of the query begins a word of. Coded entries are left to the code
    set, which names them in its own words.
    """
    found = _members_texts(all_words(query)[:_MAX_QUERY_WORDS], limit)
    for code, description in codes.complete(query, limit - len(found)):
        found.append({"diagnosis": description, "code": code, "source": CODE_SET})
    return found


def _members_texts(words: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
    if not words or limit <= 0:
        return []
    uses = func.count(func.distinct(DifferentialEntry.answer_id))
    keys = db.session.execute(
        _readable(select(DifferentialEntry.key, uses), words)
        .group_by(DifferentialEntry.key)
        .order_by(uses.desc(), DifferentialEntry.key)
        .limit(limit)
    ).all()
    if not keys:
        return []
    spellings: dict[str, tuple[int, str]] = {}
    count = func.count()
    rows = db.session.execute(
        _readable(select(DifferentialEntry.key, DifferentialEntry.diagnosis, count), words)
        .where(DifferentialEntry.key.in_([key for key, _ in keys]))
        .group_by(DifferentialEntry.key, DifferentialEntry.diagnosis)
    )
    for key, diagnosis, used in rows:
        # Most used spelling; among equals the first in sort order, so it is stable.
        best = spellings.get(key)
        if best is None or (-used, diagnosis) < (-best[0], best[1]):
            spellings[key] = (used, diagnosis)
    return [
        {"diagnosis": spellings[key][1], "code": None, "source": MEMBERS, "uses": used}
        for key, used in keys
    ]


def _readable(statement: Any, words: tuple[str, ...]) -> Any:
    """``statement`` over the free-text entries matching ``words`` that anyone may read."""
    return (
        statement.join(Answer, Answer.id == DifferentialEntry.answer_id)
        .join(Case, Case.id == DifferentialEntry.case_id)
        .where(
            DifferentialEntry.key.startswith(TEXT_PREFIX),
            *(_has_word_starting(word) for word in words),
            or_(Case.blind.is_(False), Case.status == SOLVED),
            not_hidden("answer", Answer.id),
            not_hidden("case", Case.id),
        )
    )


def _has_word_starting(word: str) -> ColumnElement[bool]:
    # Keys are "text:" and words joined by single spaces, all casefolded, and a
    # word holds only letters and digits, so no LIKE wildcard can come in.
    return or_(
        DifferentialEntry.key.startswith(TEXT_PREFIX + word),
        DifferentialEntry.key.contains(" " + word),
    )

"""What crowd diagnosis keeps besides the answers: their diagnoses, one row each, and scores.

``differential_entries`` mirrors each answer's current differential, one row
per ranked diagnosis with its pooling key, so that completion and the
diagnosis index read rows instead of every answer's JSON. A PHI purge
deletes an answer's rows with its text.

``answer_scores`` holds, once the case's author has named the final
diagnosis, where each answer's differential put it: the rank (1 = first),
or null when the differential missed it. The revision scored is the one
current when the first outcome was recorded, so an edit made after the
outcome cannot improve a score.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import ForumModel


class DifferentialEntry(ForumModel):
    __tablename__ = "differential_entries"
    __table_args__ = (Index("ix_differential_entries_case_id_key", "case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    rank: Mapped[int] = mapped_column(Integer)
    diagnosis: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(8))
    # casecrowd.diagnoses.normal.diagnosis_key: what pooling and completion group by.
    key: Mapped[str] = mapped_column(String(200), index=True)


class AnswerScore(ForumModel):
    __tablename__ = "answer_scores"

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)

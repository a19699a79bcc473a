"""Forum rows built with the models directly: listings and search read the real tables."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from casecrowd.db import db
from casecrowd.forum.models import Answer, Case, CaseTag, Pseudonym, SignedEnvelope, Vote

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
FILLER = "Nothing remarkable."


class ForumRows:
    """Writes pseudonyms, cases, answers and votes the way the forum stores them."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self._author: Pseudonym | None = None

    def pseudonym(self, reputation: int = 1) -> Pseudonym:
        key = secrets.token_bytes(32)
        row = Pseudonym(
            public_key=key,
            handle=f"test-{key[:6].hex()}",
            registered_on=date(2026, 1, 1),
            verified_until=NOW + timedelta(days=30),
            reputation=reputation,
        )
        self.session.add(row)
        self.session.flush()
        return row

    @property
    def author(self) -> Pseudonym:
        if self._author is None:
            self._author = self.pseudonym()
        return self._author

    def envelope(self, pseudonym: Pseudonym, kind: str, created: datetime) -> SignedEnvelope:
        row = SignedEnvelope(
            pseudonym_id=pseudonym.id,
            client_id=secrets.token_hex(8),
            kind=kind,
            envelope="{}",
            signature="test",
            created=created,
            response_status=201,
            response_body={},
        )
        self.session.add(row)
        self.session.flush()
        return row

    def case(
        self,
        title: str = "A case worth discussing",
        *,
        author: Pseudonym | None = None,
        created: datetime = NOW,
        score: int = 0,
        tags: tuple[str, ...] = ("internal-medicine",),
        status: str = "open",
        last_activity: datetime | None = None,
        **texts: str,
    ) -> Case:
        author = author or self.author
        fields = {
            name: texts.get(name, FILLER)
            for name in ("presentation", "history", "examination", "investigations")
        }
        row = Case(
            pseudonym_id=author.id,
            envelope_id=self.envelope(author, "case.create", created).id,
            title=title,
            age="54",
            sex="female",
            question=texts.get("question", "What next?"),
            status=status,
            revision=1,
            score=score,
            answer_count=0,
            comment_count=0,
            created=created,
            last_activity=last_activity or created,
            **fields,
        )
        self.session.add(row)
        self.session.flush()
        self.session.add_all(CaseTag(case_id=row.id, tag=tag) for tag in tags)
        self.session.flush()
        return row

    def answer(
        self,
        case: Case,
        body: str = "Consider the usual causes.",
        *,
        author: Pseudonym | None = None,
        created: datetime | None = None,
    ) -> Answer:
        author = author or self.author
        created = created or case.created + timedelta(minutes=5)
        row = Answer(
            case_id=case.id,
            pseudonym_id=author.id,
            envelope_id=self.envelope(author, "answer.create", created).id,
            body=body,
            differential=[],
            revision=1,
            score=0,
            comment_count=0,
            created=created,
        )
        self.session.add(row)
        self.session.execute(
            update(Case).where(Case.id == case.id).values(answer_count=Case.answer_count + 1)
        )
        self.session.flush()
        self.session.refresh(case)
        return row

    def vote(self, voter: Pseudonym, kind: str, target_id: int, value: int) -> Vote:
        row = Vote(
            pseudonym_id=voter.id,
            target_kind=kind,
            target_id=target_id,
            value=value,
            created=NOW,
            client_id=secrets.token_hex(8),
            envelope_id=self.envelope(voter, "vote", NOW).id,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def commit(self) -> None:
        self.session.commit()


@pytest.fixture
def forum(app: Any) -> Iterator[ForumRows]:
    with app.app_context():
        yield ForumRows(db.session)
        db.session.rollback()


@pytest.fixture
def reader(physician: Any) -> Any:
    """A registered physician with an open session, reading over HTTP."""
    return physician().join()

"""Seeds a forum database at a realistic volume for bench/forum.py.

Rows are written with bulk INSERTs straight into the tables (the envelopes
are placeholders, not signed): what is measured is reading and writing
through the API, not the seeding. Votes are one per pseudonym per target and
every score is the sum of its votes, as the forum keeps them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from nacl.signing import SigningKey
from sqlalchemy import insert

from casecrowd.db import db
from casecrowd.forum.models import (
    Answer,
    Case,
    CaseRevision,
    CaseTag,
    Comment,
    Pseudonym,
    SignedEnvelope,
    Vote,
)
from casecrowd.handles import handle_for

TAGS = [
    "cardiology",
    "neurology",
    "nephrology",
    "rheumatology",
    "endocrinology",
    "infectious-disease",
    "hematology",
    "oncology",
    "gastroenterology",
    "pulmonology",
    "dermatology",
    "internal-medicine",
    "emergency-medicine",
    "pediatrics",
    "geriatrics",
]
# Common words first: word n is drawn with weight 1/n (Zipf), as in real
# text, so a rare clinical term is found in a few cases, not in most.
_VOCABULARY = (
    "the and of with a in was on no for to after at is not normal patient history"
    " pain fever weeks days two three left right mild severe acute chronic worsening"
    " intermittent episodes despite treatment since onset recent blood count raised low"
    " rash fatigue dyspnea cough headache weakness nausea vomiting diarrhea weight loss"
    " swelling tenderness edema palpitations dizziness syncope confusion numbness tingling"
    " chest abdominal back joint muscle skin eye kidney liver lung heart brain"
    " creatinine troponin lactate ferritin albumin bilirubin sodium potassium calcium"
    " glucose hemoglobin platelets leukocytes eosinophils lymphocytes neutrophils"
    " ultrasound tomography echocardiogram radiograph biopsy culture serology endoscopy"
    " arthralgia hematuria proteinuria anemia thrombocytopenia leukocytosis infiltrate"
    " effusion nodule lesion murmur tachycardia bradycardia hypotension hypertension"
    " seizure vertigo jaundice pruritus ascites hemoptysis night sweats ulcer ischemia"
    " embolism fracture hematoma infection sepsis abscess cellulitis pneumonia"
    " hepatomegaly splenomegaly lymphadenopathy vasculitis sarcoidosis lupus myositis"
    " amyloidosis lymphoma myeloma leukemia thyroiditis pancreatitis cholangitis"
    " endocarditis myocarditis pericarditis glomerulonephritis nephrotic uveitis scleritis"
    " pheochromocytoma acromegaly hemochromatosis porphyria histoplasmosis brucellosis"
    " leptospirosis toxoplasmosis tularemia babesiosis whipple castleman erdheim kikuchi"
)
WORDS = _VOCABULARY.split()
ZIPF = [1 / rank for rank in range(1, len(WORDS) + 1)]
BATCH = 500


@dataclass
class Seeded:
    showcase_case_id: int
    case_ids: list[int]
    client_keys: list[SigningKey] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def sentence(chance: random.Random, words: int) -> str:
    text = " ".join(chance.choices(WORDS, weights=ZIPF, k=words))
    return text[0].upper() + text[1:] + "."


def paragraph(chance: random.Random, sentences: int) -> str:
    return " ".join(sentence(chance, chance.randint(6, 16)) for _ in range(sentences))


class Seeder:
    def __init__(self, seed: int, now: datetime) -> None:
        self.chance = random.Random(seed)
        self.now = now
        self.counts: dict[str, int] = {}

    def add(self, model: type, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
        self.counts[model.__tablename__] = self.counts.get(model.__tablename__, 0) + len(rows)
        if not rows:
            return []
        if returning:
            statement = insert(model).returning(model.id, sort_by_parameter_order=True)
            return list(db.session.scalars(statement, rows))
        db.session.execute(insert(model), rows)
        return []

    def envelopes(self, authors: list[int], kind: str, times: list[datetime]) -> list[int]:
        rows = [
            {
                "pseudonym_id": author,
                "client_id": f"seed-{kind}-{self.counts.get('signed_envelopes', 0) + n}",
                "kind": kind,
                "envelope": "{}",
                "signature": "seed",
                "created": moment,
                "response_status": 201,
                "response_body": {},
            }
            for n, (author, moment) in enumerate(zip(authors, times, strict=True))
        ]
        return self.add(SignedEnvelope, rows, returning=True)

    def pseudonyms(self, count: int, client_keys: list[SigningKey]) -> list[int]:
        keys = [bytes(k.verify_key) for k in client_keys]
        keys += [SigningKey.generate().verify_key.encode() for _ in range(count - len(keys))]
        rows = [
            {
                "public_key": key,
                "handle": handle_for(key),
                "registered_on": date(2026, 1, 1),
                "verified_until": self.now + timedelta(days=60),
                "reputation": 1,
            }
            for key in keys
        ]
        return self.add(Pseudonym, rows, returning=True)

    def cases(self, people: list[int], count: int, answers_each: Any) -> list[int]:
        chance = self.chance
        times = sorted(
            self.now - timedelta(minutes=chance.randint(60, 525600)) for _ in range(count)
        )
        authors = [chance.choice(people) for _ in range(count)]
        envelope_ids = self.envelopes(authors, "case.create", times)
        rows = []
        for author, moment, envelope_id in zip(authors, times, envelope_ids, strict=True):
            rows.append(
                {
                    "pseudonym_id": author,
                    "envelope_id": envelope_id,
                    "title": sentence(chance, chance.randint(4, 9))[:200],
                    "age": str(chance.randint(18, 89)),
                    "sex": chance.choice(("female", "male")),
                    "presentation": paragraph(chance, chance.randint(2, 5)),
                    "history": paragraph(chance, chance.randint(1, 4)),
                    "examination": paragraph(chance, chance.randint(1, 3)),
                    "investigations": paragraph(chance, chance.randint(1, 4)),
                    "question": sentence(chance, chance.randint(6, 14)),
                    "status": "open",
                    "revision": 1,
                    "score": 0,
                    "answer_count": 0,
                    "comment_count": 0,
                    "created": moment,
                    "last_activity": moment,
                }
            )
        case_ids = self.add(Case, rows, returning=True)
        self.add(
            CaseRevision,
            [
                {
                    "case_id": c,
                    "number": 1,
                    "envelope_id": e,
                    "created": r["created"],
                    "fields": {"title": r["title"]},
                    "phi_acknowledged": [],
                }
                for c, e, r in zip(case_ids, envelope_ids, rows, strict=True)
            ],
        )
        self.add(
            CaseTag,
            [
                {"case_id": case_id, "tag": tag}
                for case_id in case_ids
                for tag in chance.sample(TAGS, chance.randint(1, 3))
            ],
        )
        self.answers_and_votes(people, case_ids, rows, authors, answers_each)
        return case_ids

    def answers_and_votes(
        self,
        people: list[int],
        case_ids: list[int],
        cases: list[dict],
        authors: list[int],
        answers_each: Any,
    ) -> None:
        chance = self.chance
        plan = []  # (case id, case row, answer author, time)
        for case_id, case, author in zip(case_ids, cases, authors, strict=True):
            for _ in range(answers_each()):
                answerer = chance.choice([p for p in people[:50] if p != author])
                moment = case["created"] + timedelta(minutes=chance.randint(5, 20000))
                plan.append((case_id, case, answerer, min(moment, self.now)))
        envelope_ids = self.envelopes([p[2] for p in plan], "answer.create", [p[3] for p in plan])
        answer_rows = []
        for (case_id, case, answerer, moment), envelope_id in zip(plan, envelope_ids, strict=True):
            case["answer_count"] += 1
            case["last_activity"] = max(case["last_activity"], moment)
            answer_rows.append(
                {
                    "case_id": case_id,
                    "pseudonym_id": answerer,
                    "envelope_id": envelope_id,
                    "body": paragraph(chance, chance.randint(1, 5)),
                    "differential": [],
                    "revision": 1,
                    "score": 0,
                    "comment_count": 0,
                    "created": moment,
                }
            )
        answer_ids = self.add(Answer, answer_rows, returning=True)
        targets = [("case", i, c, a) for i, c, a in zip(case_ids, cases, authors, strict=True)]
        targets += [
            ("answer", i, r, r["pseudonym_id"])
            for i, r in zip(answer_ids, answer_rows, strict=True)
        ]
        votes = []
        for kind, target_id, row, author in targets:
            for voter in chance.sample(people, chance.randint(0, 6)):
                if voter != author:
                    value = 1 if chance.random() < 0.8 else -1
                    row["score"] += value
                    votes.append((voter, kind, target_id, value))
        envelope_ids = self.envelopes([v[0] for v in votes], "vote", [self.now] * len(votes))
        self.add(
            Vote,
            [
                {
                    "pseudonym_id": voter,
                    "target_kind": kind,
                    "target_id": target_id,
                    "value": value,
                    "created": self.now,
                    "client_id": f"seed-vote-{e}",
                    "envelope_id": e,
                }
                for (voter, kind, target_id, value), e in zip(votes, envelope_ids, strict=True)
            ],
        )
        # Counters and scores were settled above; write them back in one pass.
        for case_id, case in zip(case_ids, cases, strict=True):
            db.session.query(Case).filter_by(id=case_id).update(
                {
                    "score": case["score"],
                    "answer_count": case["answer_count"],
                    "last_activity": case["last_activity"],
                }
            )
        for answer_id, answer in zip(answer_ids, answer_rows, strict=True):
            if answer["score"]:
                db.session.query(Answer).filter_by(id=answer_id).update({"score": answer["score"]})

    def comments(self, people: list[int], case_id: int, count: int) -> None:
        authors = [self.chance.choice(people) for _ in range(count)]
        envelope_ids = self.envelopes(authors, "comment.create", [self.now] * count)
        self.add(
            Comment,
            [
                {
                    "case_id": case_id,
                    "pseudonym_id": a,
                    "envelope_id": e,
                    "body": sentence(self.chance, 12),
                    "created": self.now,
                    "phi_acknowledged": [],
                }
                for a, e in zip(authors, envelope_ids, strict=True)
            ],
        )


def seed(cases: int, clients: int, *, seed: int = 7, progress: Any = print) -> Seeded:
    """``cases`` cases (about 3 answers, a dozen votes each), and one case with 30 answers."""
    now = datetime.now(UTC)
    seeder = Seeder(seed, now)
    client_keys = [SigningKey.generate() for _ in range(clients)]
    people = seeder.pseudonyms(max(300, clients + 10), client_keys)
    db.session.commit()
    case_ids: list[int] = []
    for start in range(0, cases, BATCH):
        size = min(BATCH, cases - start)
        case_ids += seeder.cases(people, size, lambda: seeder.chance.choice((0, 1, 2, 3, 4, 5, 6)))
        db.session.commit()
        progress(f"  seeded {len(case_ids)} cases")
    (showcase,) = seeder.cases(people[clients:], 1, lambda: 30)
    seeder.comments(people, showcase, 10)
    db.session.commit()
    return Seeded(showcase, case_ids, client_keys, dict(seeder.counts))

"""What the crowd differential adds to GET of a case with 30 answers, measured in the same run.

Seeds one case with 30 answers (each with a differential of 3 to 6
diagnoses, some coded, some texts that pool with codes, and votes on most
answers) and 10 comments, then times GET /api/v1/cases/{id} through the
whole app in-process (session check, request counting, queries, pooling,
serialisation), in CPU time, in rounds that rotate between three modes:
the app as shipped ("served": rankings cached per process), the same with
that cache emptied before every GET ("cold": every GET pools the 30
differentials), and ``crowd.crowd_differential`` replaced by a no-op (the
reference). Each round gives each mode's ratio to the reference; the
medians are the figures, and the requirement is that served is at most
1.2 (pooling costs at most a fifth of the GET). Cold is shown beside it:
what a GET costs right after an answer or a vote changes the case.

    .venv/bin/python bench/crowd.py [--rounds 21] [--requests 50]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Without --postgres both databases are SQLite files in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench_support import throwaway_databases
from forum_seed import Seeder
from nacl.signing import SigningKey

from casecrowd import bootstrap
from casecrowd.app import create_app
from casecrowd.clock import utcnow
from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.forum.models import Answer
from casecrowd.forum.service import crowd

LIMIT = 1.2
ORIGIN = "http://casecrowd.bench"
ANSWERS = 30
# What answers to a fever-and-rash puzzle name: some coded, some texts that
# pool with a code ("Still disease" with M06.1), some texts alone.
DIAGNOSES = [
    {"diagnosis": "Adult-onset Still disease", "code": "M06.1"},
    {"diagnosis": "Still disease"},
    {"diagnosis": "Systemic lupus erythematosus", "code": "M32.9"},
    {"diagnosis": "Hodgkin lymphoma", "code": "C81.9"},
    {"diagnosis": "Lymphoma"},
    {"diagnosis": "Diffuse large B-cell lymphoma", "code": "C83.3"},
    {"diagnosis": "Sarcoidosis", "code": "D86"},
    {"diagnosis": "Tuberculosis"},
    {"diagnosis": "Infective endocarditis", "code": "I33.0"},
    {"diagnosis": "Periodic fever syndrome", "code": "M04.1"},
    {"diagnosis": "Kikuchi-Fujimoto disease"},
    {"diagnosis": "Castleman disease", "code": "D47.Z2"},
    {"diagnosis": "Hemophagocytic lymphohistiocytosis", "code": "D76.1"},
    {"diagnosis": "Drug reaction with eosinophilia and systemic symptoms"},
    {"diagnosis": "Parvovirus B19 infection", "code": "B34.3"},
    {"diagnosis": "Polyarteritis nodosa", "code": "M30.0"},
    {"diagnosis": "Macrophage activation syndrome"},
    {"diagnosis": "Sepsis"},
]


def seed_case(chance: random.Random, key: SigningKey) -> int:
    """The case with 30 answers, their differentials and votes; its id. In an app context."""
    seeder = Seeder(chance.randrange(1 << 30), utcnow())
    people = seeder.pseudonyms(120, [key])
    (case_id,) = seeder.cases(people[1:], 1, lambda: ANSWERS)
    seeder.comments(people, case_id, 10)
    for answer in db.session.query(Answer).filter_by(case_id=case_id).order_by(Answer.id):
        answer.differential = [
            {**item, "note": "Fits the ferritin and the rash."}
            for item in chance.sample(DIAGNOSES, chance.randint(3, 6))
        ]
    db.session.commit()
    return case_id


def session_header(http: Any, key: SigningKey) -> dict[str, str]:
    pseudonym = envelope.pseudonym_id(bytes(key.verify_key))
    reply = http.post("/api/v1/sessions/challenge", json={"pseudonym": pseudonym})
    challenge = reply.get_json()["challenge"]
    signature = envelope.sign_session(key, ORIGIN, challenge)
    reply = http.post("/api/v1/sessions", json={"challenge": challenge, "signature": signature})
    if reply.status_code != 201:
        raise RuntimeError(f"session: {reply.status_code} {reply.get_data(as_text=True)[:300]}")
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def timed_round(http: Any, path: str, headers: dict[str, str], requests: int) -> float:
    """CPU milliseconds per GET over ``requests`` GETs.

    CPU time of this process, not wall time: other processes on the machine
    then skew the two sides far less (the app, the client and SQLite all
    run here; on PostgreSQL the server's share is left out of both sides).
    """
    started = time.process_time()
    for _ in range(requests):
        reply = http.get(path, headers=headers)
        if reply.status_code != 200:
            raise RuntimeError(f"GET {path}: {reply.status_code}")
    return (time.process_time() - started) / requests * 1000


MODES = ("served", "cold", "no pooling")


def measure(http: Any, path: str, headers: dict[str, str], args: Any) -> dict[str, list[float]]:
    """CPU ms per GET in each mode, per round; each round runs the modes in a rotated order.

    served: the app as shipped (the process's cache of rankings holds this
    case's after the first GET); cold: the cache emptied before every GET,
    so every GET pools all 30 differentials; no pooling: the reference.
    """
    shipped = crowd.crowd_differential

    def cold(answers: Any) -> Any:
        crowd.pooled.cache_clear()
        return shipped(answers)

    variants = {"served": shipped, "cold": cold, "no pooling": lambda answers: None}
    timings: dict[str, list[float]] = {mode: [] for mode in MODES}
    try:
        for round_number in range(args.rounds):
            shift = round_number % len(MODES)
            for mode in MODES[shift:] + MODES[:shift]:
                crowd.crowd_differential = variants[mode]
                timings[mode].append(timed_round(http, path, headers, args.requests))
    finally:
        crowd.crowd_differential = shipped
    return timings


def pooling_alone(app: Any, case_id: int, calls: int) -> float:
    """CPU ms per uncached pooling of the case's 30 answers, as loaded."""
    with app.app_context():
        answers = list(db.session.query(Answer).filter_by(case_id=case_id))
        started = time.process_time()
        for _ in range(calls):
            crowd.pooled.cache_clear()
            crowd.crowd_differential(answers)
        db.session.remove()
    return (time.process_time() - started) / calls * 1000


def run(args: Any, folder: Path, urls: dict[str, str]) -> bool:
    settings = {
        "server": {"public_url": ORIGIN},
        "paths": {"instance": str(folder / "instance"), "keys": str(folder / "keys")},
        "database": {"identity_url": urls["identity"], "forum_url": urls["forum"]},
        "logging": {"level": "WARNING"},
        # One reader sends thousands of GETs: the request limit would answer 429.
        "forum": {"limits": {"requests": "10000000/minute"}},
    }
    app = create_app(settings)
    bootstrap.initialize(app)
    key = SigningKey.generate()
    with app.app_context():
        case_id = seed_case(random.Random(args.seed), key)
    http = app.test_client()
    headers = session_header(http, key)
    path = f"/api/v1/cases/{case_id}"
    # Warm up: the ICD-10-CM code set loads on first use, caches fill.
    shown = http.get(path, headers=headers).get_json()
    pooled = shown["crowd_differential"]
    print(
        f"case {case_id}: {len(shown['answers'])} answers, {pooled['answers_pooled']} pooled"
        f" into {len(pooled['entries'])} diagnoses; top: {pooled['entries'][0]['diagnosis']}"
    )
    timed_round(http, path, headers, args.requests)
    timings = measure(http, path, headers, args)
    pooling_ms = pooling_alone(app, case_id, args.requests)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"backend: {backend}; {args.rounds} rounds of {args.requests} GETs per mode, in-process")
    print(f"{'GET /api/v1/cases/{id}':<34}{'CPU ms':>8}{'ratio':>8}  (median; rounds' range)")
    reference = timings["no pooling"]
    ratios = {}
    for mode in MODES:
        per_round = [a / b for a, b in zip(timings[mode], reference, strict=True)]
        ratios[mode] = statistics.median(per_round)
        print(
            f"{mode:<34}{statistics.median(timings[mode]):>8.2f}{ratios[mode]:>8.3f}"
            f"  ({min(per_round):.3f} .. {max(per_round):.3f})"
        )
    print(f"{'pooling 30 answers alone, uncached':<34}{pooling_ms:>8.2f}")
    passed = ratios["served"] <= LIMIT
    verdict = "<=" if passed else ">"
    print(f"{'PASS' if passed else 'FAIL'}: served {ratios['served']:.3f} {verdict} {LIMIT}")
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--requests", type=int, default=50, help="GETs per round")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", default="", help="admin URL; temporary databases are made")
    args = parser.parse_args()
    with throwaway_databases(args.postgres) as (folder, urls):
        passed = run(args, folder, urls)
    raise SystemExit(0 if passed else 1)


if __name__ == "__main__":
    main()

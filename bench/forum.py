"""Forum requests per second over HTTP, each next to a bare Flask JSON endpoint in the same run.

Seeds a forum (default 10,000 cases, about 3 answers and a dozen votes
each, plus one case with 30 answers and 10 comments; see forum_seed.py),
then starts one gunicorn (2 workers, the shipped configuration; see
forum_server.py) serving the CaseCrowd app with a bare Flask app mounted at
/bare, and has client processes send requests for a fixed time per scenario:

- GET one case with 30 answers           next to  GET /bare/json
- GET a list page (20 cases), "hot"      next to  GET /bare/json
- GET a list page (20 cases), "new"      next to  GET /bare/json
- POST a signed answer (new envelope)    next to  POST /bare/json, same body

Each pair runs back to back and the ratio is printed. Before the server
starts, the listing sorts and search are also timed in-process against the
plain newest-first query (same database, same run).

    .venv/bin/python bench/forum.py [--cases 10000] [--seconds 8] [--clients 4]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--list-path "/api/v1/cases?sort=hot&limit=20"]

Without --postgres both databases are SQLite files in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import secrets
import signal
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from bench_support import throwaway_databases
from forum_server import free_port, start_server

from casecrowd import bootstrap, config
from casecrowd.app import create_app
from casecrowd.crypto import envelope

POSTS_PER_CLIENT = 3000
ANSWER_SENTENCES = [
    "Check a ferritin and a repeat blood count in two weeks.",
    "An echocardiogram would settle whether the murmur matters.",
    "Consider sarcoidosis; a chest tomography and calcium level would help.",
    "Repeat the creatinine after stopping the diuretic.",
]


def client_loop(job: dict[str, Any]) -> tuple[int, int, bool]:
    """One client process: send requests from start_at for ``seconds``; (ok, failed, ran out)."""
    session = requests.Session()
    bodies, used = job["bodies"], 0
    ok = failed = 0
    while time.time() < job["start_at"]:
        time.sleep(0.001)
    stop_at = job["start_at"] + job["seconds"]
    while time.time() < stop_at:
        body = None
        if bodies is not None:
            if used == len(bodies) and not job["cycle"]:
                return ok, failed, True
            body, used = bodies[used % len(bodies)], used + 1
        response = session.request(
            job["method"], job["url"], data=body, headers=job["headers"], timeout=60
        )
        if response.status_code == job["expect"]:
            ok += 1
        else:
            failed += 1
    return ok, failed, False


def measure(pool: Any, jobs: list[dict[str, Any]], seconds: float) -> tuple[float, int, bool]:
    start_at = time.time() + 0.5
    for job in jobs:
        job.update(start_at=start_at, seconds=seconds)
    results = pool.map(client_loop, jobs)
    ok = sum(r[0] for r in results)
    return ok / seconds, sum(r[1] for r in results), any(r[2] for r in results)


def open_session(base: str, origin: str, key: Any) -> str:
    pseudonym = envelope.pseudonym_id(bytes(key.verify_key))
    reply = requests.post(
        f"{base}/api/v1/sessions/challenge", json={"pseudonym": pseudonym}, timeout=30
    )
    reply.raise_for_status()
    challenge = reply.json()["challenge"]
    signature = envelope.sign_session(key, origin, challenge)
    reply = requests.post(
        f"{base}/api/v1/sessions",
        json={"challenge": challenge, "signature": signature},
        timeout=30,
    )
    reply.raise_for_status()
    return reply.json()["token"]


def signed_answers(key: Any, origin: str, case_ids: list[int], count: int) -> list[bytes]:
    chance = random.Random(bytes(key.verify_key))
    bodies = []
    for _ in range(count):
        members = {
            "v": 1,
            "kind": "answer.create",
            "origin": origin,
            "pseudonym": envelope.pseudonym_id(bytes(key.verify_key)),
            "created": envelope.format_created(datetime.now(UTC)),
            "id": secrets.token_urlsafe(16),
            "case_id": chance.choice(case_ids),
            "body": " ".join(chance.sample(ANSWER_SENTENCES, 2)),
        }
        message, signature = envelope.sign_message(key, members)
        bodies.append(json.dumps({"envelope": message.decode(), "signature": signature}).encode())
    return bodies


def in_process_timings(repeats: int) -> list[tuple[str, float]]:
    """Milliseconds per call of each listing and search, and of the newest-first reference.

    Runs in an app context of the seeded app.
    """
    from sqlalchemy import select

    from casecrowd.db import db
    from casecrowd.forum.models import Case
    from casecrowd.forum.service import listing, search

    def timed(call: Any) -> float:
        call()
        started = time.perf_counter()
        for _ in range(repeats):
            call()
        return (time.perf_counter() - started) / repeats * 1000

    now = datetime.now(UTC)

    def page(**query: Any) -> Any:
        return lambda: listing.list_cases(db.session, limit=20, now=now, **query)

    def newest() -> Any:
        statement = select(Case).order_by(Case.created.desc(), Case.id.desc()).limit(20)
        return list(db.session.scalars(statement))

    hot_cursor = page(sort="hot")().next_cursor
    timings = [("reference: newest 20 (plain query)", timed(newest))]
    timings += [(f"list_cases sort={sort}", timed(page(sort=sort))) for sort in listing.SORTS]
    timings.append(("list_cases sort=hot, page 2", timed(page(sort="hot", cursor=hot_cursor))))
    timings.append(
        ("list_cases top, week, one tag", timed(page(sort="top", window="week", tag="cardiology")))
    )
    for query in ("fever rash", '"night sweats"', "lymph* biopsy"):
        timings.append((f"search {query}", timed(lambda q=query: search.search(db.session, q))))
    db.session.remove()
    return timings


def main() -> None:
    from forum_seed import seed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=20, help="in-process calls per timing")
    parser.add_argument("--postgres", default="", help="admin URL; temporary databases are made")
    parser.add_argument("--list-path", default="/api/v1/cases?sort=hot&limit=20")
    parser.add_argument("--second-list-path", default="/api/v1/cases?sort=new&limit=20")
    args = parser.parse_args()

    with throwaway_databases(args.postgres) as (folder, urls):
        run(args, folder, urls, seed)


def run(args: Any, folder: Path, urls: dict[str, str], seed: Any) -> None:
    port = free_port()
    base = origin = f"http://127.0.0.1:{port}"
    settings = {
        "server": {"public_url": base},
        "paths": {"instance": str(folder / "instance"), "keys": str(folder / "keys")},
        "database": {"identity_url": urls["identity"], "forum_url": urls["forum"]},
        "logging": {"level": "WARNING"},
        # The benchmark measures throughput: the physicians' rate limits would
        # turn most of its load into 429s.
        "forum": {
            "limits": {
                "posts": "1000000/minute",
                "requests": "1000000/minute",
                "new_pseudonym_days": 0,
            }
        },
    }
    app = create_app(settings)
    bootstrap.initialize(app)
    print(f"seeding {args.cases} cases ...", flush=True)
    started = time.monotonic()
    with app.app_context():
        seeded = seed(args.cases, args.clients, progress=lambda line: None)
        print(f"  {seeded.counts} in {time.monotonic() - started:.0f} s", flush=True)
        print("timing listings and search in-process ...", flush=True)
        timings = in_process_timings(args.repeats)
    config_file = folder / "casecrowd.toml"
    config_file.write_text(config.render_toml(config.load(settings, environ={}), with_help=False))
    server = start_server(config_file, port, folder / "server.log")
    pool = multiprocessing.get_context("spawn").Pool(args.clients)
    try:
        tokens = [open_session(base, origin, key) for key in seeded.client_keys]
        rows = http_scenarios(args, pool, base, origin, seeded, tokens)
    finally:
        pool.terminate()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report(args, seeded, timings, rows)


def http_scenarios(
    args: Any, pool: Any, base: str, origin: str, seeded: Any, tokens: list[str]
) -> list[tuple[str, float, float, int, bool]]:
    def jobs(method: str, path: str, expect: int, bodies: Any = None) -> list[dict[str, Any]]:
        made = []
        for client, token in enumerate(tokens):
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            made.append(
                {
                    "method": method,
                    "url": base + path,
                    "headers": headers,
                    "expect": expect,
                    "bodies": bodies[client] if bodies else None,
                    # The bare endpoint may see the same body twice; the forum may not.
                    "cycle": path.startswith("/bare/"),
                }
            )
        return made

    case_path = f"/api/v1/cases/{seeded.showcase_case_id}"
    for path in (case_path, args.list_path, args.second_list_path):
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        reply = requests.get(base + path, headers=headers, timeout=30)
        if reply.status_code != 200:
            raise RuntimeError(f"GET {path}: {reply.status_code} {reply.text[:300]}")
    (probe,) = signed_answers(seeded.client_keys[0], origin, seeded.case_ids, 1)
    reply = requests.post(
        f"{base}/api/v1/envelopes",
        data=probe,
        headers={"Authorization": f"Bearer {tokens[0]}", "Content-Type": "application/json"},
        timeout=30,
    )
    if reply.status_code != 201:
        raise RuntimeError(f"POST an answer: {reply.status_code} {reply.text[:300]}")
    print("signing answer envelopes ...", flush=True)
    answers = [
        signed_answers(key, origin, seeded.case_ids, POSTS_PER_CLIENT) for key in seeded.client_keys
    ]
    rows = []
    for label, method, path, expect, bodies in (
        ("GET one case with 30 answers", "GET", case_path, 200, None),
        (f"GET {args.list_path.removeprefix('/api/v1')}", "GET", args.list_path, 200, None),
        (
            f"GET {args.second_list_path.removeprefix('/api/v1')}",
            "GET",
            args.second_list_path,
            200,
            None,
        ),
        ("POST a signed answer", "POST", "/api/v1/envelopes", 201, answers),
    ):
        print(f"measuring {label} ...", flush=True)
        bare, _, _ = measure(
            pool, jobs(method, "/bare/json", 201 if bodies else 200, bodies), args.seconds
        )
        rate, failed, ran_out = measure(pool, jobs(method, path, expect, bodies), args.seconds)
        rows.append((label, rate, bare, failed, ran_out))
    return rows


def report(args: Any, seeded: Any, timings: list, rows: list) -> None:
    backend = "PostgreSQL" if args.postgres else "SQLite"
    counts = seeded.counts
    print()
    print(
        f"backend: {backend}; seeded {counts.get('cases', 0)} cases, {counts.get('answers', 0)}"
        f" answers, {counts.get('votes', 0)} votes; gunicorn: 2 workers; clients:"
        f" {args.clients} processes; {args.seconds:g} s per measurement"
    )
    print(f"{'over HTTP':<32}{'req/s':>9}{'bare req/s':>12}{'ratio':>8}")
    for label, rate, bare, failed, ran_out in rows:
        note = f"  ({failed} failed)" if failed else ""
        note += "  (ran out of prepared envelopes)" if ran_out else ""
        print(f"{label:<32}{rate:>9.1f}{bare:>12.1f}{rate / bare:>8.3f}{note}")
    reference = timings[0][1]
    print()
    print(f"{'in-process, one call':<40}{'ms':>8}{'x reference':>13}")
    for label, ms in timings:
        print(f"{label:<40}{ms:>8.2f}{ms / reference:>13.2f}")


if __name__ == "__main__":
    main()

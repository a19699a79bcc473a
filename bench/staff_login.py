"""Failed staff logins take the same time whether or not the account exists.

    .venv/bin/python bench/staff_login.py [--rounds 30]

Times failed logins through the API for an existing account (wrong
password) and for a name nobody has, next to the reference measured in the
same run: one bare Argon2id verification with the configured parameters
(default RFC 9106, 64 MiB). Both ratios should be close to 1: the unknown
name spends a dummy verification, so its timing does not reveal the account,
and a login costs about one verification. Exit status 1 when the unknown
name is faster or slower than the known one by more than 25%.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from argon2 import PasswordHasher

from casecrowd import bootstrap
from casecrowd.app import create_app
from casecrowd.staff import service

TOLERANCE = 0.25
PASSWORD = "correct horse battery staple"


def interleaved_medians(actions: list[Callable[[], object]], rounds: int) -> list[float]:
    """Median seconds of each action, run in turn so that machine load hits all alike."""
    samples: list[list[float]] = [[] for _ in actions]
    for _ in range(rounds):
        for action, times in zip(actions, samples, strict=True):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in samples]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "paths": {"instance": str(Path(folder) / "i"), "keys": str(Path(folder) / "k")},
                "staff": {"login_failures": "1000000/minute"},
                "logging": {"level": "WARNING", "requests": False},
            }
        )
        bootstrap.initialize(app)
        with app.app_context():
            service.create_account("bench", "verifier", PASSWORD)
            settings = app.config["CASECROWD"]
        client = app.test_client()

        def login(name: str) -> None:
            body = {"username": name, "password": "not the password"}
            assert client.post("/api/v1/staff/sessions", json=body).status_code == 401

        login("nobody")  # warm-up: the first login makes the dummy hash
        hasher = PasswordHasher(
            time_cost=settings["staff.argon2_time_cost"],
            memory_cost=settings["staff.argon2_memory_kib"],
            parallelism=settings["staff.argon2_parallelism"],
        )
        reference_hash = hasher.hash(PASSWORD)
        reference, known, unknown = interleaved_medians(
            [
                lambda: hasher.verify(reference_hash, PASSWORD),
                lambda: login("bench"),
                lambda: login("nobody"),
            ],
            rounds,
        )

    print(f"argon2id verify (reference)   {reference * 1000:8.2f} ms")
    for label, seconds in (("known account", known), ("unknown name ", unknown)):
        print(
            f"failed login, {label}   {seconds * 1000:8.2f} ms"
            f"  {seconds / reference:5.2f}x reference"
        )
    ratio = unknown / known
    print(f"unknown / known               {ratio:8.2f}   (target 1 ± {TOLERANCE})")
    return 0 if abs(ratio - 1) <= TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main())

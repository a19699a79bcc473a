"""Token issuances per second over HTTP, next to `openssl speed rsa2048` signatures per second.

Starts `casecrowd serve --workers 2` (gunicorn) on a throw-away instance whose
quota is out of reach, approves a few memberships through the desk's
service, and has client threads POST distinct token requests for a fixed
time. Token requests are built before the clock starts, so the figure is the
server's: authentication, quota, retry cache and the blind signature (CRT,
base blinding, verification of every signature before it leaves).

    .venv/bin/python bench/issuer.py [--seconds 10] [--clients 4]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Without --postgres both databases are SQLite files in the temporary folder.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import bench_support
import requests
from bench_support import free_port, openssl_speed, postgres_databases

from casecrowd import bootstrap, config
from casecrowd.app import create_app
from casecrowd.crypto import privacypass
from casecrowd.desk import review
from casecrowd.desk import service as desk_service
from casecrowd.desk.credentials import NPI_LUHN_PREFIX, luhn_check_digit
from casecrowd.staff import service as staff_service

REQUEST_TYPE = "application/private-token-request"
CHALLENGE = privacypass.TokenChallenge(2, "127.0.0.1", b"", ["127.0.0.1"])
BODIES_PER_CLIENT = 1500
MEMBERSHIPS_PER_CLIENT = 8  # each (membership, body) pair is sent once: no retry-cache hits
OPENSSL_SECONDS = 3


def approved_memberships(app, count: int) -> list[str]:
    """Secrets of ``count`` memberships approved through the desk's service."""
    secrets_ = []
    with app.app_context():
        verifier = staff_service.create_account("bench", "verifier", "a long bench password")
        for n in range(count):
            payload = f"{100000000 + n:09d}"
            new = desk_service.submit_application(
                legal_name=f"Bench Member {n}",
                licence_number=f"BENCH{n}",
                jurisdiction="US-NY",
                npi=payload + str(luhn_check_digit(NPI_LUHN_PREFIX + payload)),
                specialty="internal-medicine",
                email=f"bench{n}@example.org",
            )
            review.decide(new.membership.id, "approve", verifier, None)
            secrets_.append(new.secret)
    return secrets_


def start_server(config_file: Path, port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "casecrowd", "serve", "--workers", "2"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    return bench_support.start_server(
        command, config_file, log, f"http://127.0.0.1:{port}/api/v1/health"
    )


def hammer(url: str, work: list[tuple[str, bytes]], stop_at: float, counts: dict) -> None:
    session = requests.Session()
    ok = refused = 0
    for secret, body in work:
        if time.monotonic() >= stop_at:
            break
        response = session.post(
            url,
            data=body,
            headers={"Content-Type": REQUEST_TYPE, "Authorization": f"Membership {secret}"},
            timeout=60,
        )
        if response.status_code == 200:
            ok += 1
        else:
            refused += 1
    counts[threading.get_ident()] = (ok, refused, len(work))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--postgres", default="", help="admin URL; temporary databases are made")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="casecrowd-bench-") as folder:
        folder = Path(folder)
        drop = None
        if args.postgres:
            urls, drop = postgres_databases(args.postgres)
        else:
            urls = {b: f"sqlite:///{folder / f'{b}.sqlite3'}" for b in ("identity", "forum")}
        port = free_port()
        settings = {
            "server": {"public_url": f"http://127.0.0.1:{port}"},
            "paths": {"instance": str(folder / "instance"), "keys": str(folder / "keys")},
            "database": {"identity_url": urls["identity"], "forum_url": urls["forum"]},
            "issuer": {"tokens_per_epoch": 10**9},
            "logging": {"level": "WARNING"},
        }
        app = create_app(settings)
        bootstrap.initialize(app)
        member_secrets = approved_memberships(app, args.clients * MEMBERSHIPS_PER_CLIENT)
        config_file = folder / "casecrowd.toml"
        config_file.write_text(
            config.render_toml(config.load(settings, environ={}), with_help=False)
        )
        server = start_server(config_file, port, folder / "server.log")
        try:
            base = f"http://127.0.0.1:{port}"
            document = requests.get(
                f"{base}/.well-known/private-token-issuer-directory", timeout=10
            )
            request_uri, keys = privacypass.parse_issuer_directory(document.json())
            spki = max(keys, key=lambda k: k.not_before if k.not_before <= time.time() else -1).spki
            print(f"building {args.clients * BODIES_PER_CLIENT} token requests ...", flush=True)
            bodies = [
                privacypass.Client.create_token_request(CHALLENGE, spki)[0].serialize()
                for _ in range(args.clients * BODIES_PER_CLIENT)
            ]
            work = []
            for client in range(args.clients):
                mine = member_secrets[client :: args.clients]
                own_bodies = bodies[client * BODIES_PER_CLIENT : (client + 1) * BODIES_PER_CLIENT]
                work.append(list(itertools.product(mine, own_bodies)))
            # One request per worker first: keys loaded, connections open.
            for secret in member_secrets[:2]:
                body = privacypass.Client.create_token_request(CHALLENGE, spki)[0].serialize()
                requests.post(
                    request_uri,
                    data=body,
                    headers={"Content-Type": REQUEST_TYPE, "Authorization": f"Membership {secret}"},
                    timeout=30,
                ).raise_for_status()

            counts: dict = {}
            started = time.monotonic()
            stop_at = started + args.seconds
            threads = [
                threading.Thread(target=hammer, args=(request_uri, w, stop_at, counts))
                for w in work
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            if drop:
                drop()

    ok = sum(c[0] for c in counts.values())
    refused = sum(c[1] for c in counts.values())
    exhausted = any(c[0] + c[1] == c[2] for c in counts.values())
    issuance_rate = ok / elapsed
    print("waiting for openssl speed ...", flush=True)
    openssl_rate = openssl_speed("rsa2048", "sign/s", OPENSSL_SECONDS)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"backend: {backend}; clients: {args.clients} threads; gunicorn workers: 2")
    print(f"token issuances over HTTP: {ok} in {elapsed:.1f} s = {issuance_rate:.1f}/s")
    if refused:
        print(f"  (refused: {refused}; see the server log)")
    if exhausted:
        print("  (a client ran out of prepared requests; raise BODIES_PER_CLIENT)")
    print(f"openssl speed rsa2048 (1 process): {openssl_rate:.1f} sign/s")
    print(f"ratio issuances/s : openssl sign/s = {issuance_rate / openssl_rate:.3f}")


if __name__ == "__main__":
    main()

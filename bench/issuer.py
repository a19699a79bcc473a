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
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from casecrowd import bootstrap, config, create_app
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_databases(admin_url: str) -> tuple[dict[str, str], Callable[[], None]]:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    names = {
        bind: f"casecrowd_bench_{secrets.token_hex(4)}_{bind}" for bind in ("identity", "forum")
    }
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(admin_url)
    urls = {b: url.set(database=n).render_as_string(hide_password=False) for b, n in names.items()}
    return urls, drop


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
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    env["CASECROWD_CONFIG"] = str(config_file)
    command = [sys.executable, "-m", "casecrowd", "serve", "--workers", "2"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start in time")


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


def openssl_sign_per_second() -> float:
    output = subprocess.run(
        ["openssl", "speed", "-seconds", str(OPENSSL_SECONDS), "rsa2048"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = output.splitlines()
    header = next(line for line in lines if "sign/s" in line).split()
    row = next(line for line in lines if re.match(r"^rsa\s+2048 bits", line))
    values = row.split()[3:]  # after "rsa", "2048", "bits"
    return float(values[header.index("sign/s")])


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
    openssl_rate = openssl_sign_per_second()
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

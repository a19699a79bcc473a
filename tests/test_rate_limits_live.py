"""Limits hold exactly across four gunicorn workers: in Redis, and in the embedded default's
shared file (``memory://`` under gunicorn counts in the instance folder, not per worker).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests

from casecrowd.crypto.keys import generate_issuer_key
from tests.conftest import REDIS_URL
from tests.desk.support import application_data
from tests.forum.physician import Issuer, Physician, Transport, case_fields
from tests.staff.support import FAST_ARGON2

pytestmark = pytest.mark.live

STORES = [
    pytest.param("memory://", id="embedded"),
    pytest.param(
        REDIS_URL,
        id="redis",
        marks=pytest.mark.skipif(
            not REDIS_URL, reason="CASECROWD_TEST_REDIS names no Redis server to share"
        ),
    ),
]


def concurrently(call, items) -> list[int]:
    """The statuses of ``call(item)`` for every item, sixteen requests at a time, sorted."""
    # On separate connections: every worker takes some.
    with ThreadPoolExecutor(max_workers=16) as pool:
        return sorted(pool.map(call, items))


@pytest.mark.parametrize("store", STORES)
def test_applications_for_one_npi_are_counted_once_across_workers(live_server, store):
    overrides = {
        **FAST_ARGON2,
        "ratelimit": {"storage_url": store},
        "desk": {"applications_per_npi": "5/hour", "applications_per_hour": 1000},
    }
    server = live_server(workers=4, overrides=overrides)
    npi = application_data()["npi"]
    url = f"{server.url}/api/v1/desk/applications"

    def apply(data) -> int:
        return requests.post(url, json=data, timeout=60).status_code

    applications = [application_data(npi=npi) for _ in range(24)]
    assert concurrently(apply, applications) == [201] * 5 + [429] * 19
    if store == "memory://":
        assert "ratelimit.sqlite3, shared by this host's workers" in server.log()


@pytest.mark.parametrize("store", STORES)
def test_one_pseudonyms_answers_are_counted_once_across_workers(live_server, tmp_path, store):
    not_before = int((datetime.now(UTC) - timedelta(days=10)).timestamp())
    issuer = Issuer({"current": generate_issuer_key()}, {"current": not_before})
    directory = issuer.write_directory(tmp_path / "issuer-directory.json", ["current"])
    overrides = {
        "ratelimit": {"storage_url": store},
        "forum": {
            "issuer_directory": str(directory),
            "limits": {"posts": "6/minute", "new_pseudonym_days": 0},
        },
    }
    server = live_server(workers=4, overrides=overrides)
    doctor = Physician(Transport(server.url), issuer).join()
    case_id = doctor.post("case.create", **case_fields()).body["case_id"]
    signed = [
        doctor.sign("answer.create", case_id=case_id, body=f"Answer {number}.")
        for number in range(20)
    ]

    def answer(envelope) -> int:
        return doctor.send(*envelope).status

    # One place was taken by the case; five answers fit, whichever worker takes them.
    assert concurrently(answer, signed) == [201] * 5 + [429] * 15
    answers = doctor.get(f"/api/v1/cases/{case_id}").body["answers"]
    assert len(answers) == 5

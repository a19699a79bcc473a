"""Desk applications: a limit per NPI, keyed on its fingerprint, and one for the whole desk."""

from __future__ import annotations

import pytest
import redis
import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.desk.models import Membership
from tests.conftest import REDIS_URL
from tests.desk.support import application_data
from tests.staff.support import FAST_ARGON2

URL = "/api/v1/desk/applications"
RATE_LIMITED = "urn:casecrowd:problem:rate-limited"


def desk_app(make_app, **desk):
    return make_app({**FAST_ARGON2, "desk": desk})


def memberships(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Membership))


def test_one_npi_is_limited_and_a_refusal_stores_nothing(make_app):
    app = desk_app(make_app, applications_per_npi="2/hour")
    client = app.test_client()
    npi = application_data()["npi"]
    for _ in range(2):
        assert client.post(URL, json=application_data(npi=npi)).status_code == 201
    refused = client.post(URL, json=application_data(npi=npi))
    assert refused.status_code == 429
    problem = refused.get_json()
    assert problem["type"] == RATE_LIMITED
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 3600 and problem["retry_after"] == wait
    assert problem["detail"] == (
        f"Too many applications with this NPI: at most 2 per hour. Try again in {wait} seconds."
    )
    assert npi not in refused.get_data(as_text=True)
    assert memberships(app) == 2
    # The same NPI written with separators is the same credential.
    spaced = f"{npi[:4]} {npi[4:7]}-{npi[7:]}"
    assert client.post(URL, json=application_data(npi=spaced)).status_code == 429
    assert client.post(URL, json=application_data()).status_code == 201


def test_the_desk_as_a_whole_is_limited_and_one_limit_refusing_spends_the_other_nothing(
    make_app,
):
    app = desk_app(make_app, applications_per_npi="1/hour", applications_per_hour=3)
    client = app.test_client()
    npi = application_data()["npi"]
    assert client.post(URL, json=application_data(npi=npi)).status_code == 201
    assert client.post(URL, json=application_data(npi=npi)).status_code == 429
    # The NPI's refusal took no place among the desk's three.
    assert [client.post(URL, json=application_data()).status_code for _ in range(2)] == [201, 201]
    refused = client.post(URL, json=application_data())
    assert refused.status_code == 429
    detail = refused.get_json()["detail"]
    assert detail.startswith("Too many applications to the desk (all applicants together)")
    assert "at most 3 per hour" in detail
    assert memberships(app) == 3


@pytest.mark.skipif(not REDIS_URL, reason="CASECROWD_TEST_REDIS names no Redis server")
def test_no_counter_name_holds_the_npi(make_app):
    app = make_app({**FAST_ARGON2, "ratelimit": {"storage_url": REDIS_URL}})
    npi = application_data()["npi"]
    assert app.test_client().post(URL, json=application_data(npi=npi)).status_code == 201
    names = [name.decode() for name in redis.Redis.from_url(REDIS_URL).keys("*desk*")]
    assert names
    assert not [name for name in names if npi in name]

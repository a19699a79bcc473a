"""Staff login sessions: bearer tokens, stored hashed, expiring, ended by logout."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select, update

from casecrowd.clock import next_whole_hour, utc_today, utcnow
from casecrowd.db import db, engine
from casecrowd.staff.models import StaffSession
from tests.staff.support import (
    AUTO,
    FAST_ARGON2,
    PASSWORD,
    add_account,
    bearer,
    login,
    wrong_code,
)


def test_login_gives_a_bearer_token_and_me_names_the_account(app, client):
    add_account(app, "maya", "verifier")
    response = login(client, "Maya")  # names are case-insensitive
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert len(body["token"]) >= 43  # 256 bits, URL-safe base64
    assert body["account"] == {"username": "maya", "role": "verifier"}
    me = client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.get_json() == {"account": body["account"], "expires_at": body["expires_at"]}


def test_no_cookie_is_set(app, client):
    add_account(app, "nia", "verifier")
    assert "Set-Cookie" not in login(client, "nia").headers


def test_session_lasts_the_configured_hours_up_to_the_next_whole_hour(make_app):
    app = make_app({**FAST_ARGON2, "staff": {**FAST_ARGON2["staff"], "session_hours": 3}})
    add_account(app, "otto", "verifier")
    before = utcnow()
    body = login(app.test_client(), "otto").get_json()
    with app.app_context():
        session = db.session.scalar(select(StaffSession))
        # Never shorter than configured; the expiry does not tell the minute of the login.
        assert before + timedelta(hours=3) <= session.expires_at
        assert session.expires_at <= utcnow() + timedelta(hours=4)
        assert session.expires_at == next_whole_hour(session.expires_at)
        assert session.expires_at.minute == session.expires_at.second == 0
    assert datetime.fromisoformat(body["expires_at"]) == session.expires_at.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "rounded"),
    [
        (datetime(2026, 12, 8, 9, 0), datetime(2026, 12, 8, 9, 0)),
        (datetime(2026, 12, 8, 9, 0, 0, 1), datetime(2026, 12, 8, 10, 0)),
        (datetime(2026, 12, 8, 9, 59, 59), datetime(2026, 12, 8, 10, 0)),
        (datetime(2026, 12, 31, 23, 30), datetime(2027, 1, 1, 0, 0)),
    ],
)
def test_next_whole_hour(moment, rounded):
    assert next_whole_hour(moment) == rounded


def test_sessions_and_accounts_keep_no_finer_time(app, client):
    add_account(app, "ola", "verifier")
    bearer(client, "ola")
    with app.app_context(), engine("identity").connect() as conn:
        inspector = sa.inspect(conn)
        sessions = {c["name"]: c["type"] for c in inspector.get_columns("staff_sessions")}
        accounts = {c["name"]: c["type"] for c in inspector.get_columns("staff_accounts")}
        created = conn.execute(sa.text("SELECT created_on FROM staff_accounts")).scalar()
    assert [name for name, kind in sessions.items() if isinstance(kind, sa.DateTime)] == [
        "expires_at"
    ]
    assert [name for name, kind in accounts.items() if isinstance(kind, sa.Date | sa.DateTime)] == [
        "created_on"
    ]
    assert not isinstance(accounts["created_on"], sa.DateTime)
    assert str(created) == utc_today().isoformat()


def test_token_is_stored_only_as_its_sha256(app, client):
    add_account(app, "pia", "verifier")
    token = login(client, "pia").get_json()["token"]
    with app.app_context(), engine("identity").connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM staff_sessions")).mappings().all()
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert all(token not in str(value) for value in rows[0].values())


@pytest.mark.parametrize(
    ("username", "password", "otp"),
    [
        ("quinn", "wrong password here", None),
        ("quinn", "wrong password here", AUTO),
        ("quinn", PASSWORD, "wrong"),
        ("nobody", PASSWORD, None),
        ("nobody", "wrong password here", "123456"),
    ],
)
def test_unknown_name_wrong_password_and_wrong_code_get_the_same_answer(
    app, client, username, password, otp
):
    add_account(app, "quinn", "verifier")
    otp = wrong_code("quinn") if otp == "wrong" else otp
    response = login(client, username, password, otp)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.get_json()
    assert body["type"] == "urn:casecrowd:problem:login-failed"
    assert body["detail"] == "Unknown username, wrong password or wrong one-time code."


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "rae"},
        {"password": PASSWORD},
        {"username": "", "password": PASSWORD},
        {"username": "rae", "password": ""},
        {"username": 5, "password": PASSWORD},
        {"username": "r" * 65, "password": PASSWORD},
        {"username": "rae", "password": "x" * 1025},
        {"username": "rae", "password": PASSWORD, "remember": True},
        {"username": "rae", "password": PASSWORD, "otp": "12345"},
        {"username": "rae", "password": PASSWORD, "otp": "1234567"},
        {"username": "rae", "password": PASSWORD, "otp": "12345a"},
        {"username": "rae", "password": PASSWORD, "otp": "123456\n"},
        {"username": "rae", "password": PASSWORD, "otp": "١٢٣٤٥٦"},
        {"username": "rae", "password": PASSWORD, "otp": 123456},
    ],
)
def test_malformed_login_bodies_get_422(app, client, body):
    add_account(app, "rae", "verifier")
    response = client.post("/api/v1/staff/sessions", json=body)
    assert response.status_code == 422
    assert response.get_json()["invalid-params"]


def test_logout_ends_only_the_current_session(app, client):
    add_account(app, "sam", "verifier")
    first, second = bearer(client, "sam"), bearer(client, "sam")
    assert client.delete("/api/v1/staff/sessions/current", headers=first).status_code == 204
    assert client.get("/api/v1/staff/me", headers=first).status_code == 401
    assert client.delete("/api/v1/staff/sessions/current", headers=first).status_code == 401
    assert client.get("/api/v1/staff/me", headers=second).status_code == 200


def test_expired_session_is_refused(app, client):
    add_account(app, "tia", "verifier")
    headers = bearer(client, "tia")
    with app.app_context():
        db.session.execute(update(StaffSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.get("/api/v1/staff/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["detail"] == "The staff session is unknown, expired or ended."


def test_login_clears_the_accounts_expired_sessions(app, client):
    add_account(app, "uma", "verifier")
    bearer(client, "uma")
    with app.app_context():
        db.session.execute(update(StaffSession).values(expires_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    bearer(client, "uma")
    with app.app_context():
        assert len(db.session.scalars(select(StaffSession)).all()) == 1


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Membership abc",
        "Bearer a b",
        "Bearer " + "x" * 300,
        "Bearer not-a-real-token",
    ],
)
def test_requests_without_a_valid_bearer_token_get_401(app, client, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get("/api/v1/staff/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="casecrowd-staff"'
    assert response.mimetype == "application/problem+json"


def test_scheme_name_is_case_insensitive(app, client):
    add_account(app, "vic", "verifier")
    token = login(client, "vic").get_json()["token"]
    response = client.get("/api/v1/staff/me", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


def test_require_staff_refuses_unknown_roles_when_declared():
    from casecrowd.staff.auth import require_staff

    with pytest.raises(ValueError, match="superuser"):
        require_staff("verifier", "superuser")

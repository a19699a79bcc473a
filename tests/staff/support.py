"""Helpers shared by the staff and desk tests: cheap Argon2, accounts, logins."""

from __future__ import annotations

from typing import Any

from casecrowd.staff import service

# Argon2id at its cheapest, so that tests spend their time on behaviour.
FAST_ARGON2: dict[str, Any] = {
    "staff": {"argon2_time_cost": 1, "argon2_memory_kib": 64, "argon2_parallelism": 1}
}
PASSWORD = "correct horse battery staple"


def add_account(app: Any, username: str, role: str, password: str = PASSWORD) -> None:
    with app.app_context():
        service.create_account(username, role, password)


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/staff/sessions", json={"username": username, "password": password})


def bearer(client: Any, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = login(client, username, password)
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def staff_headers(app: Any, client: Any, role: str) -> dict[str, str]:
    """Create an account holding ``role`` (named after it) and log it in."""
    add_account(app, role, role)
    return bearer(client, role)

"""Valid application data, unique per call, and shortcuts through the API."""

from __future__ import annotations

import itertools
from typing import Any

from casecrowd.desk.credentials import NPI_LUHN_PREFIX, luhn_check_digit

_serial = itertools.count(100000001)


def valid_npi(first_nine: int) -> str:
    payload = f"{first_nine:09d}"
    return payload + str(luhn_check_digit(NPI_LUHN_PREFIX + payload))


def application_data(**overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    data = {
        "legal_name": f"Ada Quinn{n}",
        "licence_number": f"MD-{n}",
        "jurisdiction": "US-NY",
        "npi": valid_npi(n),
        "specialty": "internal-medicine",
        "email": f"ada{n}@example.org",
    }
    data.update(overrides)
    return data


def apply(client: Any, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/desk/applications", json=application_data(**overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def membership_header(secret: str) -> dict[str, str]:
    return {"Authorization": f"Membership {secret}"}


def decide(client: Any, headers: dict, application_id: int, action: str, reason: str | None = None):
    path = "review/applications" if action in ("approve", "reject") else "memberships"
    body = {} if reason is None else {"reason": reason}
    return client.post(f"/api/v1/desk/{path}/{application_id}/{action}", json=body, headers=headers)

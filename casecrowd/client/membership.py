"""The desk, from the applicant's side: specialties, applying, the application's status.

The desk is the one party that learns who the physician is. What it answers — the
membership secret — goes straight into the wallet and is sent again only to the desk
and the issuer, never to the forum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casecrowd.client.errors import WalletStateError
from casecrowd.client.http import ApiClient
from casecrowd.client.wallet import Membership, Wallet

APPLICATION_FIELDS = ("legal_name", "licence_number", "jurisdiction", "npi", "specialty", "email")
SPECIALTIES_PATH = "/api/v1/desk/specialties"
APPLICATIONS_PATH = "/api/v1/desk/applications"
STATUS_PATH = "/api/v1/desk/applications/status"


@dataclass(frozen=True)
class Application:
    application_id: int
    status: str


def membership_header(secret: str) -> dict[str, str]:
    return {"Authorization": f"Membership {secret}"}


def specialties(desk: ApiClient) -> list[dict[str, str]]:
    """The specialty codes the desk recognises, with their names and boards."""
    return desk.get_json(SPECIALTIES_PATH)


def apply(desk: ApiClient, wallet: Wallet, fields: dict[str, str]) -> Application:
    """Send an application and keep the membership secret in ``wallet`` (saved).

    The desk shows the secret once. The wallet is saved at once; if that fails the
    caller must show the secret to the user rather than lose it (it is in the
    wallet's memory, ``wallet.membership``).
    """
    missing = [name for name in APPLICATION_FIELDS if not fields.get(name)]
    if missing:
        raise ValueError(f"missing application field(s): {', '.join(missing)}")
    body = {name: fields[name] for name in APPLICATION_FIELDS}
    answer = desk.post_json(APPLICATIONS_PATH, body, expect=(201,))
    wallet.set_membership(str(answer["application_id"]), answer["membership_secret"])
    wallet.save()
    return Application(int(answer["application_id"]), answer["status"])


def require_membership(wallet: Wallet) -> Membership:
    if wallet.membership is None:
        raise WalletStateError("the wallet holds no membership yet; run `casecrowd apply` first")
    return wallet.membership


def status(desk: ApiClient, wallet: Wallet) -> dict[str, Any]:
    """The application's state: pending, approved, rejected or suspended (with the reason)."""
    membership = require_membership(wallet)
    return desk.get_json(STATUS_PATH, headers=membership_header(membership.secret))

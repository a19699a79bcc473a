"""TOTP second factors (RFC 6238, pyotp): enrolment, sealed storage, replay-safe checks.

Required for verifiers (they see applicants' identities) and admins;
optional for moderators. Enrolment happens from the server's shell
(``casecrowd staff add`` / ``casecrowd staff totp``), never over the API, so
that a stolen password cannot enrol a factor of the thief's choosing.

The secret has to be read back to compute codes, so it cannot be stored as a
hash: it is sealed with a SecretBox (XSalsa20-Poly1305) under a key derived
from the staff key in keys/. The sealed text names the account it belongs
to, so a sealed secret copied onto another account's row does not open there.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
from nacl.exceptions import CryptoError
from sqlalchemy import delete, or_, update

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.staff.keys import staff_keys
from casecrowd.staff.models import StaffAccount, StaffSession
from casecrowd.staff.settings import staff_config

REQUIRED_FOR = ("verifier", "admin")
# Codes of the previous and the next time step are accepted too (RFC 6238
# §5.2 recommends at most one step of drift): clocks and typing take time.
DRIFT_STEPS = 1
_ACCOUNT_ID_BYTES = 8


@dataclass(frozen=True)
class Enrolment:
    """What the operator hands to the account's owner, shown once."""

    username: str
    secret: str
    uri: str
    replaced: bool  # a previous factor existed and stops working now


def required(role: str) -> bool:
    return role in REQUIRED_FOR


def enrolled(account: StaffAccount) -> bool:
    return account.totp_secret is not None


def _seal(account_id: int, secret: str) -> bytes:
    plaintext = account_id.to_bytes(_ACCOUNT_ID_BYTES, "big") + secret.encode("ascii")
    return bytes(staff_keys().totp_box.encrypt(plaintext))


def _unseal(account: StaffAccount) -> str | None:
    """The account's base32 secret, or None if the sealed text does not open for it."""
    if account.totp_secret is None:
        return None
    try:
        plaintext = staff_keys().totp_box.decrypt(account.totp_secret)
    except CryptoError:
        return None
    owner = int.from_bytes(plaintext[:_ACCOUNT_ID_BYTES], "big")
    if owner != account.id:
        return None
    return plaintext[_ACCOUNT_ID_BYTES:].decode("ascii")


def enrol(account: StaffAccount) -> Enrolment:
    """Give the account a new secret (replacing any) and end its sessions; the caller commits.

    Sessions end because a new factor usually means the old device was lost.
    """
    if account.id is None:
        db.session.flush()
    replaced = account.totp_secret is not None
    secret = pyotp.random_base32()  # 160 bits, the RFC 4226 recommendation
    account.totp_secret = _seal(account.id, secret)
    account.totp_last_step = None
    db.session.execute(delete(StaffSession).where(StaffSession.account_id == account.id))
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=account.username, issuer_name=staff_config().totp_issuer
    )
    return Enrolment(account.username, secret, uri, replaced)


def accept(account: StaffAccount, code: str, now: datetime | None = None) -> bool:
    """True, and the code's step recorded, if ``code`` is valid and not used before.

    Every candidate step is compared (constant time, no early exit). The
    step is then claimed with a conditional UPDATE, so of two logins racing
    with one code only one gets through. The caller commits.
    """
    secret = _unseal(account)
    if secret is None:
        return False
    totp = pyotp.TOTP(secret)
    moment = now or utcnow()
    # Stored times are naive UTC; pyotp would read a naive time as local.
    current = totp.timecode(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    matched = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step).encode(), code.encode()):
            matched = step
    last = account.totp_last_step
    if matched is None or (last is not None and matched <= last):
        return False
    claimed = db.session.execute(
        update(StaffAccount)
        .where(
            StaffAccount.id == account.id,
            or_(StaffAccount.totp_last_step.is_(None), StaffAccount.totp_last_step < matched),
        )
        .values(totp_last_step=matched)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(account, ["totp_last_step"])
    return claimed.rowcount == 1

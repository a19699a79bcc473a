"""The staff key, a file in keys/: seals TOTP secrets and keys the login counters' names.

Two keys are derived from the file (BLAKE2b keyed with it, one
personalisation each), so that no key serves two algorithms: a PyNaCl
SecretBox key for the TOTP secrets and an HMAC-SHA256 key for the digests
of names in ``staff_login_failures``.

Losing the file makes every TOTP secret unreadable: each factor must then be
enrolled again (``casecrowd staff totp NAME``). So it is created only by
``casecrowd init`` (this module's ``generate_keys``) with mode 0600, and a
missing file at run time is an error, never a reason to make a new one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import Flask
from nacl.secret import SecretBox

from casecrowd.settings import SecretFile, per_app

STAFF_KEY_FILE = "staff-key"


class StaffKeyMissing(RuntimeError):
    pass


STAFF_KEY = SecretFile(STAFF_KEY_FILE, StaffKeyMissing)


@dataclass(frozen=True)
class StaffKeys:
    totp_box: SecretBox
    name_key: bytes


def generate_keys(app: Flask) -> list[str]:
    """Key generator of ``casecrowd init``: the staff key file, if missing."""
    return STAFF_KEY.create(app)


def _derive(master: bytes, purpose: bytes) -> bytes:
    return hashlib.blake2b(key=master, person=purpose, digest_size=32).digest()


def _derive_keys(app: Flask) -> StaffKeys:
    master = STAFF_KEY.read(app)
    return StaffKeys(
        totp_box=SecretBox(_derive(master, b"casecrowd-totp")),
        name_key=_derive(master, b"casecrowd-names"),
    )


def staff_keys() -> StaffKeys:
    return per_app(_derive_keys)

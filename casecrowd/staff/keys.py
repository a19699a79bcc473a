"""The staff key, a file in keys/: seals TOTP secrets and keys the login counters' names.

Two keys are derived from the file (BLAKE2b keyed with it, one
personalisation each), so that no key serves two algorithms: a PyNaCl
SecretBox key for the TOTP secrets and an HMAC-SHA256 key for the digests
of names in ``staff_login_failures``.

Losing the file makes every TOTP secret unreadable: each factor must then be
enrolled again (``casecrowd staff totp NAME``). So it is created only by
``casecrowd init`` (bootstrap's KEY_GENERATORS) with mode 0600, and a missing
file at run time is an error, never a reason to make a new one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import Flask, current_app
from nacl.secret import SecretBox

from casecrowd.bootstrap import keys_path
from casecrowd.keyfiles import read_or_create_secret, read_secret

STAFF_KEY_FILE = "staff-key"
_EXTENSION = "casecrowd.staff.keys"


class StaffKeyMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class StaffKeys:
    totp_box: SecretBox
    name_key: bytes


def generate_staff_key(app: Flask) -> list[str]:
    """Key generator for ``casecrowd init``: create the staff key file if missing."""
    _, created = read_or_create_secret(keys_path(app) / STAFF_KEY_FILE)
    return [STAFF_KEY_FILE] if created else []


def _derive(master: bytes, purpose: bytes) -> bytes:
    return hashlib.blake2b(key=master, person=purpose, digest_size=32).digest()


def staff_keys() -> StaffKeys:
    extensions = current_app.extensions
    if _EXTENSION not in extensions:
        master = read_secret(keys_path() / STAFF_KEY_FILE, StaffKeyMissing)
        extensions[_EXTENSION] = StaffKeys(
            totp_box=SecretBox(_derive(master, b"casecrowd-totp")),
            name_key=_derive(master, b"casecrowd-names"),
        )
    return extensions[_EXTENSION]

"""The desk pepper: the HMAC key of credential fingerprints, a file in keys/.

Losing it would make every stored fingerprint unmatchable (one physician
could then apply twice), so it is created only by ``casecrowd init`` and a
missing file at run time is an error, never a reason to make a new one.
"""

from __future__ import annotations

from flask import Flask

from casecrowd.settings import SecretFile

PEPPER_FILE = "desk-pepper"


class PepperMissing(RuntimeError):
    pass


PEPPER = SecretFile(PEPPER_FILE, PepperMissing)


def generate_keys(app: Flask) -> list[str]:
    """Key generator of ``casecrowd init``: the pepper file, if missing."""
    return PEPPER.create(app)


def pepper() -> bytes:
    return PEPPER.read()

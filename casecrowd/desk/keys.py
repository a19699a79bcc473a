"""The desk pepper: the HMAC key of credential fingerprints, a file in keys/.

Losing it would make every stored fingerprint unmatchable (one physician
could then apply twice), so it is created only by ``casecrowd init`` and a
missing file at run time is an error, never a reason to make a new one.
"""

from __future__ import annotations

from flask import Flask, current_app

from casecrowd.bootstrap import keys_path
from casecrowd.keyfiles import read_or_create_secret, read_secret

PEPPER_FILE = "desk-pepper"
_EXTENSION = "casecrowd.desk.pepper"


class PepperMissing(RuntimeError):
    pass


def generate_pepper(app: Flask) -> list[str]:
    """Key generator for ``casecrowd init``: create the pepper file if missing."""
    _, created = read_or_create_secret(keys_path(app) / PEPPER_FILE)
    return [PEPPER_FILE] if created else []


def pepper() -> bytes:
    extensions = current_app.extensions
    if _EXTENSION not in extensions:
        extensions[_EXTENSION] = read_secret(keys_path() / PEPPER_FILE, PepperMissing)
    return extensions[_EXTENSION]

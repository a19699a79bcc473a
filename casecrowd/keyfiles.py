"""Small secret files under ``keys/``: created once, mode 0600, never rewritten.

Creation uses O_EXCL so that two processes starting together (gunicorn
workers, a CLI run beside a server) cannot each write a different secret:
the loser reads the winner's file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

SECRET_BYTES = 32


def write_once(path: Path, content: bytes) -> bool:
    """Write ``content`` to a new file with mode 0600; False if it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def read_or_create_secret(path: Path) -> tuple[bytes, bool]:
    """Return the hex secret stored at ``path`` (creating it), and whether it was created."""
    created = write_once(path, secrets.token_hex(SECRET_BYTES).encode() + b"\n")
    value = path.read_bytes().strip()
    if len(value) < 2 * SECRET_BYTES:
        raise ValueError(f"{path} is too short to be a secret; delete it to regenerate")
    return value, created


def read_secret(path: Path, missing: Callable[[str], Exception]) -> bytes:
    """The secret that :func:`read_or_create_secret` stored at ``path``, as bytes.

    Only ``casecrowd init`` creates key files; a request that finds one
    missing raises ``missing(message)`` instead of making a new secret that
    would silently disagree with what is stored under the old one.
    """
    if not path.exists():
        raise missing(f"{path.name} is missing from the keys folder; run casecrowd init")
    return bytes.fromhex(path.read_text().strip())

"""Small secret files under ``keys/``: created once, mode 0600, never rewritten.

Creation uses O_EXCL so that two processes starting together (gunicorn
workers, a CLI run beside a server) cannot each write a different secret:
the loser reads the winner's file. ``make_private`` is the one rule for what
else the service keeps on disk (folders 0700, files 0600).
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

SECRET_BYTES = 32
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
# The issuer's directory (RFC 9578 §4), written beside its keys; a forum of the
# same deployment reads it there rather than over HTTP.
ISSUER_DIRECTORY_FILE = "issuer-directory.json"
_log = logging.getLogger("casecrowd.files")


def make_private(path: Path) -> None:
    """Take every group and other permission away from ``path``, if it exists.

    Used on files and folders made before the service kept them private; one
    it cannot change (another account's) is left as it is, with a warning.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077:
        try:
            path.chmod(mode & ~0o077)
        except PermissionError:
            _log.warning("cannot make %s private: it belongs to another account", path)


def write_once(path: Path, content: bytes) -> bool:
    """Write ``content`` to a new file with mode 0600; False if it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
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

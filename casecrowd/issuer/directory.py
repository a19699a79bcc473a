"""The issuer directory (RFC 9578 §4): one document, the same bytes for every reader.

The document lists the current epoch's key and, once ``casecrowd keys
rotate`` has made it, the next one, each with its not-before. Serving the
same bytes to everyone is what lets clients check key consistency (RFC 9576
§6.2): an issuer that showed one member a key of its own could recognise
that member's tokens. The same bytes are written to
``<paths.keys>/issuer-directory.json``, where the forum of the deployment
reads the token keys.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from casecrowd.crypto import privacypass
from casecrowd.issuer.files import write_atomically
from casecrowd.issuer.keystore import EpochKey
from casecrowd.keyfiles import ISSUER_DIRECTORY_FILE

MEDIA_TYPE = privacypass.DIRECTORY_MEDIA_TYPE


@dataclass(frozen=True)
class Directory:
    body: bytes
    etag: str  # opaque, derived from the body only


def published_keys(keys: Mapping[int, EpochKey], current_epoch: int) -> list[EpochKey]:
    """The current epoch's key and the next one, when they exist."""
    return [keys[epoch] for epoch in (current_epoch, current_epoch + 1) if epoch in keys]


def render(request_uri: str, keys: list[EpochKey]) -> Directory:
    document = privacypass.issuer_directory(
        request_uri, [privacypass.IssuerKey(key.spki, key.not_before) for key in keys]
    )
    body = json.dumps(document, separators=(",", ":")).encode("ascii")
    return Directory(body, hashlib.sha256(body).hexdigest()[:32])


def publish(keys_folder: Path, directory: Directory) -> bool:
    """Write the directory file if it differs from ``directory``; True if it was written."""
    path = Path(keys_folder) / ISSUER_DIRECTORY_FILE
    try:
        if path.read_bytes() == directory.body:
            return False
    except FileNotFoundError:
        pass
    write_atomically(path, directory.body)
    return True

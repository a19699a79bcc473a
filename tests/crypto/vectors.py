"""Published test vectors, copied unchanged into ``tests/crypto/vectors/``.

A missing or empty file raises at collection time, so the suite fails
instead of quietly skipping the vector tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VECTORS_DIR = Path(__file__).resolve().parent / "vectors"


def load_vectors(filename: str) -> list[dict[str, Any]]:
    path = VECTORS_DIR / filename
    entries = json.loads(path.read_text())  # FileNotFoundError fails the suite
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path} holds no test vectors")
    return entries


def unhex(value: str) -> bytes:
    """Vector fields are hex, sometimes with a 0x prefix."""
    return bytes.fromhex(value.removeprefix("0x"))


def hex_int(value: str) -> int:
    return int(value, 16)

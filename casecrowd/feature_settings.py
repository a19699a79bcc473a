"""The settings each feature package declares, gathered in one place.

A feature adds its ``settings.py`` (a ``SETTINGS`` tuple of
:class:`casecrowd.config.Setting`) to ``FEATURE_MODULES``; ``config.example.toml``
is generated from the result, so a new key is documented the moment it exists.
A key a feature drops goes into its ``RETIRED`` mapping, so that a configuration
still holding it is refused with advice instead of a bare "unknown setting".
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casecrowd.config import Setting

FEATURE_MODULES: tuple[str, ...] = (
    "casecrowd.staff.settings",
    "casecrowd.desk.settings",
    "casecrowd.forum.settings",
    "casecrowd.forum.listing_settings",
    "casecrowd.issuer.settings",
    "casecrowd.maintenance",
)


def all_settings() -> Iterator[Setting]:
    for name in FEATURE_MODULES:
        yield from importlib.import_module(name).SETTINGS


def retired_settings() -> dict[str, str]:
    """Keys a feature no longer has (its optional ``RETIRED``), each with what to do instead."""
    retired: dict[str, str] = {}
    for name in FEATURE_MODULES:
        retired.update(getattr(importlib.import_module(name), "RETIRED", {}))
    return retired

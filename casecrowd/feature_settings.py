"""The settings each feature package declares, gathered in one place.

A feature adds its ``settings.py`` (a ``SETTINGS`` tuple of
:class:`casecrowd.config.Setting`) to ``FEATURE_MODULES``; ``config.example.toml``
is generated from the result, so a new key is documented the moment it exists.
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
)


def all_settings() -> Iterator[Setting]:
    for name in FEATURE_MODULES:
        yield from importlib.import_module(name).SETTINGS

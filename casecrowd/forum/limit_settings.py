"""Rate limits of the forum's routes, keyed on pseudonyms, keys and tokens."""

from __future__ import annotations

from casecrowd.settings import Setting

SETTINGS: tuple[Setting, ...] = ()

"""The feature modules, in one list that the configuration and ``casecrowd init`` go through.

Each may expose, under these names only:

- ``SETTINGS``: its :class:`casecrowd.settings.Setting` values.
  ``config.example.toml`` is generated from them, so a new key is
  documented the moment it exists.
- ``RETIRED``: keys it no longer has, each with what to do instead, so that
  a configuration still holding one is refused with advice rather than a
  bare "unknown setting".
- ``generate_keys(app)``: its key generator for ``casecrowd init``; it
  creates what is missing and returns the names of the files it created.

A feature module imports :mod:`casecrowd.settings`, never
:mod:`casecrowd.config` or :mod:`casecrowd.bootstrap`, which import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

from flask import Flask

from casecrowd import maintenance
from casecrowd.desk import keys as desk_keys
from casecrowd.desk import settings as desk_settings
from casecrowd.forum import crowd_settings as forum_crowd_settings
from casecrowd.forum import limit_settings as forum_limit_settings
from casecrowd.forum import listing_settings as forum_listing_settings
from casecrowd.forum import moderation_settings as forum_moderation_settings
from casecrowd.forum import settings as forum_settings
from casecrowd.issuer import keys as issuer_keys
from casecrowd.issuer import retries as issuer_retries
from casecrowd.issuer import settings as issuer_settings
from casecrowd.moderation import keys as moderation_keys
from casecrowd.settings import Setting
from casecrowd.staff import keys as staff_keys
from casecrowd.staff import settings as staff_settings

# The modules with settings in the order of config.example.toml, then those
# with key material in the order `casecrowd init` reports the files it made.
FEATURES: tuple[ModuleType, ...] = (
    staff_settings,
    desk_settings,
    forum_settings,
    forum_listing_settings,
    forum_moderation_settings,
    forum_limit_settings,
    forum_crowd_settings,
    issuer_settings,
    maintenance,
    desk_keys,
    issuer_keys,
    issuer_retries,
    staff_keys,
    moderation_keys,
)


def settings() -> Iterator[Setting]:
    for feature in FEATURES:
        yield from getattr(feature, "SETTINGS", ())


def retired() -> dict[str, str]:
    found: dict[str, str] = {}
    for feature in FEATURES:
        found.update(getattr(feature, "RETIRED", {}))
    return found


def key_generators() -> Iterator[Callable[[Flask], list[str]]]:
    for feature in FEATURES:
        generate = getattr(feature, "generate_keys", None)
        if generate is not None:
            yield generate

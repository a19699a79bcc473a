"""What a feature takes from the configuration: how it declares settings and reads them back.

A feature module lists its keys as :class:`Setting` values in ``SETTINGS``;
:mod:`casecrowd.config` gathers them from :mod:`casecrowd.features` and
loads the values. A feature reads them back through :func:`view`: a typed
object derived from the loaded settings, built once per app. Its key files
live in the app's keys folder (:func:`keys_path`); a :class:`SecretFile` is
one that ``casecrowd init`` creates and the app reads once.

This module imports no other part of CaseCrowd but the key file helpers: the
configuration imports every feature, so what features import from here must
not import the configuration back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any, Self, TypeVar

from flask import Flask, current_app

from casecrowd.keyfiles import read_or_create_secret, read_secret

T = TypeVar("T")

# Where create_app puts the loaded settings (a flat {dotted key: value} dict)
# and the keys folder, resolved when the app is made, in ``app.config``.
SETTINGS_CONFIG = "CASECROWD"
KEYS_CONFIG = "CASECROWD_KEYS"
_VIEWS = "casecrowd.settings.views"
_PER_APP = "casecrowd.settings.per-app"
_SETTING_KEY, _PARSE = "casecrowd.setting", "casecrowd.setting.parse"


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key."""


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    help: str
    kind: type = str
    secret: bool = False
    check: Callable[[Any], str | None] | None = None

    def coerce(self, value: Any, source: str) -> Any:
        """Turn ``value`` (from TOML, the environment or code) into ``kind``."""
        try:
            value = _coerce(self.kind, value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{self.key} ({source}): {exc}") from None
        problem = self.check(value) if self.check else None
        if problem:
            raise ConfigError(f"{self.key} ({source}): {problem}")
        return value


def _coerce(kind: type, value: Any) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"}:
            return True
        if isinstance(value, str) and value.lower() in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"expected true or false, got {value!r}")
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"expected an integer, got {value!r}")
        if isinstance(value, str) and not value.strip().lstrip("+-").isdigit():
            raise ValueError(f"expected an integer, got {value!r}")
        return int(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)
    if kind is list:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return list(value)
        raise TypeError(f"expected a list of strings, got {value!r}")
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def at_least(minimum: float) -> Callable[[Any], str | None]:
    return lambda v: None if v >= minimum else f"must be at least {minimum}"


def one_of(*choices: str) -> Callable[[Any], str | None]:
    return lambda v: None if v in choices else f"must be one of {', '.join(choices)}"


# -- reading them back, once per app ---------------------------------------------


def _kept(app: Flask | None, slot: str, key: Hashable, make: Callable[[Flask], T]) -> T:
    # In app.extensions, never in a module: each app (each worker's, each
    # test's) has its own, and nothing outlives it. Of two threads making it
    # at once, both get the one stored first.
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    kept = app.extensions.setdefault(slot, {})
    if key not in kept:
        kept.setdefault(key, make(app))
    return kept[key]


def setting(key: str, parse: Callable[[Any], Any] | None = None) -> Any:
    """A field of a :class:`SettingsView` holding setting ``key`` (through ``parse``)."""
    return dataclass_field(metadata={_SETTING_KEY: key, _PARSE: parse})


class SettingsView:
    """Base of a feature's typed view (a frozen dataclass) of its settings.

    Each field declared with :func:`setting` names its key once, beside its
    type; :meth:`from_settings` fills them all. A view with derived values
    sets them in ``__post_init__`` or overrides :meth:`from_settings`.
    """

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Self:
        values = {}
        for item in dataclass_fields(cls):  # type: ignore[arg-type]
            if _SETTING_KEY in item.metadata:
                parse = item.metadata[_PARSE] or (lambda value: value)
                values[item.name] = parse(settings[item.metadata[_SETTING_KEY]])
        return cls(**values)


def view(build: Callable[[Mapping[str, Any]], T], app: Flask | None = None) -> T:
    """``build`` of the app's loaded settings, built the first time it is asked for.

    How every feature reads the configuration: ``build`` is a typed view's
    ``from_settings`` (or any function of the settings), and the app keeps
    what it returns.
    """
    return _kept(app, _VIEWS, build, lambda made_for: build(made_for.config[SETTINGS_CONFIG]))


def per_app(make: Callable[[Flask], T], app: Flask | None = None) -> T:
    """``make(app)``, made the first time it is asked for and kept by the app.

    For what derives from the settings and the key files: hashers, key rings,
    caches. A process serving one app makes each once.
    """
    return _kept(app, _PER_APP, make, make)


def keys_path(app: Flask | None = None) -> Path:
    """The app's keys folder: ``paths.keys``, resolved when the app was made."""
    return Path((app or current_app).config[KEYS_CONFIG])


@dataclass(frozen=True)
class SecretFile:
    """A secret of the keys folder: created by ``casecrowd init`` only, read once per app.

    Whatever the secret protects (fingerprints, sealed factors, retry entries)
    no longer matches a new one, so a missing file at run time raises
    ``missing`` naming it, never a reason to make another.
    """

    name: str
    missing: Callable[[str], Exception]

    def create(self, app: Flask) -> list[str]:
        """For a feature's key generator: the file if it is missing; the names created."""
        _, created = read_or_create_secret(keys_path(app) / self.name)
        return [self.name] if created else []

    def read(self, app: Flask | None = None) -> bytes:
        return per_app(self._load, app)

    def _load(self, app: Flask) -> bytes:
        return read_secret(keys_path(app) / self.name, self.missing)

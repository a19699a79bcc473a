"""Configuration: one typed registry of settings, loaded in a fixed order.

The registry is the core settings below and every feature's ``SETTINGS``
(:mod:`casecrowd.features`), each a :class:`casecrowd.settings.Setting`.
Order (later wins): the defaults, the TOML file named by
``CASECROWD_CONFIG``, ``CASECROWD_SECTION__KEY`` environment variables, and
finally the mapping handed to ``create_app`` (tests). Any key we do not know,
or a value of the wrong type, stops start-up with a message naming the key:
a typo in a privacy setting must never be silently ignored. Code reads the
loaded values through :func:`casecrowd.settings.view`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from casecrowd import features
from casecrowd.settings import ConfigError, Setting, at_least, one_of

ENV_FILE = "CASECROWD_CONFIG"
ENV_PREFIX = "CASECROWD_"
ENV_SEPARATOR = "__"


def _url_or_empty(value: str) -> str | None:
    if value and "://" not in value:
        return "must be a URL such as postgresql+psycopg://user@host/db, or empty"
    return None


CORE_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "server.public_url",
        "",
        "Public base URL of this deployment, as clients reach it (behind a proxy: the proxy's"
        " URL); the forum origin and the issuer name derive from it. Empty:"
        " http://<server.host>:<server.port>, the address `casecrowd serve` binds to.",
        check=lambda v: (
            None if not v or v.startswith(("http://", "https://")) else "must be an http(s) URL"
        ),
    ),
    Setting("server.host", "127.0.0.1", "Address `casecrowd serve` binds to."),
    Setting("server.port", 5000, "Port `casecrowd serve` listens on.", int, check=at_least(1)),
    Setting(
        "server.workers",
        1,
        "Worker processes for `casecrowd serve`; more than 1 runs gunicorn.",
        int,
        check=at_least(1),
    ),
    Setting(
        "server.max_body_bytes",
        262144,
        "Largest request body accepted; bigger bodies get 413.",
        int,
        check=at_least(1024),
    ),
    Setting(
        "paths.instance",
        "instance",
        "Folder for SQLite files and other local state (relative to the working directory).",
    ),
    Setting(
        "paths.keys",
        "keys",
        "Folder for key files: the app secret, the issuer keys, the desk pepper. Never commit it.",
    ),
    Setting(
        "database.identity_url",
        "",
        "SQLAlchemy URL of the identity database (desk + issuer). Empty: SQLite in the instance"
        " folder.",
        secret=True,
        check=_url_or_empty,
    ),
    Setting(
        "database.forum_url",
        "",
        "SQLAlchemy URL of the forum database. Empty: SQLite in the instance folder.",
        secret=True,
        check=_url_or_empty,
    ),
    Setting("database.echo", False, "Log every SQL statement (development only).", bool),
    Setting(
        "ratelimit.storage_url",
        "memory://",
        "Where rate-limit counters live. memory:// (the embedded default): in the process, and"
        " under gunicorn (`serve --workers N`) in <paths.instance>/ratelimit.sqlite3, shared"
        " exactly by the workers of this host. redis://host:6379/0: shared by every worker"
        " and host; needed when several hosts serve one deployment. Counters are keyed by"
        " HMACs (of pseudonyms, keys, credential fingerprints; never addresses) and expire"
        " with their windows.",
        secret=True,
        check=lambda v: (
            None
            if v.startswith(("memory://", "redis://", "rediss://"))
            else "must be memory:// or a redis:// URL"
        ),
    ),
    Setting(
        "logging.level",
        "INFO",
        "Log level of the application loggers.",
        check=one_of("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
    Setting(
        "logging.requests",
        True,
        "Write one structured line per request on its role's logger (casecrowd.desk, .issuer,"
        " .forum, .staff, .health, .api, .web). Token requests, registrations and session"
        " openings never get one; `casecrowd metrics` counts every request by the hour.",
        bool,
    ),
)


# Addresses that mean "every interface": a client cannot connect to them, so a
# derived public URL names the loopback address of the same family instead.
WILDCARD_HOSTS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104


def public_url(settings: Mapping[str, Any]) -> str:
    """The deployment's base URL: ``server.public_url``, or the bound address when empty.

    Deriving it from ``server.host``/``server.port`` keeps ``serve --port N``
    working with no other setting: the issuer name, the forum origin and the
    directory all name the address clients actually reach.
    """
    explicit = settings["server.public_url"]
    if explicit:
        return explicit.rstrip("/")
    host = settings["server.host"]
    host = WILDCARD_HOSTS.get(host, host)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings['server.port']}"


def registry() -> dict[str, Setting]:
    settings = {s.key: s for s in CORE_SETTINGS}
    for setting in features.settings():
        if setting.key in settings:
            raise ConfigError(f"{setting.key}: defined twice")
        settings[setting.key] = setting
    return settings


def flatten(mapping: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested tables become dotted keys: {"issuer": {"x": 1}} -> ("issuer.x", 1)."""
    for key, value in mapping.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten(value, f"{dotted}.")
        else:
            yield dotted, value


def _env_overrides(environ: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    # Only SECTION__KEY names are settings; other CASECROWD_* variables (the
    # config file path, the client's passphrase) belong to other parts.
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX) and ENV_SEPARATOR in name:
            rest = name[len(ENV_PREFIX) :].lower()
            yield rest.replace(ENV_SEPARATOR, "."), value, name


def load(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return the effective settings as a flat ``{dotted key: value}`` dict."""
    environ = os.environ if environ is None else environ
    known = registry()
    retired = features.retired()
    values = {key: setting.default for key, setting in known.items()}

    def apply(items: Iterable[tuple[str, Any]], source: str) -> None:
        for key, raw in items:
            if key in retired:
                raise ConfigError(f"{key} ({source}): no longer a setting: {retired[key]}")
            if key not in known:
                raise ConfigError(f"{key} ({source}): unknown setting")
            values[key] = known[key].coerce(raw, source)

    config_file = environ.get(ENV_FILE)
    if config_file:
        apply(flatten(read_toml(Path(config_file))), config_file)
    for key, raw, name in _env_overrides(environ):
        apply([(key, raw)], f"environment variable {name}")
    if overrides:
        apply(flatten(overrides), "create_app argument")
    return values


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{ENV_FILE}: no such file {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{ENV_FILE}: {path} is not valid TOML: {exc}") from None


def mask(key: str, value: Any) -> Any:
    """Hide what must not be printed: URL passwords, and any secret setting."""
    setting = registry().get(key)
    if not setting or not setting.secret or not value:
        return value
    if isinstance(value, str) and "://" in value:
        parts = urlsplit(value)
        if parts.password:
            host = parts.hostname or ""
            netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
            return urlunsplit(parts._replace(netloc=netloc))
        return value
    return "***"


def render_toml(values: Mapping[str, Any], *, with_help: bool) -> str:
    """Write settings as TOML, grouped by section, each with its help line."""
    known = registry()
    sections: dict[str, list[str]] = {}
    for key in known:
        section, _, name = key.rpartition(".")
        lines = sections.setdefault(section, [])
        if with_help:
            lines.append(f"# {known[key].help}")
        lines.append(f"{name} = {_toml_value(values[key])}")
    out = []
    for section, lines in sections.items():
        out.append(f"[{section}]")
        out.extend(lines)
        out.append("")
    return "\n".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

"""The server application: ``create_app`` builds one Flask app serving every role."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from casecrowd import api, bootstrap, config, db, problems, ratelimit, web
from casecrowd.desk.review_views import blp as desk_review
from casecrowd.desk.views import blp as desk
from casecrowd.forum.views import blueprints as forum_blueprints
from casecrowd.health.views import blp as health
from casecrowd.issuer.views import blp as issuer
from casecrowd.moderation.views import blueprints as moderation_blueprints
from casecrowd.settings import KEYS_CONFIG, SETTINGS_CONFIG
from casecrowd.staff.views import blp as staff


def _blueprints() -> list:
    # One blueprint per feature; importing them also loads every model module,
    # so each bind's metadata knows its tables.
    return [health, staff, desk, desk_review, issuer, *forum_blueprints(), *moderation_blueprints()]


def create_app(overrides: Mapping[str, Any] | None = None, *, prepare: bool = True) -> Flask:
    """Build the application: defaults < CASECROWD_CONFIG < environment < ``overrides``.

    ``prepare=False`` creates nothing on disk: operator commands use it so
    that one run in the wrong folder cannot leave a stray deployment behind.
    """
    settings = config.load(overrides)
    instance = Path(settings["paths.instance"]).resolve()
    app = Flask(__name__, instance_path=str(instance))
    app.config[SETTINGS_CONFIG] = settings
    app.config[KEYS_CONFIG] = str(Path(settings["paths.keys"]).resolve())
    app.config["MAX_CONTENT_LENGTH"] = settings["server.max_body_bytes"]
    app.config["SQLALCHEMY_ECHO"] = settings["database.echo"]
    urls = db.database_urls(settings, instance)
    app.config["SQLALCHEMY_BINDS"] = {
        bind: {"url": url, **db.engine_options(url)} for bind, url in urls.items()
    }
    app.json.sort_keys = False

    # The embedded default must start on an empty directory: folders and the
    # app secret are cheap and idempotent; schemas are upgraded by `init`.
    if prepare:
        bootstrap.ensure_folders(app)
    bootstrap.load_app_secret(app, create=prepare)

    db.init_app(app)
    web.init_app(app)
    ratelimit.init_app(app)
    rest = api.init_app(app)
    for blueprint in _blueprints():
        rest.register_blueprint(blueprint)
    problems.register(app)
    return app

"""The operator commands of ``casecrowd`` (init, serve, staff, desk, keys, ...).

They need the server, so :mod:`casecrowd.cli` loads this module only when one
of them runs; they run inside Flask's app context like ``flask`` commands.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import ScriptInfo, routes_command, shell_command, with_appcontext

from casecrowd import bootstrap, config, db, server
from casecrowd.app import create_app
from casecrowd.audit.cli import audit_group
from casecrowd.desk.cli import desk_group
from casecrowd.forum.cli import KEY_COMMANDS as FORUM_KEY_COMMANDS
from casecrowd.health.cli import metrics_command
from casecrowd.issuer.cli import keys_group
from casecrowd.maintenance import sweep_command
from casecrowd.staff.cli import staff_group

# Top-level commands that may create a deployment where there is none; every
# other command that needs the app refuses in one line instead.
_CREATING_COMMANDS = {"init", "serve"}
# Commands that read the configuration only, never the databases.
_CONFIG_ONLY_COMMANDS = {"config", "routes"}


def _top_command(ctx: click.Context | None) -> str:
    while ctx is not None and ctx.parent is not None and ctx.parent.parent is not None:
        ctx = ctx.parent
    return ctx.info_name if ctx is not None and ctx.info_name else ""


def _create_app():  # type: ignore[no-untyped-def]
    command = _top_command(click.get_current_context(silent=True))
    try:
        app = create_app(prepare=command in _CREATING_COMMANDS)
        if command not in _CREATING_COMMANDS | _CONFIG_ONLY_COMMANDS:
            bootstrap.require_initialized(app)
    except (config.ConfigError, bootstrap.NotInitialized) as exc:
        raise click.ClickException(str(exc)) from None
    return app


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the instance and key folders, generate missing keys, upgrade both databases.

    Idempotent: a second run changes nothing.
    """
    report = bootstrap.initialize(current_app)
    for path in report.created_paths:
        click.echo(f"created  {path}")
    for bind, (before, after) in report.migrated.items():
        state = "upgraded" if before != after else "current "
        click.echo(f"{state} {bind} database at revision {after}")
    if not report.changed:
        click.echo("nothing to do")


@click.command("serve")
@click.option("--host", default=None, help="Address to bind (default: server.host).")
@click.option("--port", type=int, default=None, help="Port to listen on (default: server.port).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes; more than 1 runs gunicorn (default: server.workers).",
)
@with_appcontext
def serve_command(host: str | None, port: int | None, workers: int | None) -> None:
    """Initialise if needed, then serve the API (SQLite and generated keys by default).

    With server.public_url left empty, --host and --port also set the URL
    that the directory, the issuer name and the forum origin name.
    """
    settings = current_app.config["CASECROWD"]
    bound = {"host": host or settings["server.host"], "port": port or settings["server.port"]}
    workers = workers or settings["server.workers"]
    # Rebuilt with the bound address, so that a derived public URL follows it.
    app = create_app({"server": bound})
    bootstrap.initialize(app)
    url = config.public_url(app.config["CASECROWD"])
    click.echo(f"CaseCrowd on {url}/api/v1/health ({workers} worker(s))")
    for warning in server.address_warnings(app.config["CASECROWD"]):
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    if workers > 1:
        server.run_gunicorn(bound["host"], bound["port"], workers)
    else:
        server.run_development(app, bound["host"], bound["port"])


@click.group("config")
def config_group() -> None:
    """Inspect configuration."""


@config_group.command("show")
@with_appcontext
def config_show() -> None:
    """Print the effective configuration as TOML, secrets masked."""
    settings = current_app.config["CASECROWD"]
    masked = {key: config.mask(key, value) for key, value in settings.items()}
    click.echo(config.render_toml(masked, with_help=False), nl=False)


@config_group.command("example")
def config_example() -> None:
    """Print a configuration file documenting every key with its default."""
    defaults = {key: setting.default for key, setting in config.registry().items()}
    header = (
        "# CaseCrowd configuration. Point CASECROWD_CONFIG at a copy of this file,\n"
        "# or override one key with CASECROWD_SECTION__KEY=value in the environment.\n"
        "# Every key is shown with its default.\n\n"
    )
    click.echo(header + config.render_toml(defaults, with_help=True), nl=False)


@click.group("db")
def db_group() -> None:
    """Database schema commands (one Alembic history per database)."""


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Show each database's schema revision."""
    for bind in db.BINDS:
        click.echo(f"{bind}: {db.current_revision(bind) or 'empty'}")


@db_group.command("revision")
@click.argument("bind", type=click.Choice(db.BINDS))
@click.option("-m", "--message", required=True, help="What the migration does.")
@with_appcontext
def db_revision(bind: str, message: str) -> None:
    """Autogenerate a migration for BIND from the models (database must be at head)."""
    from alembic import command

    cfg = db.alembic_config(bind)
    with db.engine(bind).begin() as connection:
        cfg.attributes["connection"] = connection
        cfg.attributes["target_metadata"] = db.metadata(bind)
        command.revision(cfg, message=message, autogenerate=True)


for forum_key_command in FORUM_KEY_COMMANDS:  # the forum's revocation list, in the same group
    keys_group.add_command(forum_key_command)

# Flask's own `run` is left out on purpose: its request log prints client
# addresses. `serve` replaces it.
COMMANDS: dict[str, click.Command] = {
    command.name: command
    for command in (
        init_command,
        serve_command,
        config_group,
        db_group,
        shell_command,
        routes_command,
        staff_group,
        desk_group,
        keys_group,
        sweep_command,
        metrics_command,
        audit_group,  # builds its own throwaway deployment
    )
    if command.name
}


def command(ctx: click.Context, name: str) -> click.Command | None:
    """The operator command ``name``, with Flask's script info on the top context.

    Flask's ``with_appcontext`` builds the app from the ScriptInfo it finds on
    the context; a caller (Flask's test runner) may have put its own there.
    """
    if ctx.obj is None:
        ctx.obj = ScriptInfo(create_app=_create_app, set_debug_flag=False)
    return COMMANDS.get(name)

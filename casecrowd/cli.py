"""``casecrowd``: the one command, for operators now and physicians' clients later."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext

from casecrowd import bootstrap, config, create_app, db, server
from casecrowd.audit.cli import audit_group
from casecrowd.client.cli import COMMANDS as CLIENT_COMMANDS
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


class CaseCrowdGroup(FlaskGroup):
    """Flask's group, except that listing the commands does not build the app.

    Every command is registered on this group itself; building the app only
    to print ``--help`` would create ``instance/`` and ``keys/`` in the
    working directory of a physician who only ever runs client verbs.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return click.Group.list_commands(self, ctx)


# Flask's own `run` is left out on purpose: its request log prints client
# addresses. `serve` replaces it.
@click.group(
    cls=CaseCrowdGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
@click.version_option(package_name="casecrowd", prog_name="casecrowd")
def cli() -> None:
    """CaseCrowd: verified physicians discussing cases under pseudonyms.

    Configuration comes from the TOML file named by CASECROWD_CONFIG and from
    CASECROWD_SECTION__KEY environment variables (see config.example.toml).
    """


cli.add_command(shell_command)
cli.add_command(routes_command)
cli.add_command(staff_group)
cli.add_command(desk_group)
cli.add_command(keys_group)
for forum_key_command in FORUM_KEY_COMMANDS:  # the forum's revocation list, in the same group
    keys_group.add_command(forum_key_command)
cli.add_command(sweep_command)
cli.add_command(metrics_command)
cli.add_command(audit_group)  # builds its own throwaway deployment
for client_command in CLIENT_COMMANDS:  # physicians' verbs; they never build the app
    cli.add_command(client_command)


@cli.command("init")
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


@cli.command("serve")
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


@cli.group("config")
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


@cli.group("db")
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


def main() -> None:
    cli(prog_name="casecrowd")

import hashlib
from pathlib import Path

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from casecrowd import db
from casecrowd.app import create_app
from casecrowd.cli import cli


def snapshot(app) -> dict:
    """Everything `init` may touch: key files, instance files' names, schemas."""
    keys = Path(app.config["CASECROWD_KEYS"])
    state = {
        "keys": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in keys.iterdir()},
        "modes": {p.name: p.stat().st_mode for p in keys.iterdir()},
    }
    with app.app_context():
        for bind in db.BINDS:
            inspector = sa.inspect(db.engine(bind))
            state[bind] = {
                "revision": db.current_revision(bind),
                "tables": {t: len(inspector.get_columns(t)) for t in inspector.get_table_names()},
            }
    return state


@pytest.fixture
def fresh_app(fresh_database_urls, tmp_path):
    urls = fresh_database_urls()
    return create_app(
        {
            "paths": {"instance": str(tmp_path / "inst"), "keys": str(tmp_path / "keys")},
            "database": {"identity_url": urls["identity"], "forum_url": urls["forum"]},
        }
    )


def test_init_twice_changes_nothing_the_second_time(fresh_app):
    runner = fresh_app.test_cli_runner()
    first = runner.invoke(cli, ["init"])
    assert first.exit_code == 0, first.output
    assert "upgraded identity" in first.output
    assert "upgraded forum" in first.output
    after_first = snapshot(fresh_app)
    second = runner.invoke(cli, ["init"])
    assert second.exit_code == 0, second.output
    assert "nothing to do" in second.output
    assert snapshot(fresh_app) == after_first


def test_init_creates_keys_folder_private(fresh_app):
    fresh_app.test_cli_runner().invoke(cli, ["init"])
    keys = Path(fresh_app.config["CASECROWD_KEYS"])
    assert keys.stat().st_mode & 0o777 == 0o700
    for key_file in keys.iterdir():
        assert key_file.stat().st_mode & 0o777 == 0o600, key_file


def test_app_secret_survives_restarts(fresh_app, tmp_path):
    again = create_app(
        {
            "paths": {"instance": str(tmp_path / "inst"), "keys": str(tmp_path / "keys")},
        }
    )
    assert again.config["SECRET_KEY"] == fresh_app.config["SECRET_KEY"]
    assert len(fresh_app.config["SECRET_KEY"]) >= 64


def test_config_show_masks_secrets(make_app):
    app = make_app(
        {"ratelimit": {"storage_url": "redis://:topsecret@127.0.0.1:6379/0"}}, initialize=False
    )
    result = app.test_cli_runner().invoke(cli, ["config", "show"])
    assert result.exit_code == 0, result.output
    assert "topsecret" not in result.output
    assert 'storage_url = "redis://:***@127.0.0.1:6379/0"' in result.output
    assert "[server]" in result.output


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_has_useful_help(app):
    runner = app.test_cli_runner()
    commands = list(all_commands(cli))
    assert {("init",), ("serve",), ("config", "show")} <= {path for path, _ in commands}
    for path, command in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert command.help or command.short_help, path
        assert len((command.help or "").strip()) >= 10, path


def test_version_names_casecrowd(app):
    result = app.test_cli_runner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("casecrowd")


def test_help_builds_no_app_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for verb in ("init", "serve", "staff", "keys", "apply", "tokens", "demo"):
        assert verb in result.output
    assert list(tmp_path.iterdir()) == []

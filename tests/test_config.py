from pathlib import Path

import pytest

from casecrowd import config
from casecrowd.app import create_app
from casecrowd.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.toml"


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_defaults_apply_without_any_source():
    values = config.load(environ={})
    assert values["server.max_body_bytes"] == 262144
    assert values["database.identity_url"] == ""
    assert values["ratelimit.storage_url"] == "memory://"


def test_precedence_file_then_environment_then_argument(tmp_path):
    config_file = write(
        tmp_path / "c.toml",
        '[server]\nport = 6000\nhost = "0.0.0.0"\nworkers = 3\n[logging]\nlevel = "DEBUG"\n',
    )
    environ = {
        "CASECROWD_CONFIG": config_file,
        "CASECROWD_SERVER__HOST": "10.0.0.1",
        "CASECROWD_SERVER__WORKERS": "4",
    }
    values = config.load({"server": {"workers": 5}}, environ=environ)
    assert values["logging.level"] == "DEBUG"  # file only
    assert values["server.port"] == 6000  # file beats default
    assert values["server.host"] == "10.0.0.1"  # environment beats file
    assert values["server.workers"] == 5  # argument beats environment


def test_argument_accepts_dotted_keys():
    assert config.load({"server.port": 7000}, environ={})["server.port"] == 7000


def test_create_app_reads_file_named_by_environment(tmp_path, monkeypatch):
    config_file = write(tmp_path / "c.toml", "[server]\nmax_body_bytes = 4096\n")
    monkeypatch.setenv("CASECROWD_CONFIG", config_file)
    app = create_app({"paths": {"instance": str(tmp_path / "i"), "keys": str(tmp_path / "k")}})
    assert app.config["MAX_CONTENT_LENGTH"] == 4096


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"file": "[server]\nprot = 1\n"}, "server.prot"),
        ({"file": "[nonsense]\nx = 1\n"}, "nonsense.x"),
        ({"env": {"CASECROWD_SERVER__PROT": "1"}}, "server.prot"),
        ({"arg": {"server": {"prot": 1}}}, "server.prot"),
    ],
)
def test_unknown_key_stops_startup_naming_it(tmp_path, source, expected):
    environ = dict(source.get("env", {}))
    if "file" in source:
        environ["CASECROWD_CONFIG"] = write(tmp_path / "c.toml", source["file"])
    with pytest.raises(config.ConfigError, match="unknown setting") as excinfo:
        config.load(source.get("arg"), environ=environ)
    assert expected in str(excinfo.value)


@pytest.mark.parametrize(
    ("arg", "key"),
    [
        ({"server": {"port": "eighty"}}, "server.port"),
        ({"server": {"port": 0}}, "server.port"),
        ({"server": {"public_url": "ftp://x"}}, "server.public_url"),
        ({"database": {"forum_url": "not a url"}}, "database.forum_url"),
        ({"logging": {"level": "LOUD"}}, "logging.level"),
        ({"database": {"echo": "maybe"}}, "database.echo"),
        ({"ratelimit": {"storage_url": "mongodb://x"}}, "ratelimit.storage_url"),
        ({"server": {"max_body_bytes": True}}, "server.max_body_bytes"),
    ],
)
def test_invalid_value_stops_startup_naming_the_key(arg, key):
    with pytest.raises(config.ConfigError) as excinfo:
        config.load(arg, environ={})
    assert str(excinfo.value).startswith(key)


def test_invalid_environment_value_names_the_variable():
    with pytest.raises(config.ConfigError, match="CASECROWD_SERVER__PORT"):
        config.load(environ={"CASECROWD_SERVER__PORT": "x"})


def test_other_casecrowd_variables_are_not_settings():
    values = config.load(environ={"CASECROWD_PASSPHRASE": "x", "CASECROWD_SERVER": "y"})
    assert values["server.host"] == "127.0.0.1"


def test_broken_or_missing_config_file_is_reported(tmp_path):
    with pytest.raises(config.ConfigError, match="no such file"):
        config.load(environ={"CASECROWD_CONFIG": str(tmp_path / "missing.toml")})
    broken = write(tmp_path / "b.toml", "[server\n")
    with pytest.raises(config.ConfigError, match="not valid TOML"):
        config.load(environ={"CASECROWD_CONFIG": broken})


def test_mask_hides_passwords_and_secrets():
    url = "postgresql+psycopg://app:hunter2@db.internal:5432/forum"
    masked = config.mask("database.forum_url", url)
    assert "hunter2" not in masked
    assert masked == "postgresql+psycopg://app:***@db.internal:5432/forum"
    assert config.mask("server.port", 5000) == 5000


def test_example_file_documents_every_key_with_its_default():
    example = config.read_toml(EXAMPLE)
    flat = dict(config.flatten(example))
    registry = config.registry()
    assert set(flat) == set(registry)
    for key, setting in registry.items():
        assert flat[key] == setting.default, key
    text = EXAMPLE.read_text()
    for setting in registry.values():
        assert f"# {setting.help}" in text


def test_config_example_command_matches_committed_file(capsys):
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["config", "example"], prog_name="casecrowd")
    assert excinfo.value.code == 0
    assert capsys.readouterr().out == EXAMPLE.read_text()

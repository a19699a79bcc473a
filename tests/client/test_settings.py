"""The client's own settings: servers, wallet and redemption delay, in a fixed order."""

from __future__ import annotations

from pathlib import Path

import pytest

from casecrowd.client import settings
from casecrowd.client.errors import ClientError, ExitCode


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "client.toml"
    path.write_text(text)
    return path


def test_no_file_means_defaults(tmp_path):
    assert settings.read_config(tmp_path / "absent.toml") == {}
    endpoints = settings.resolve_endpoints(None, {})
    assert endpoints == settings.Endpoints.single(settings.DEFAULT_SERVER)


def test_a_named_file_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.CONFIG_ENV, str(tmp_path / "absent.toml"))
    with pytest.raises(ClientError, match="no such file") as raised:
        settings.read_config()
    assert raised.value.exit_code == ExitCode.USAGE


def test_the_order_option_then_file_then_wallet_then_default(tmp_path):
    remembered = {"desk": "http://remembered.example", "forum": "http://remembered.example"}
    config = settings.read_config(write(tmp_path, '[client]\nserver = "http://file.example/"\n'))
    assert settings.resolve_endpoints("http://option.example", config, remembered).desk == (
        "http://option.example"
    )
    assert settings.resolve_endpoints(None, config, remembered).forum == "http://file.example"
    from_wallet = settings.resolve_endpoints(None, {}, remembered)
    assert (from_wallet.desk, from_wallet.issuer) == (
        "http://remembered.example",
        settings.DEFAULT_SERVER,
    )


def test_roles_may_have_their_own_urls(tmp_path):
    config = settings.read_config(
        write(
            tmp_path,
            '[client]\nserver = "https://id.example"\nforum = "https://Forum.Example:8443/x"\n',
        )
    )
    endpoints = settings.resolve_endpoints(None, config)
    assert (endpoints.desk, endpoints.issuer) == ("https://id.example", "https://id.example")
    assert endpoints.origin == "https://forum.example:8443"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[client]\nservr = "http://x"\n', "client.servr is not a client setting"),
        ('[clients]\nserver = "http://x"\n', "unknown table"),
        ("[client]\nmin_redeem_delay = 3600\n", "no longer a setting: each token now has"),
        ("[client]\nserver = 5\n", "must be a str"),
        ("[client\n", "not a readable TOML file"),
    ],
)
def test_mistakes_in_the_file_are_named(tmp_path, text, message):
    with pytest.raises(ClientError, match=message):
        settings.read_config(write(tmp_path, text))


def test_urls_must_be_http(tmp_path):
    with pytest.raises(ClientError, match="not an http"):
        settings.resolve_endpoints("ftp://example.org", {})
    with pytest.raises(ClientError, match="not an http"):
        settings.resolve_endpoints(None, {"server": "example.org"})


def test_wallet_location(tmp_path):
    config = settings.read_config(write(tmp_path, '[client]\nwallet = "~/w"\n'))
    assert settings.wallet_path(None, config) == Path("~/w").expanduser()
    assert settings.wallet_path(tmp_path / "x", config) == tmp_path / "x"

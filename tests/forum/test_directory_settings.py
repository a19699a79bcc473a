"""Where the forum reads the issuer keys: a remote directory must be https, and names the issuer."""

from __future__ import annotations

import pytest

from casecrowd import config
from casecrowd.forum.context import from_settings

DIRECTORY_PATH = "/.well-known/private-token-issuer-directory"


@pytest.mark.parametrize(
    "url",
    ["http://issuer.example", "http://10.0.0.7:8000", "HTTP://issuer.example", "http://[::2]"],
)
def test_a_remote_plain_http_directory_is_refused_at_start_up(make_app, url):
    # Whoever answers a plain-http fetch on the way would choose the keys.
    with pytest.raises(config.ConfigError, match=r"^forum\.issuer_directory .*https"):
        make_app({"forum": {"issuer_directory": url + DIRECTORY_PATH}}, initialize=False)


@pytest.mark.parametrize(
    "url",
    [
        "https://issuer.example",
        "http://127.0.0.1:5000",
        "http://127.8.9.10",
        "http://localhost:5000",
        "http://[::1]:5000",
    ],
)
def test_https_and_loopback_directories_are_accepted(url):
    settings = config.load({"forum": {"issuer_directory": url + DIRECTORY_PATH}}, environ={})
    assert settings["forum.issuer_directory"] == url + DIRECTORY_PATH


@pytest.mark.parametrize(
    ("directory", "expected"),
    [
        ("https://Issuer.Example:8443" + DIRECTORY_PATH, "issuer.example:8443"),
        ("https://issuer.example" + DIRECTORY_PATH, "issuer.example"),
        ("", "forum.example"),
        ("/srv/keys/issuer-directory.json", "forum.example"),
    ],
)
def test_the_issuer_name_defaults_to_where_the_directory_is(directory, expected):
    overrides = {
        "server": {"public_url": "https://forum.example"},
        "forum": {"issuer_directory": directory},
    }
    assert from_settings(config.load(overrides, environ={})).issuer_name == expected


def test_a_configured_issuer_name_wins():
    overrides = {
        "forum": {
            "issuer_directory": "https://issuer.example" + DIRECTORY_PATH,
            "issuer_name": "named.example",
        }
    }
    assert from_settings(config.load(overrides, environ={})).issuer_name == "named.example"

"""The issuer directory: the same bytes for everyone, current and next key, cache headers."""

import time
from pathlib import Path

from casecrowd.cli import cli
from casecrowd.crypto import privacypass
from casecrowd.crypto.keys import load_private_key, public_key_spki
from casecrowd.issuer import epochs
from tests.issuer.support import (
    DIRECTORY_PATH,
    DIRECTORY_TYPE,
    EPOCH_SECONDS,
    FAST_ARGON2,
    current_epoch,
    new_member,
)


def test_every_caller_gets_the_same_bytes_and_headers(app, client):
    _, secret = new_member(app)
    other = app.test_client()

    first = client.get(DIRECTORY_PATH)
    second = other.get(
        DIRECTORY_PATH,
        headers={"Authorization": f"Membership {secret}", "User-Agent": "another/1.0"},
    )

    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    for header in ("Content-Type", "ETag", "Cache-Control"):
        assert first.headers[header] == second.headers[header], header
    assert first.headers["Content-Type"] == DIRECTORY_TYPE
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    assert "Set-Cookie" not in first.headers and "Vary" not in first.headers


def test_the_directory_lists_the_current_key_from_the_start_of_its_epoch(app, client, keys_dir):
    document = client.get(DIRECTORY_PATH).get_json(force=True)

    request_uri, keys = privacypass.parse_issuer_directory(document)
    # Relative to the directory's URL (RFC 9578 §4): a proxy in front of the
    # issuer receives the token requests too, not only the directory fetch.
    assert request_uri == "/api/v1/issuer/token-requests"
    epoch = current_epoch()
    current = next(k for k in keys if k.not_before == epochs.epoch_start(epoch, EPOCH_SECONDS))
    private = load_private_key(keys_dir / f"issuer-epoch-{epoch}.pem")
    assert current.spki == public_key_spki(private.public_key())
    assert all(entry["token-type"] == 2 for entry in document["token-keys"])
    assert all(
        k.not_before <= time.time() < k.not_before + EPOCH_SECONDS or k.not_before > time.time()
        for k in keys
    )


def test_caches_keep_it_no_longer_than_the_setting_and_the_epoch(make_app):
    capped = make_app({**FAST_ARGON2, "issuer": {"directory_max_age_seconds": 120}})
    response = capped.test_client().get(DIRECTORY_PATH)
    assert response.headers["Cache-Control"] == "public, max-age=120"

    uncapped = make_app({**FAST_ARGON2, "issuer": {"directory_max_age_seconds": 10**9}})
    response = uncapped.test_client().get(DIRECTORY_PATH)
    max_age = int(response.headers["Cache-Control"].rpartition("=")[2])
    until_next_epoch = (current_epoch() + 1) * EPOCH_SECONDS - time.time()
    assert abs(max_age - until_next_epoch) <= 5


def test_a_conditional_request_with_the_etag_gets_304(client):
    first = client.get(DIRECTORY_PATH)

    again = client.get(DIRECTORY_PATH, headers={"If-None-Match": first.headers["ETag"]})
    stale = client.get(DIRECTORY_PATH, headers={"If-None-Match": '"something-else"'})

    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert stale.status_code == 200
    assert stale.data == first.data


def test_the_directory_file_holds_the_served_bytes(client, keys_dir):
    served = client.get(DIRECTORY_PATH).data

    assert (keys_dir / "issuer-directory.json").read_bytes() == served
    assert (keys_dir / "issuer-directory.json").stat().st_mode & 0o777 == 0o600


def test_a_rotation_while_serving_is_published_at_once(own_keys_app):
    app = own_keys_app()
    client = app.test_client()
    before = client.get(DIRECTORY_PATH)
    assert len(before.get_json(force=True)["token-keys"]) == 1

    result = app.test_cli_runner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 0, result.output

    after = client.get(DIRECTORY_PATH)
    entries = after.get_json(force=True)["token-keys"]
    assert [e["not-before"] for e in entries] == [
        epochs.epoch_start(current_epoch() + n, EPOCH_SECONDS) for n in (0, 1)
    ]
    assert entries[0] == before.get_json(force=True)["token-keys"][0]
    assert after.headers["ETag"] != before.headers["ETag"]
    assert (
        client.get(DIRECTORY_PATH, headers={"If-None-Match": before.headers["ETag"]}).status_code
        == 200
    )
    keys_folder = Path(app.config["CASECROWD_KEYS"])
    assert (keys_folder / "issuer-directory.json").read_bytes() == after.data

"""Epoch boundaries: the next key waits for its not-before, then signs with a fresh quota."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casecrowd.cli import cli
from casecrowd.crypto import privacypass
from casecrowd.issuer import epochs, service
from casecrowd.issuer.errors import UnknownTokenKey
from casecrowd.issuer.keys import key_store, keyring
from tests.issuer.support import (
    CHALLENGE,
    EPOCH_SECONDS,
    current_epoch,
    current_key,
    issued,
    new_member,
    post_token_request,
    read_directory,
    token_request,
)


def rotated(own_keys_app):
    app = own_keys_app()
    result = app.test_cli_runner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = key_store().load()
    return app, stored


def test_the_next_epochs_key_is_refused_until_its_not_before(own_keys_app):
    app, stored = rotated(own_keys_app)
    client = app.test_client()
    membership_id, secret = new_member(app)
    upcoming = stored[current_epoch() + 1]
    _, published = read_directory(client)
    assert upcoming.spki in [k.spki for k in published]

    response = post_token_request(client, secret, token_request(upcoming.spki)[0])

    assert response.status_code == 422
    assert response.get_json()["type"].endswith(":token-key-unknown")
    boundary = epochs.format_boundary(upcoming.not_before)
    assert f"not in force until {boundary}" in response.get_json()["detail"]
    assert issued(app, membership_id) == 0


def test_at_the_boundary_the_next_key_signs_and_the_quota_starts_afresh(own_keys_app):
    app, stored = rotated(own_keys_app)
    client = app.test_client()
    membership_id, secret = new_member(app)
    epoch = current_epoch()
    old_spki = current_key(client).spki
    for _ in range(3):
        assert post_token_request(client, secret, token_request(old_spki)[0]).status_code == 200
    assert post_token_request(client, secret, token_request(old_spki)[0]).status_code == 429
    next_start = datetime.fromtimestamp(stored[epoch + 1].not_before, UTC)
    new_spki = stored[epoch + 1].spki

    with app.app_context():
        body, state = token_request(new_spki)
        answer = service.issue_token(membership_id, body, now=next_start)
        with pytest.raises(UnknownTokenKey):
            service.issue_token(membership_id, token_request(old_spki)[0], now=next_start)

    token = privacypass.Client.finalize(state, privacypass.TokenResponse.deserialize(answer))
    assert privacypass.verify_token(token, CHALLENGE, [new_spki]) == new_spki
    assert issued(app, membership_id, epoch) == 3
    assert issued(app, membership_id, epoch + 1) == 1


def test_an_epoch_nobody_prepared_a_key_for_gets_one_when_it_starts(own_keys_app):
    app = own_keys_app()
    folder = Path(app.config["CASECROWD_KEYS"])
    epoch = current_epoch()
    next_start = datetime.fromtimestamp(epochs.epoch_start(epoch + 1, EPOCH_SECONDS), UTC)
    assert not (folder / f"issuer-epoch-{epoch + 1}.pem").exists()

    with app.app_context():
        published = keyring().directory(next_start)

    assert (folder / f"issuer-epoch-{epoch + 1}.pem").exists()
    _, keys = privacypass.parse_issuer_directory(json.loads(published.body))
    assert [k.not_before for k in keys] == [epochs.epoch_start(epoch + 1, EPOCH_SECONDS)]
    assert (folder / "issuer-directory.json").read_bytes() == published.body

"""What the issuer keeps: counts per membership per epoch, and retry entries that name no one."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd import db
from casecrowd.cli import cli
from casecrowd.config import ConfigError, load
from casecrowd.issuer import epochs, retries
from casecrowd.issuer.models import RetryEntry
from casecrowd.keyfiles import read_secret
from casecrowd.maintenance import sweep
from casecrowd.settings import keys_path
from tests.issuer.support import (
    EPOCH_SECONDS,
    current_epoch,
    current_key,
    issued,
    new_member,
    post_token_request,
    token_request,
)


def all_identity_values(app):
    """Every value of every row of every table of the identity database."""
    with app.app_context():
        engine = db.engine("identity")
        tables = sa.MetaData()
        tables.reflect(engine)
        with engine.connect() as conn:
            for table in tables.sorted_tables:
                for row in conn.execute(table.select()):
                    yield from ((table.name, value) for value in row)


def spellings(secret: bytes) -> list:
    encoded = [secret.hex(), base64.b64encode(secret), base64.urlsafe_b64encode(secret)]
    return [secret] + [s if isinstance(s, str) else s.decode().rstrip("=") for s in encoded]


def holds(app, secret: bytes) -> set[str]:
    """Tables holding ``secret`` raw, as hex or as base64, in any column."""
    found = set()
    for table, value in all_identity_values(app):
        data = bytes(value) if isinstance(value, bytes | memoryview) else value
        if isinstance(data, bytes | str) and any(
            type(s) is type(data) and s in data for s in spellings(secret)
        ):
            found.add(table)
    return found


def issuer_columns(app):
    with app.app_context():
        inspector = sa.inspect(db.engine("identity"))
        return {
            table: {c["name"]: c["type"] for c in inspector.get_columns(table)}
            for table in inspector.get_table_names()
            if table.startswith("issuer_")
        }


def retry_rows(app):
    with app.app_context(), db.engine("identity").connect() as conn:
        rows = conn.execute(sa.text("SELECT entry_key, epoch FROM issuer_retry_entries"))
        return [(bytes(key), epoch) for key, epoch in rows]


def test_the_issuer_stores_no_time_and_no_request(app):
    columns = issuer_columns(app)

    assert set(columns) == {"issuer_token_counts", "issuer_retry_entries"}
    assert set(columns["issuer_token_counts"]) == {"membership_id", "epoch", "issued"}
    assert all(isinstance(kind, sa.Integer) for kind in columns["issuer_token_counts"].values())
    assert set(columns["issuer_retry_entries"]) == {"entry_key", "response", "epoch"}
    assert isinstance(columns["issuer_retry_entries"]["epoch"], sa.Integer)
    timed = [
        (table, name)
        for table, cols in columns.items()
        for name, kind in cols.items()
        if isinstance(kind, sa.DateTime | sa.Date | sa.Time | sa.Interval)
    ]
    assert timed == []


def test_a_retry_entry_names_neither_the_membership_nor_the_request(app, client):
    membership_id, secret = new_member(app)
    body, _ = token_request(current_key(client).spki)
    response = post_token_request(client, secret, body)
    assert response.status_code == 200
    blinded_msg, signature = body[3:], response.data

    ((key, epoch),) = retry_rows(app)
    assert epoch == current_epoch()
    with app.app_context():
        retry_secret = read_secret(keys_path() / retries.RETRY_SECRET_FILE, RuntimeError)
    digest = hashlib.sha256(body).digest()
    message = membership_id.to_bytes(8, "big") + digest
    assert key == hmac.new(retry_secret, message, hashlib.sha256).digest()
    # Neither the body, its digest nor the membership id is stored, in any spelling.
    assert holds(app, blinded_msg) == set()
    assert holds(app, digest) == set()
    assert digest not in key and membership_id.to_bytes(8, "big") not in key
    assert holds(app, signature) == {"issuer_retry_entries"}


def test_the_entry_key_needs_the_retry_secret(own_keys_app, app):
    body = bytes(range(256)) + b"\x00\x02\x07"
    keys = []
    for made in (app, own_keys_app()):
        with made.app_context():
            keys.append(retries.entry_key(7, body))
            assert retries.entry_key(7, body) == keys[-1]
            assert retries.entry_key(8, body) != keys[-1]
    assert keys[0] != keys[1]


def test_init_creates_the_retry_secret(own_keys_app):
    app = own_keys_app()
    path = keys_path(app) / retries.RETRY_SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(path.read_text().strip()) == 64


def test_a_token_request_deletes_no_other_entry(app, client):
    _, first_secret = new_member(app)
    _, second_secret = new_member(app)
    spki = current_key(client).spki
    assert post_token_request(client, first_secret, token_request(spki)[0]).status_code == 200
    with app.app_context():
        db.db.session.add(RetryEntry(entry_key=b"\x01" * 32, response=b"\x02" * 256, epoch=1))
        db.db.session.commit()

    assert post_token_request(client, second_secret, token_request(spki)[0]).status_code == 200

    # Entries of ended epochs wait for the sweep: a request deletes nothing.
    assert sorted(epoch for _, epoch in retry_rows(app)) == [1, current_epoch(), current_epoch()]


def test_after_the_epoch_the_sweep_leaves_only_counts(app, client):
    membership_id, secret = new_member(app)
    response = post_token_request(client, secret, token_request(current_key(client).spki)[0])
    assert response.status_code == 200
    this_epoch = current_epoch()

    assert sweep(app=app)["issuer_retry_entries"] == 0
    assert holds(app, response.data) == {"issuer_retry_entries"}
    next_epoch = datetime.fromtimestamp(epochs.epoch_start(this_epoch + 1, EPOCH_SECONDS), UTC)
    assert sweep(now=next_epoch - timedelta(seconds=1), app=app)["issuer_retry_entries"] == 0
    assert sweep(now=next_epoch, app=app)["issuer_retry_entries"] == 1

    assert holds(app, response.data) == set()
    assert retry_rows(app) == []
    assert issued(app, membership_id, this_epoch) == 1


@pytest.mark.parametrize("source", ["env", "arg"])
def test_the_retired_retry_window_is_refused_naming_it(source):
    key = "issuer.retry_window_seconds"
    with pytest.raises(ConfigError) as caught:
        if source == "env":
            load(environ={"CASECROWD_ISSUER__RETRY_WINDOW_SECONDS": "300"})
        else:
            load({"issuer": {"retry_window_seconds": 300}}, environ={})
    message = str(caught.value)
    assert message.startswith(key) and "no longer a setting" in message
    assert "epoch" in message and "remove the key" in message


def test_keys_purge_responses_deletes_the_entries_of_ended_epochs(app):
    with app.app_context():
        for n, epoch in enumerate((current_epoch() - 1, current_epoch())):
            db.db.session.add(
                RetryEntry(entry_key=bytes([n]) * 32, response=bytes(256), epoch=epoch)
            )
        db.db.session.commit()

    result = app.test_cli_runner().invoke(cli, ["keys", "purge-responses"])

    assert result.exit_code == 0, result.output
    assert result.output == "deleted 1 stored response(s) of ended epochs\n"
    assert retry_rows(app) == [(bytes([1]) * 32, current_epoch())]

"""What the issuer keeps: counts per membership per epoch; nothing else outlives the window."""

import base64
import time

import sqlalchemy as sa

from casecrowd import db
from casecrowd.cli import cli
from tests.issuer.support import (
    FAST_ARGON2,
    current_epoch,
    current_key,
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


def test_the_counts_table_holds_no_time_and_no_request(app):
    columns = issuer_columns(app)

    assert set(columns) == {"issuer_token_counts", "issuer_retry_entries"}
    assert set(columns["issuer_token_counts"]) == {"membership_id", "epoch", "issued"}
    assert all(isinstance(kind, sa.Integer) for kind in columns["issuer_token_counts"].values())
    # The only time the issuer stores is when a retry entry is deleted.
    timed = {
        (table, name)
        for table, cols in columns.items()
        for name, kind in cols.items()
        if isinstance(kind, sa.DateTime | sa.Date)
    }
    assert timed == {("issuer_retry_entries", "expires_at")}


def test_after_the_retry_window_only_counts_remain(make_app):
    app = make_app({**FAST_ARGON2, "issuer": {"retry_window_seconds": 1}})
    client = app.test_client()
    membership_id, secret = new_member(app)
    body, _ = token_request(current_key(client).spki)
    response = post_token_request(client, secret, body)
    assert response.status_code == 200
    blinded_msg, signature = body[3:], response.data

    # Never the blinded message; the response only for the window.
    assert holds(app, blinded_msg) == set()
    assert holds(app, signature) == {"issuer_retry_entries"}

    time.sleep(1.2)
    result = app.test_cli_runner().invoke(cli, ["keys", "purge-responses"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 expired" in result.output

    assert holds(app, signature) == set()
    with app.app_context(), db.engine("identity").connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM issuer_retry_entries")).scalar() == 0
        counts = conn.execute(
            sa.text("SELECT membership_id, epoch, issued FROM issuer_token_counts")
        ).all()
    assert [tuple(row) for row in counts] == [(membership_id, current_epoch(), 1)]


def test_any_token_request_purges_expired_responses(make_app):
    app = make_app({**FAST_ARGON2, "issuer": {"retry_window_seconds": 1}})
    client = app.test_client()
    _, first_secret = new_member(app)
    _, second_secret = new_member(app)
    spki = current_key(client).spki
    first = post_token_request(client, first_secret, token_request(spki)[0])
    assert holds(app, first.data) == {"issuer_retry_entries"}

    time.sleep(1.2)
    # Another member's request cleans up the first member's expired response.
    second = post_token_request(client, second_secret, token_request(spki)[0])
    assert second.status_code == 200

    assert holds(app, first.data) == set()
    assert holds(app, second.data) == {"issuer_retry_entries"}

"""Which issuer keys the forum trusts: keys only move forward, and the operator can revoke one.

Each test plays the directory the forum reads, one response at a time, as an
issuer (or whoever answers the fetch) would serve it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from casecrowd.cli import cli
from casecrowd.crypto.keys import token_key_id
from casecrowd.forum import errors
from casecrowd.forum.context import forum_config
from casecrowd.forum.service import issuer_keys, proofs
from tests.forum.physician import case_fields

HOUR = 3600
FORUM_LOGGER = "casecrowd.forum"


@pytest.fixture
def served(issuer, directory, forum_app):
    """Serve one directory response: the next request that needs keys reads it."""

    def serve(names: list[str]) -> None:
        issuer.write_directory(directory, names)
        assert forum_app.test_client().get("/api/v1/token-challenge").status_code in (200, 503)

    return serve


def code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def key_hex(issuer, name: str) -> str:
    return token_key_id(issuer.spki(name)).hex()


def refusals(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == FORUM_LOGGER and r.levelno == logging.WARNING
    ]


def test_a_one_shot_key_dated_before_the_current_one_signs_nothing(
    physician, issuer, served, caplog
):
    served(["previous", "current"])
    # One response adds a key of its own, dated just before the current one,
    # to pass for the previous epoch's key once the directory moves on.
    issuer.not_before["other"] = issuer.not_before["current"] - HOUR
    with caplog.at_level(logging.WARNING, logger=FORUM_LOGGER):
        served(["previous", "other", "current"])
    (line,) = refusals(caplog)
    assert key_hex(issuer, "other") in line and "not after the newest known key" in line
    served(["current"])  # the genuine rotation drops the previous key
    tagged = physician()
    reply = tagged.register(tagged.token("other"))
    assert reply.status == 422 and code(reply) == "token-key-unknown"
    # The genuine previous key is still the predecessor: late tokens verify.
    late = physician()
    assert late.register(late.token("previous")).status == 201


def test_a_known_key_with_another_not_before_keeps_its_recorded_date(
    physician, issuer, served, forum_app, caplog
):
    served(["current"])
    recorded = issuer.not_before["current"]
    # Dated as if in force since yesterday, for one reader: another epoch.
    issuer.not_before["current"] = int((datetime.now(UTC) - timedelta(days=1)).timestamp())
    with caplog.at_level(logging.WARNING, logger=FORUM_LOGGER):
        served(["current"])
        served(["current"])  # read again: still one line for the operator
    (line,) = refusals(caplog)
    assert key_hex(issuer, "current") in line and "recorded as" in line
    document = forum_app.test_client().get("/api/v1/token-challenge").get_json()
    assert [k["not_before"] for k in document["token_keys"]] == [recorded]
    # Still trusted, with the epoch of its recorded date.
    doctor = physician()
    reply = doctor.register(doctor.token("current"))
    assert reply.status == 201
    started = datetime.fromtimestamp(recorded, UTC)
    assert datetime.fromisoformat(reply.body["verified_until"]) == started + timedelta(days=44)


def test_after_a_rotation_only_the_predecessor_outlives_the_directory(
    physician, issuer, served, caplog
):
    served(["previous", "current"])
    # The next key appears (here already in force), then the issuer drops the rest.
    issuer.not_before["other"] = int((datetime.now(UTC) - timedelta(hours=1)).timestamp())
    served(["current", "other"])
    served(["other"])
    late = physician()
    assert late.register(late.token("current")).status == 201  # the predecessor
    older = physician()
    reply = older.register(older.token("previous"))
    assert reply.status == 422 and code(reply) == "token-key-retired"
    # Listing a withdrawn key again brings nothing back, and is reported.
    with caplog.at_level(logging.WARNING, logger=FORUM_LOGGER):
        served(["previous", "other"])
    (line,) = refusals(caplog)
    assert key_hex(issuer, "previous") in line and "listed again" in line
    assert older.register(older.token("previous")).status == 422
    assert older.register(older.token("other")).status == 201


def test_a_key_dropped_before_its_not_before_never_becomes_the_predecessor(
    issuer, directory, forum_app
):
    now = datetime.now(UTC)
    # One response shows a "next" key of its own for tomorrow; the next drops it.
    issuer.not_before["other"] = int((now + timedelta(days=1)).timestamp())
    # The issuer's real next key, published later, comes into force after it.
    issuer.not_before["ancient"] = int((now + timedelta(days=20)).timestamp())
    later = now + timedelta(days=21)
    with forum_app.test_request_context():
        for names, moment in (
            (["previous", "current", "other"], now),
            (["previous", "current"], now + timedelta(hours=1)),
            (["current", "ancient"], now + timedelta(days=2)),
            (["current", "ancient"], later),
        ):
            issuer.write_directory(directory, names)
            keys = issuer_keys.known_keys(moment)
        by_name = {
            name: next(k for k in keys if k.spki == issuer.spki(name))
            for name in ("current", "other", "ancient")
        }
        assert issuer_keys.current_key(keys, later) == by_name["ancient"]
        # The key in force before the real next one is the current key, not the dropped one.
        assert issuer_keys.predecessor(by_name["ancient"], keys) == by_name["current"]
        assert issuer_keys.accepted_key(by_name["current"].token_key_id, keys, later)
        with pytest.raises(errors.TokenKeyRetired):
            issuer_keys.accepted_key(by_name["other"].token_key_id, keys, later)
        # Nor does it cut the current key's epoch short.
        config = forum_config()
        end = issuer_keys.epoch_end(by_name["current"], keys, config)
        assert end == by_name["ancient"].start


def test_the_directory_shows_at_most_one_key_ahead(physician, issuer, served, forum_app, caplog):
    soon = datetime.now(UTC) + timedelta(days=3)
    issuer.not_before["previous"] = int(soon.timestamp())
    issuer.not_before["other"] = int((soon + timedelta(days=1)).timestamp())
    with caplog.at_level(logging.WARNING, logger=FORUM_LOGGER):
        served(["current", "previous", "other"])
    (line,) = refusals(caplog)
    assert key_hex(issuer, "other") in line and "ahead" in line
    document = forum_app.test_client().get("/api/v1/token-challenge").get_json()
    assert [k["token_key_id"] for k in document["token_keys"]] == [
        key_hex(issuer, "current"),
        key_hex(issuer, "previous"),
    ]


def revoke(forum_app, key_id: str):
    return forum_app.test_cli_runner().invoke(cli, ["keys", "revoke", key_id])


def test_a_revoked_key_registers_nothing_and_proofs_mark_it(physician, issuer, served, forum_app):
    issuer.not_before["other"] = int((datetime.now(UTC) + timedelta(days=3)).timestamp())
    served(["current", "other"])
    author = physician().join()
    created = author.post("case.create", **case_fields())
    assert created.status == 201, created.body

    revoked = revoke(forum_app, key_hex(issuer, "other")[:16])  # the prefix people compare
    assert revoked.exit_code == 0, revoked.output
    assert f"revoked token key {key_hex(issuer, 'other')}" in revoked.output
    assert "casecrowd keys rotate" in revoked.output
    document = forum_app.test_client().get("/api/v1/token-challenge").get_json()
    assert [k["token_key_id"] for k in document["token_keys"]] == [key_hex(issuer, "current")]

    assert revoke(forum_app, key_hex(issuer, "current")).exit_code == 0
    doctor = physician()
    reply = doctor.register(doctor.token("current"))
    assert reply.status == 422 and code(reply) == "token-key-revoked"
    renewal = author.register(author.token("current"))
    assert renewal.status == 422 and code(renewal) == "token-key-revoked"
    assert forum_app.test_client().get("/api/v1/token-challenge").status_code == 503

    # Every key the author holds is revoked, so the author's own session has lapsed
    # (see below); the proof is read as any reader's request would build it.
    with forum_app.app_context():
        proof = proofs.proof(created.body["proof_id"], viewer_id=0)
    (key,) = proof["issuer_keys"]
    assert key["revoked"] is True

    listed = forum_app.test_cli_runner().invoke(cli, ["keys", "revoked"])
    assert listed.exit_code == 0
    today = datetime.now(UTC).date().isoformat()
    assert f"{key_hex(issuer, 'current')}\t{today}" in listed.output
    assert f"{key_hex(issuer, 'other')}\t{today}" in listed.output
    again = revoke(forum_app, key_hex(issuer, "current"))
    assert "already revoked" in again.output


@pytest.mark.parametrize(
    ("key_id", "message"),
    [("0123", "at least 16"), ("zz" * 8, "in hex"), ("f" * 16, "no recorded issuer key")],
)
def test_revoke_names_one_key(forum_app, served, key_id, message):
    served(["current"])
    result = revoke(forum_app, key_id)
    assert result.exit_code != 0 and message in result.output
    listed = forum_app.test_cli_runner().invoke(cli, ["keys", "revoked"])
    assert "no revoked issuer keys" in listed.output


def test_a_key_can_be_revoked_before_the_directory_lists_it(physician, issuer, served, forum_app):
    served(["current"])
    assert revoke(forum_app, key_hex(issuer, "other")).exit_code == 0
    issuer.not_before["other"] = int((datetime.now(UTC) - timedelta(hours=1)).timestamp())
    served(["current", "other"])
    document = forum_app.test_client().get("/api/v1/token-challenge").get_json()
    assert [k["token_key_id"] for k in document["token_keys"]] == [key_hex(issuer, "current")]
    doctor = physician()
    assert code(doctor.register(doctor.token("other"))) == "token-key-revoked"
    assert doctor.register(doctor.token("current")).status == 201


def test_revoking_a_leaked_key_lapses_the_pseudonyms_only_it_verified(
    physician, issuer, served, forum_app
):
    issuer.not_before["other"] = int((datetime.now(UTC) - timedelta(hours=1)).timestamp())
    served(["current", "other"])
    minted = physician().join("current")  # as with a key copied from the issuer
    renewed = physician().join("current")
    # The genuine member also renewed under the next key before the leak was found.
    assert renewed.register(renewed.token("other")).status in (200, 201)
    assert minted.post("case.create", **case_fields()).status == 201

    result = revoke(forum_app, key_hex(issuer, "current"))
    assert result.exit_code == 0, result.output
    assert "1 pseudonym(s) registered only under revoked keys" in result.output
    refused = minted.post("case.create", **case_fields(title="After the revocation"))
    assert refused.status == 403 and code(refused) == "verification-lapsed"
    kept = renewed.post("case.create", **case_fields(title="Still verified"))
    assert kept.status == 201, kept.body
    # The lapse is dated to the hour, like every stored expiry.
    lapsed = renewed.get(f"/api/v1/pseudonyms/{minted.pseudonym}").body
    until = datetime.fromisoformat(lapsed["verified_until"])
    assert until.minute == until.second == until.microsecond == 0

"""``casecrowd modlog`` and ``casecrowd modlog verify``: the log checked on the member's machine."""

from __future__ import annotations

import json

import pytest
from nacl.signing import SigningKey
from sqlalchemy import text

from casecrowd import db as databases
from casecrowd.client.modlog import PINS_FILE
from casecrowd.crypto.base64url import encode
from casecrowd.db import db
from casecrowd.moderation import log
from casecrowd.moderation.keys import MODERATION_KEY_DOCUMENT, moderation_signing_key
from casecrowd.moderation.views import log as log_views
from casecrowd.protocol import modlog
from tests.client.support import Physician
from tests.conftest import free_port

ENTRIES = 5
TAMPERED = 3


@pytest.fixture
def logged(server):
    """A log of ENTRIES entries on the test's server."""
    with server.app.app_context():
        log.append("hide", "phi", "case", 4, "mod-1", note="moderators only")
        log.append("suspend", "harassment", "pseudonym", "dr-loud-heron", "mod-2")
        log.append("lock", "other", "case", 4, "mod-1")
        log.append("reject-appeal", "appeal", "appeal", 1, "mod-2")
        log.append("dismiss", "spam", "comment", 9, "mod-1")
        db.session.commit()
    return server


def run_sql(server, statement: str, **values) -> None:
    with server.app.app_context(), databases.engine("forum").begin() as connection:
        connection.execute(text(statement), values)


def stored(server, seq: int) -> dict:
    with server.app.app_context():
        return log.served(db.session.get(log.ModerationLogEntry, seq))


def pins_file(tmp_path):
    return tmp_path / "xdg-config" / "casecrowd" / PINS_FILE


def resign_all(server, signing_key: SigningKey, changed_seq: int, reason: str) -> None:
    """Change one entry's reason and sign a consistent chain again, as the key's holder could."""
    with server.app.app_context():
        previous = modlog.GENESIS_HASH
        rows = db.session.scalars(db.select(log.ModerationLogEntry).order_by("seq")).all()
        for row in rows:
            document = log.served(row)
            if row.seq == changed_seq:
                document["reason"] = reason
            signed = modlog.sign_entry({**document, "prev_hash": previous}, signing_key)
            row.reason, row.prev_hash = signed["reason"], signed["prev_hash"]
            row.entry_hash, row.signature = signed["entry_hash"], signed["signature"]
            previous = signed["entry_hash"]
        db.session.commit()


def test_the_log_is_listed_and_verified_under_a_key_pinned_on_first_use(author, logged, tmp_path):
    listing = author.run("modlog", "--limit", 2)
    assert listing.exit_code == 0, listing.output
    assert "suspend" in listing.stdout and "dr-loud-heron" in listing.stdout
    assert "moderators only" not in listing.stdout
    assert "casecrowd modlog --after 2" in listing.stdout
    page = author.json("modlog", "--after", 4)
    assert [entry["seq"] for entry in page["entries"]] == [5] and page["next"] is None

    first = author.json("modlog", "verify")
    head = stored(logged, ENTRIES)["entry_hash"]
    assert first["verified"] and first["entries"] == ENTRIES and first["head_hash"] == head
    assert first["key_pinned_now"] is True
    pins = json.loads(pins_file(tmp_path).read_text())["forums"]
    assert list(pins) == [logged.url]
    assert pins[logged.url]["head"] == {"seq": ENTRIES, "entry_hash": head}
    again = author.run("modlog", "verify")
    assert again.exit_code == 0
    assert f"mod log verified: {ENTRIES} entries, head {head}" in again.stdout


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("reason", "its members do not match its hash"),
        ("delete", f"expected entry {TAMPERED}, found {TAMPERED + 1}"),
        ("other key", "its signature does not verify under the moderation key"),
    ],
)
def test_a_tampered_entry_fails_verification_at_that_entry(author, logged, tamper, reason):
    assert author.json("modlog", "verify")["verified"]
    if tamper == "reason":
        run_sql(logged, "UPDATE moderation_log SET reason = 'spam' WHERE seq = :k", k=TAMPERED)
    elif tamper == "delete":
        run_sql(logged, "DELETE FROM moderation_log WHERE seq = :k", k=TAMPERED)
    else:
        forged = modlog.sign_entry(stored(logged, TAMPERED), SigningKey.generate())
        run_sql(
            logged,
            "UPDATE moderation_log SET signature = :s WHERE seq = :k",
            s=forged["signature"],
            k=TAMPERED,
        )
    failed = author.json("modlog", "verify", expect=6)["error"]
    assert failed["broken_at"] == TAMPERED and failed["reason"] == reason
    shown = author.run("modlog", "verify")
    assert shown.exit_code == 6
    assert f"mod log broken at entry {TAMPERED}: {reason}" in shown.stderr


def test_a_history_rewritten_and_signed_again_is_refused_after_it_was_verified(author, logged):
    assert author.json("modlog", "verify")["verified"]
    with logged.app.app_context():
        key = moderation_signing_key()
    resign_all(logged, key, 2, "other")
    failed = author.json("modlog", "verify", expect=6)["error"]
    assert failed["broken_at"] == ENTRIES
    assert "rewritten" in failed["message"]


def test_a_changed_moderation_key_is_refused_and_the_pin_kept(
    author, logged, tmp_path, monkeypatch
):
    assert author.json("modlog", "verify")["key_pinned_now"]
    pinned = pins_file(tmp_path).read_text()
    other = SigningKey.generate()
    monkeypatch.setattr(log_views, "moderation_signing_key", lambda: other)
    refused = author.run("modlog", "verify")
    assert refused.exit_code == 5
    assert "not the key" in refused.stderr and "rewritten history" in refused.stderr
    assert pins_file(tmp_path).read_text() == pinned


def test_a_saved_log_verifies_offline_with_no_server(author, logged, tmp_path, keys_dir):
    saved = tmp_path / "modlog.json"
    fetched = author.json("modlog", "verify", "--save", saved)
    assert fetched["saved"] == str(saved)
    nowhere = {"CASECROWD_SERVER": f"http://127.0.0.1:{free_port()}"}
    offline = author.json("modlog", "verify", "--file", saved, **nowhere)
    assert offline["entries"] == ENTRIES and offline["head_hash"] == fetched["head_hash"]
    # On a machine that never pinned the key: the file's own key, with a warning.
    elsewhere = {**nowhere, "XDG_CONFIG_HOME": str(tmp_path / "elsewhere")}
    unpinned = author.run("modlog", "verify", "--file", saved, **elsewhere)
    assert unpinned.exit_code == 0 and "No moderation key is pinned" in unpinned.stderr
    published = keys_dir / MODERATION_KEY_DOCUMENT
    with_key = author.json("modlog", "verify", "--file", saved, "--key", published, **elsewhere)
    assert with_key["entries"] == ENTRIES

    document = json.loads(saved.read_text())
    document["entries"][TAMPERED - 1]["target_id"] = "5"
    saved.write_text(json.dumps(document))
    failed = author.json("modlog", "verify", "--file", saved, expect=6, **nowhere)["error"]
    assert failed["broken_at"] == TAMPERED


def test_a_saved_log_under_another_key_than_the_pinned_one_is_refused(author, logged, tmp_path):
    saved = tmp_path / "modlog.json"
    author.json("modlog", "verify", "--save", saved)
    document = json.loads(saved.read_text())
    other = SigningKey.generate()
    document["entries"] = [modlog.sign_entry(entry, other) for entry in document["entries"]]
    document["moderation_key"]["public_key"] = encode(bytes(other.verify_key), padded=False)
    saved.write_text(json.dumps(document))
    refused = author.run("modlog", "verify", "--file", saved)
    assert refused.exit_code == 5
    assert "Nothing was verified" in refused.stderr


@pytest.mark.parametrize(
    "arguments",
    [("--save", "saved.json", "--file", __file__), ("--key", __file__)],
)
def test_conflicting_options_are_usage_errors_before_anything_is_asked(tmp_path, arguments):
    member = Physician(tmp_path / "member", f"http://127.0.0.1:{free_port()}")
    result = member.run("modlog", "verify", *arguments)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "xdg-config" / "casecrowd").exists()

"""apply, status, tokens and pseudonyms: the wallet's side, and every way they refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casecrowd.client import pseudonyms, tokens
from casecrowd.client.cli import context as cli_context
from casecrowd.client.http import ApiClient
from casecrowd.client.wallet import Wallet
from casecrowd.clock import utcnow
from casecrowd.crypto.keys import token_key_id
from tests.client.support import PASSPHRASE, Physician, approve
from tests.conftest import free_port


@pytest.fixture
def physician(server, tmp_path):
    return Physician(tmp_path / "doc", server.url)


@pytest.fixture
def approved(server, physician):
    approve(server.app, physician.apply()["application_id"])
    return physician


def test_the_secret_goes_into_the_wallet_and_nowhere_else(physician):
    applied = physician.run("apply", *_flags(physician.details))
    assert applied.exit_code == 0, applied.stderr
    secret = physician.wallet().membership.secret
    assert secret and secret not in applied.stdout + applied.stderr
    assert physician.wallet().servers["desk"] == physician.server_url


def test_apply_creates_a_wallet_when_there_is_none(server, tmp_path):
    physician = Physician(tmp_path / "doc", server.url)
    physician.wallet_path.unlink()
    physician.apply()
    assert Wallet.open(physician.wallet_path, PASSPHRASE).membership is not None


def test_apply_names_what_is_missing_or_wrong(physician):
    missing = physician.run("apply", "--legal-name", "Ada Quinn")
    assert missing.exit_code == 2
    assert "--licence-number" in missing.stderr and "--email" in missing.stderr
    wrong = physician.json("apply", *_flags({**physician.details, "npi": "1234567890"}), expect=1)
    assert wrong["error"]["status"] == 422
    assert [p["name"] for p in wrong["error"]["invalid-params"]] == ["npi"]
    assert physician.wallet().membership is None


def test_apply_asks_in_a_terminal(monkeypatch, physician):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    details = physician.details
    typed = [details[name] for name in ("legal_name", "licence_number", "jurisdiction", "npi")]
    typed += ["not-a-specialty", details["specialty"], details["email"]]
    result = physician.run("apply", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "internal-medicine" in result.stdout  # the specialties were listed
    assert physician.json("status")["specialty"] == details["specialty"]


def test_applying_twice_is_refused(physician):
    physician.apply()
    again = physician.run("apply", *_flags(physician.details))
    assert again.exit_code == 2 and "already holds application" in again.stderr


def test_wallet_problems_exit_4(physician):
    assert "casecrowd apply" in physician.json("status", expect=4)["error"]["message"]
    wrong = physician.run("status", CASECROWD_PASSPHRASE="not the passphrase")
    assert wrong.exit_code == 4 and "passphrase" in wrong.stderr
    physician.wallet_path.unlink()
    gone = physician.run("tokens", "fetch")
    assert gone.exit_code == 4 and "no wallet" in gone.stderr


def test_an_unreachable_server_exits_1(physician):
    result = physician.run("apply", *_flags(physician.details), "--server", _closed_url())
    assert result.exit_code == 1 and "cannot reach" in result.stderr


def test_the_epochs_quota_stops_a_fetch_and_keeps_what_came(served, tmp_path):
    server = served({"issuer": {"tokens_per_epoch": 2}})
    physician = Physician(tmp_path / "doc", server.url)
    approve(server.app, physician.apply()["application_id"])
    partial = physician.json("tokens", "fetch", "-n", "3", expect=1)
    assert (partial["obtained"], partial["waiting"]) == (2, 2)
    assert partial["stopped_by"]["status"] == 429
    spent = physician.json("tokens", "fetch", expect=1)
    assert spent["error"]["type"].endswith("token-quota-spent")
    assert [t["for"] for t in physician.json("tokens", "list")] == ["a new key pair"] * 2


def test_a_batch_is_the_whole_quota_of_the_epoch(approved):
    fetched = approved.json("tokens", "fetch")
    assert (fetched["obtained"], fetched["waiting"], fetched["stopped_by"]) == (3, 3, None)
    wallet = approved.wallet()
    assert wallet.timing.batches == [token_key_id(bytes(_current_key(approved)))]
    # One moment for the whole batch: nothing in it marks a pseudonym's need.
    assert len({t.obtained_at for t in wallet.tokens()}) == 1


def test_status_obtains_the_quota_as_soon_as_the_membership_is_approved(approved):
    approved.json("status")
    assert len(approved.wallet().tokens()) == 3
    approved.json("status")  # this epoch's quota is in: nothing more is asked for
    assert len(approved.wallet().tokens()) == 3


def test_obtaining_tokens_contacts_no_forum(approved, tmp_path):
    config = tmp_path / "split.toml"
    url = approved.server_url
    config.write_text(f'[client]\ndesk = "{url}"\nissuer = "{url}"\nforum = "{_closed_url()}"\n')
    # The forum's parameters came with `apply`; its URL is unreachable now, and yet:
    fetched = approved.json("tokens", "fetch", CASECROWD_CLIENT_CONFIG=str(config))
    assert fetched["obtained"] == 3


def test_redeeming_needs_a_token(approved):
    result = approved.json("pseudonym", "new", "--now", expect=4)
    assert "once per epoch" in result["error"]["message"]


def test_a_pseudonym_asked_for_early_is_queued_and_sync_registers_it_in_time(approved):
    approved.json("tokens", "fetch")
    queued = approved.json("pseudonym", "new", "--label", "cardio")
    assert queued["queued"] is True
    (token,) = [t for t in approved.wallet().tokens() if t.queued]
    assert token.queued_label == "cardio" and token.wait() > timedelta(hours=23)
    assert approved.json("pseudonym", "list")["queued"] == ["cardio"]
    assert approved.json("pseudonym", "new", "--label", "cardio", expect=4)  # label taken
    approved.run("sync")
    assert approved.wallet().pseudonyms() == []  # not its time yet
    _make_ready(approved, "cardio")
    approved.run("sync")
    (pseudonym,) = approved.wallet().pseudonyms()
    assert pseudonym.label == "cardio" and pseudonym.handle
    assert len(approved.wallet().tokens()) == 2


def test_sync_registers_one_pseudonym_per_run(approved):
    approved.json("tokens", "fetch")
    for label in ("first", "second"):
        approved.json("pseudonym", "new", "--label", label)
        _make_ready(approved, label)
    approved.run("sync")
    assert len(approved.wallet().pseudonyms()) == 1
    approved.run("sync")
    assert sorted(p.label for p in approved.wallet().pseudonyms()) == ["first", "second"]


def test_a_token_whose_time_has_come_registers_at_once(approved):
    approved.json("tokens", "fetch")
    wallet = approved.wallet()
    for stored in wallet.tokens():
        stored.ready_at = utcnow() - timedelta(minutes=1)
    wallet.save()
    registered = approved.json("pseudonym", "new", "--label", "ready")
    assert registered["label"] == "ready" and registered["handle"]


def test_now_registers_at_once_and_says_what_it_costs(approved):
    approved.json("tokens", "fetch")
    result = approved.run("pseudonym", "new", "--now")
    assert result.exit_code == 0, result.stderr
    assert "pair your membership with this pseudonym by time" in result.stderr
    assert len(approved.wallet().pseudonyms()) == 1


def test_waiting_in_the_foreground(approved):
    approved.json("tokens", "fetch")
    wallet = approved.wallet()
    for stored in wallet.tokens():
        stored.ready_at = utcnow() + timedelta(seconds=2)
    wallet.save()
    waited = approved.json("pseudonym", "new", "--wait")
    assert waited["handle"]
    assert len(approved.wallet().tokens()) == 2


def test_a_registration_whose_answer_was_lost_is_recovered(approved):
    approved.json("tokens", "fetch")
    wallet = approved.wallet()
    forum = ApiClient(approved.server_url)
    chosen = pseudonyms.choose_token(wallet)
    stored = wallet.take_token_for_new_pseudonym(chosen.pseudonym_key)
    body = pseudonyms._register(forum, approved.server_url, stored)  # the forum took it...
    wallet.put_back(stored)  # ...but the answer was lost
    registered = pseudonyms.register_new(wallet, forum, approved.server_url, stored, "kept")
    assert (
        registered.pseudonym.public_key
        == Wallet.open(approved.wallet_path, PASSPHRASE).pseudonym("kept").public_key
    )
    assert body["handle"] and len(wallet.tokens()) == 2


def _make_ready(physician, label):
    wallet = physician.wallet()
    (stored,) = [t for t in wallet.tokens() if t.queued_label == label]
    stored.ready_at = utcnow() - timedelta(seconds=1)
    wallet.save()


def _current_key(physician):
    directory = tokens.fetch_directory(ApiClient(physician.server_url))
    return directory.current_key().spki


def test_the_config_file_names_the_server(approved, tmp_path):
    config = tmp_path / "client.toml"
    config.write_text(f'[client]\nserver = "{approved.server_url}"\n')
    env = {"CASECROWD_CLIENT_CONFIG": str(config), "CASECROWD_SERVER": _closed_url()}
    assert approved.run("status", **env).exit_code == 1  # the environment comes first
    del env["CASECROWD_SERVER"]
    assert approved.run("status", **env, CASECROWD_SERVER="").exit_code == 0
    config.write_text('[client]\nserverr = "http://typo.example"\n')
    typo = approved.run("status", **env)
    assert typo.exit_code == 2 and "client.serverr" in typo.stderr


def _flags(details: dict[str, str]) -> list[str]:
    return [
        item for name, value in details.items() for item in ("--" + name.replace("_", "-"), value)
    ]


def _closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}"

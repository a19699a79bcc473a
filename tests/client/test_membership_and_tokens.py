"""apply, status, tokens and pseudonyms: the wallet's side, and every way they refuse."""

from __future__ import annotations

import pytest

from casecrowd.client import pseudonyms
from casecrowd.client.cli import context as cli_context
from casecrowd.client.http import ApiClient
from casecrowd.client.wallet import Wallet
from tests.client.support import PASSPHRASE, Physician, approve
from tests.conftest import free_port


@pytest.fixture
def server(served):
    return served()


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


def test_redeeming_needs_a_token(approved):
    result = approved.json("pseudonym", "new", "--now", expect=4)
    assert "tokens fetch" in result["error"]["message"]


def test_the_redemption_delay_comes_from_option_environment_or_config(approved, tmp_path):
    approved.json("tokens", "fetch", "-n", "3")
    assert approved.run("pseudonym", "new").exit_code == 3
    assert approved.run("pseudonym", "new", CASECROWD_MIN_REDEEM_DELAY="0").exit_code == 0
    config = tmp_path / "client.toml"
    config.write_text("[client]\nmin_redeem_delay = 0\n")
    assert approved.run("pseudonym", "new", CASECROWD_CLIENT_CONFIG=str(config)).exit_code == 0
    labels = [p["label"] for p in approved.json("pseudonym", "list")["pseudonyms"]]
    assert len(labels) == 2 and len(set(labels)) == 2


def test_waiting_out_the_delay(approved):
    approved.json("tokens", "fetch")
    waited = approved.json("pseudonym", "new", "--min-redeem-delay", "2", "--wait")
    assert waited["handle"]
    assert approved.wallet().tokens() == []


def test_the_user_may_stop_instead_of_redeeming_early(monkeypatch, approved):
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    approved.json("tokens", "fetch")
    stopped = approved.run("pseudonym", "new", input="stop\n")
    assert stopped.exit_code == 3
    assert len(approved.wallet().tokens()) == 1
    assert approved.run("pseudonym", "new", input="now\n").exit_code == 0


def test_a_registration_whose_answer_was_lost_is_recovered(approved):
    approved.json("tokens", "fetch")
    wallet = approved.wallet()
    forum = ApiClient(approved.server_url)
    stored = wallet.take_token_for_new_pseudonym()
    body = pseudonyms._register(forum, approved.server_url, stored)  # the forum took it...
    wallet.add_token(stored.token, challenge=stored.challenge, seed=stored.seed)  # ...we missed it
    registered = pseudonyms.register_new(wallet, forum, approved.server_url, "kept")
    assert (
        registered.pseudonym.public_key
        == Wallet.open(approved.wallet_path, PASSPHRASE).pseudonym("kept").public_key
    )
    assert body["handle"] and wallet.tokens() == []


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

"""The scheduled run: when the next epoch's quota is due, and one action per run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casecrowd.client import key_trust, schedule, sync
from casecrowd.client.tokens import IssuerDirectory
from casecrowd.client.wallet import KdfLimits, Wallet
from casecrowd.crypto import keys, privacypass
from casecrowd.crypto.keys import token_key_id
from tests.client.support import Physician, approve

EPOCH = 30 * 86400
ISSUER = "issuer.example"
OLD, NEW = (keys.public_key_spki(keys.generate_issuer_key().public_key()) for _ in range(2))


def directory(*keys: tuple[bytes, int]) -> IssuerDirectory:
    return IssuerDirectory("/t", [privacypass.IssuerKey(spki, start) for spki, start in keys])


@pytest.fixture
def wallet(tmp_path):
    made = Wallet.create(tmp_path / "w", "pass", limits=KdfLimits.minimum())
    key_trust.record(
        made.issuer_pins(f"https://{ISSUER}"),
        [privacypass.IssuerKey(OLD, 700 * EPOCH), privacypass.IssuerKey(NEW, 701 * EPOCH)],
    )
    return made


def test_the_first_quota_is_due_at_once(wallet):
    now = datetime.fromtimestamp(700 * EPOCH + 5, UTC)
    due, moment = sync.quota_due(wallet, directory((OLD, 700 * EPOCH)), ISSUER, now)
    assert (due, moment) == (True, None)


def test_later_quotas_wait_for_the_wallets_own_moment_of_the_epoch(wallet):
    wallet.timing.batches.append(token_key_id(OLD))
    listed = directory((NEW, 701 * EPOCH))  # in epoch 701 the issuer no longer lists OLD
    moment = schedule.scheduled_fetch_time(wallet.timing.salt, 701, EPOCH)
    assert sync.epoch_seconds(wallet, ISSUER) == EPOCH  # learnt from the two pinned keys
    before = moment - timedelta(seconds=1)
    if before.timestamp() >= 701 * EPOCH:
        assert sync.quota_due(wallet, listed, ISSUER, before) == (False, moment)
    assert sync.quota_due(wallet, listed, ISSUER, moment) == (True, moment)
    wallet.timing.batches.append(token_key_id(NEW))
    assert sync.quota_due(wallet, listed, ISSUER, moment)[0] is False


def test_a_quota_already_obtained_under_the_current_key_is_not_due(wallet):
    wallet.timing.batches.append(token_key_id(OLD))
    now = datetime.fromtimestamp(700 * EPOCH + 10, UTC)
    assert sync.quota_due(wallet, directory((OLD, 700 * EPOCH)), ISSUER, now)[0] is False


def test_a_run_that_obtains_tokens_registers_nothing(served, tmp_path):
    server = served()
    physician = Physician(tmp_path / "doc", server.url)
    approve(server.app, physician.apply()["application_id"])
    wallet = physician.wallet()
    wallet.timing.batches.clear()
    wallet.save()
    # A queued pseudonym whose time has come waits while the run obtains a quota.
    result = physician.json("sync")
    assert result["obtained"] == 3
    physician.json("pseudonym", "new", "--label", "q")
    wallet = physician.wallet()
    for stored in wallet.tokens():
        stored.ready_at = datetime.now(UTC) - timedelta(seconds=1)
    wallet.timing.batches.clear()  # as if a new epoch's quota were due as well
    wallet.save()
    spent = physician.run("sync")  # the issuer says this epoch's quota is spent...
    assert spent.exit_code == 0, spent.stderr
    assert physician.wallet().pseudonyms() == []  # ...and the run stops there
    physician.run("sync")
    assert [p.label for p in physician.wallet().pseudonyms()] == ["q"]

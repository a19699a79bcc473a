"""What the wallet keeps: membership, pinned issuer keys, tokens, pseudonyms; export/import."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from nacl.signing import VerifyKey

from casecrowd.client import key_trust, wallet_file
from casecrowd.client.errors import KeyInconsistency
from casecrowd.client.schedule import REDEEM_DELAY_MAX, REDEEM_DELAY_MIN
from casecrowd.client.wallet import (
    CorruptWallet,
    DuplicatePseudonym,
    KdfLimits,
    NoToken,
    UnknownPseudonym,
    Wallet,
    WalletExists,
    WrongPassphrase,
    default_wallet_path,
    passphrase_from_env_or,
)
from casecrowd.crypto.keys import generate_issuer_key, public_key_spki, token_key_id
from casecrowd.crypto.privacypass import IssuerKey, issuer_directory, parse_issuer_directory

FAST = KdfLimits.minimum()
PASSPHRASE = "correct horse battery staple"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ISSUER_URL = "https://issuer.example"


@pytest.fixture
def wallet(tmp_path: Path) -> Wallet:
    return Wallet.create(tmp_path / "wallet", PASSPHRASE, limits=FAST)


def reopen(wallet: Wallet, passphrase: str = PASSPHRASE) -> Wallet:
    wallet.save()
    return Wallet.open(wallet.path, passphrase)


# Real RFC 9578 token keys, generated once: pinning compares the keys a directory shows.
SPKIS = {label: public_key_spki(generate_issuer_key().public_key()) for label in "abc"}
SPKIS["epoch-1"] = SPKIS["a"]


def key(label: str, not_before: int | None = None) -> IssuerKey:
    return IssuerKey(SPKIS[label], not_before)


def spkis(keys) -> list[bytes]:
    return [k.spki for k in keys]


def fill(wallet: Wallet) -> None:
    wallet.servers["forum"] = "https://forum.example"
    wallet.set_membership("app-42", "s3cret-membership")
    key_trust.record(wallet.issuer_pins(ISSUER_URL), [key("epoch-1", 1_700_000_000)])
    alice = wallet.add_pseudonym("alice", handle="quiet-heron")
    alice.session_token = "session-abc"
    wallet.add_pseudonym("bob")
    wallet.add_token(b"token-1", challenge=b"challenge-1", pseudonym_key=alice.public_key)


def test_everything_survives_save_and_open(wallet):
    fill(wallet)
    again = reopen(wallet)
    assert again.servers == {"forum": "https://forum.example"}
    assert (again.membership.application_id, again.membership.secret) == (
        "app-42",
        "s3cret-membership",
    )
    [pinned] = again.pinned_keys("issuer.example")
    assert (pinned.spki, pinned.not_before) == (SPKIS["a"], 1_700_000_000)
    assert pinned.token_key_id == token_key_id(SPKIS["a"])
    assert pinned.first_seen == wallet.pinned_keys("issuer.example")[0].first_seen
    assert again.pseudonyms() == wallet.pseudonyms()
    assert again.tokens() == wallet.tokens()
    assert again.current_pseudonym().session_token == "session-abc"


def test_secrets_stay_out_of_repr(wallet):
    fill(wallet)
    shown = repr(wallet) + repr(wallet.membership) + repr(wallet.pseudonyms())
    assert "s3cret" not in shown
    assert "session-abc" not in shown
    assert repr(wallet.pseudonym("alice").seed) not in shown


# -- key consistency (RFC 9576 §6.2) ------------------------------------------------------


def test_first_keys_are_pinned_untrusted_and_the_same_keys_pass(wallet):
    _, shown = parse_issuer_directory(issuer_directory("https://i/req", [key("a", 1), key("b", 2)]))
    pins = wallet.issuer_pins(ISSUER_URL)
    assert spkis(key_trust.record(pins, shown)) == [SPKIS["a"], SPKIS["b"]]
    again = reopen(wallet)
    pins = again.issuer_pins(ISSUER_URL)
    assert key_trust.record(pins, [key("b", 2), key("a", 1)]) == []
    assert spkis(again.pinned_keys("issuer.example")) == [SPKIS["a"], SPKIS["b"]]
    assert [k.trusted_at for k in pins.keys] == [None, None]  # seen, not yet trusted


def test_a_new_key_is_pinned_and_a_dropped_key_stays(wallet):
    key_trust.record(wallet.issuer_pins(ISSUER_URL), [key("a", 1)])
    assert spkis(key_trust.record(wallet.issuer_pins(ISSUER_URL), [key("a", 1), key("b", 2)])) == [
        SPKIS["b"]
    ]
    again = reopen(wallet)
    assert key_trust.record(again.issuer_pins(ISSUER_URL), [key("b", 2)]) == []
    assert spkis(again.pinned_keys("issuer.example")) == [SPKIS["a"], SPKIS["b"]]


@pytest.mark.parametrize(
    "shown", [[("a", 5)], [("c", 1)]], ids=["same-key-other-date", "other-key-same-date"]
)
def test_a_key_contradicting_the_pins_is_refused_and_nothing_is_pinned(wallet, shown):
    key_trust.record(wallet.issuer_pins(ISSUER_URL), [key("a", 1)])
    with pytest.raises(KeyInconsistency):
        key_trust.record(wallet.issuer_pins(ISSUER_URL), [key("b", 9), *(key(*k) for k in shown)])
    assert spkis(reopen(wallet).pinned_keys("issuer.example")) == [SPKIS["a"]]


def test_issuers_are_pinned_separately_by_url_and_named_by_host(wallet):
    key_trust.record(wallet.issuer_pins("https://one.example"), [key("a", 1)])
    key_trust.record(wallet.issuer_pins("https://two.example:8443"), [key("b", 1)])
    assert spkis(wallet.pinned_keys("one.example")) == [SPKIS["a"]]
    assert spkis(wallet.pinned_keys("two.example:8443")) == [SPKIS["b"]]
    assert wallet.pinned_keys("unknown") == []


def test_pins_of_an_older_wallet_are_migrated(wallet):
    # Written by a client that keyed pins by the forum's issuer name and trusted every key.
    wallet.servers["issuer"] = ISSUER_URL
    wallet.timing.batches.append(token_key_id(SPKIS["a"]))
    key_trust.record(wallet.issuer_pins(ISSUER_URL), [key("a", 1), key("b", 2)])
    key_trust.record(wallet.issuer_pins("https://elsewhere.example"), [key("c", 1)])
    wallet.save()
    sealing, document = wallet_file.unseal(wallet.path.read_bytes(), PASSPHRASE)
    old = json.loads(document)
    old["timing"].pop("key_sample")
    old["issuers"][1]["name"] = "forum-chosen-name"
    for issuer in old["issuers"]:
        issuer.pop("url")
        for pinned in issuer["keys"]:
            pinned.pop("trusted_at")
    wallet.path.write_bytes(sealing.seal(json.dumps(old).encode()))

    migrated = Wallet.open(wallet.path, PASSPHRASE)
    pins = migrated.issuer_pins(ISSUER_URL)
    assert pins.name == "issuer.example"
    # The key a quota was obtained under stays trusted; the one only listed must be checked.
    assert [(k.spki, k.trusted_at is not None) for k in pins.keys] == [
        (SPKIS["a"], True),
        (SPKIS["b"], False),
    ]
    # A pin under a name the forum chose is kept for old proofs, bound to no issuer URL.
    assert spkis(migrated.pinned_keys("forum-chosen-name")) == [SPKIS["c"]]
    assert migrated.issuer_pins("https://elsewhere.example").keys == []
    migrated.save()
    assert Wallet.open(wallet.path, PASSPHRASE).issuer_pins(ISSUER_URL).url == ISSUER_URL


# -- tokens ------------------------------------------------------------------------------


def test_tokens_are_taken_oldest_first_and_removed(wallet):
    pk = wallet.add_pseudonym("p").public_key
    wallet.add_token(b"newer", pseudonym_key=pk, obtained_at=T0 + timedelta(hours=1))
    wallet.add_token(b"older", pseudonym_key=pk, obtained_at=T0)
    again = reopen(wallet)
    assert again.take_token(pseudonym_key=pk).token == b"older"
    after_take = reopen(again)
    assert [t.token for t in after_take.tokens()] == [b"newer"]
    assert after_take.take_token(pseudonym_key=pk).token == b"newer"
    with pytest.raises(NoToken):
        after_take.take_token(pseudonym_key=pk)


def test_a_token_bound_to_one_pseudonym_is_not_given_to_another(wallet):
    alice = wallet.add_pseudonym("alice").public_key
    bob = wallet.add_pseudonym("bob").public_key
    wallet.add_token(b"for alice", challenge=b"alice's challenge", pseudonym_key=alice)
    with pytest.raises(NoToken):
        wallet.take_token(pseudonym_key=bob)
    with pytest.raises(NoToken):
        wallet.take_token()  # unbound tokens only
    with pytest.raises(NoToken):
        wallet.take_token(pseudonym_key=alice, challenge=b"another challenge")
    taken = wallet.take_token(pseudonym_key=alice, challenge=b"alice's challenge")
    assert taken.token == b"for alice"
    assert wallet.tokens() == []


def test_the_same_token_is_kept_once(wallet):
    first = wallet.add_token(b"same", obtained_at=T0)
    assert wallet.add_token(b"same") is first
    assert len(wallet.tokens()) == 1


def test_each_token_gets_its_own_redemption_time_and_keeps_it(wallet):
    stored = wallet.add_token(b"t", obtained_at=T0)
    others = [wallet.add_token(bytes([n]), obtained_at=T0).ready_at for n in range(8)]
    assert T0 + REDEEM_DELAY_MIN <= stored.ready_at <= T0 + REDEEM_DELAY_MAX
    assert len(set(others)) > 1  # drawn per token, not a constant offset
    assert stored.wait(now=T0) == stored.ready_at - T0
    assert stored.wait(now=stored.ready_at + timedelta(seconds=1)) == timedelta(0)
    again = next(t for t in reopen(wallet).tokens() if t.token == b"t")
    assert (again.obtained_at, again.ready_at) == (T0, stored.ready_at)


def test_a_queued_request_and_the_schedule_survive_save_and_open(wallet):
    stored = wallet.add_token(b"t", obtained_at=T0)
    stored.queued, stored.queued_label = True, "cardio"
    wallet.timing.batches.append(b"k" * 32)
    salt = wallet.timing.salt
    again = reopen(wallet)
    assert (again.tokens()[0].queued, again.tokens()[0].queued_label) == (True, "cardio")
    assert (again.timing.salt, again.timing.batches) == (salt, [b"k" * 32])


# -- pseudonyms --------------------------------------------------------------------------


def test_first_pseudonym_is_current_and_use_switches(wallet):
    assert wallet.current_pseudonym() is None
    wallet.add_pseudonym("first")
    wallet.add_pseudonym("second")
    assert wallet.current_pseudonym().label == "first"
    wallet.use("second")
    again = reopen(wallet)
    assert again.current_pseudonym().label == "second"
    assert [p.current for p in again.pseudonyms()] == [False, True]
    with pytest.raises(UnknownPseudonym):
        again.use("third")
    assert again.current_pseudonym().label == "second"


def test_pseudonym_keys_sign_and_restore_from_seed(wallet, tmp_path):
    made = wallet.add_pseudonym("p")
    signed = made.signing_key().sign(b"envelope")
    assert VerifyKey(made.public_key).verify(signed) == b"envelope"
    other = Wallet.create(tmp_path / "other", PASSPHRASE, limits=FAST)
    assert other.add_pseudonym("restored", seed=made.seed).public_key == made.public_key


@pytest.mark.parametrize("label", ["", "   "])
def test_pseudonym_needs_a_label(wallet, label):
    with pytest.raises(ValueError):
        wallet.add_pseudonym(label)


def test_duplicate_pseudonyms_are_refused(wallet):
    made = wallet.add_pseudonym("p")
    with pytest.raises(DuplicatePseudonym):
        wallet.add_pseudonym("p")
    with pytest.raises(DuplicatePseudonym):
        wallet.add_pseudonym("same key", seed=made.seed)
    with pytest.raises(ValueError):
        wallet.add_pseudonym("short seed", seed=b"\x01" * 31)
    assert [p.label for p in wallet.pseudonyms()] == ["p"]


# -- export / import ---------------------------------------------------------------------


def test_export_then_import_under_another_passphrase(wallet, tmp_path):
    fill(wallet)
    exported = tmp_path / "usb" / "casecrowd-wallet"
    wallet.export_to(exported, "export passphrase", limits=FAST)
    with pytest.raises(WrongPassphrase):
        Wallet.open(exported, PASSPHRASE)

    target = tmp_path / "new-device" / "wallet"
    imported = Wallet.import_from(
        exported, "export passphrase", path=target, new_passphrase="device two", limits=FAST
    )
    opened = Wallet.open(target, "device two")
    for copy in (imported, opened):
        assert copy.membership == wallet.membership
        assert copy.pseudonyms() == wallet.pseudonyms()
        assert copy.tokens() == wallet.tokens()
        assert copy.pinned_keys("issuer.example") == wallet.pinned_keys("issuer.example")
        assert copy.servers == wallet.servers
    imported.add_pseudonym("made on device two")
    imported.save()
    assert len(Wallet.open(target, "device two").pseudonyms()) == 3


def test_import_keeps_the_export_passphrase_by_default(wallet, tmp_path):
    wallet.export_to(tmp_path / "export", "export passphrase", limits=FAST)
    Wallet.import_from(tmp_path / "export", "export passphrase", path=tmp_path / "imported")
    assert Wallet.open(tmp_path / "imported", "export passphrase").pseudonyms() == []


def test_export_and_import_refuse_to_overwrite(wallet, tmp_path):
    fill(wallet)
    export = tmp_path / "export"
    wallet.export_to(export, "export passphrase", limits=FAST)
    with pytest.raises(WalletExists):
        wallet.export_to(export, "other", limits=FAST)
    Wallet.open(export, "export passphrase")

    existing = Wallet.create(tmp_path / "existing", "mine", limits=FAST)
    existing.add_pseudonym("keep me")
    existing.save()
    with pytest.raises(WalletExists):
        Wallet.import_from(export, "export passphrase", path=existing.path)
    assert [p.label for p in Wallet.open(existing.path, "mine").pseudonyms()] == ["keep me"]

    Wallet.import_from(export, "export passphrase", path=existing.path, overwrite=True)
    replaced = Wallet.open(existing.path, "export passphrase")
    assert [p.label for p in replaced.pseudonyms()] == ["alice", "bob"]


def test_import_with_the_wrong_passphrase_writes_nothing(wallet, tmp_path):
    wallet.export_to(tmp_path / "export", "export passphrase", limits=FAST)
    with pytest.raises(WrongPassphrase):
        Wallet.import_from(tmp_path / "export", "guess", path=tmp_path / "imported")
    assert not (tmp_path / "imported").exists()


def test_change_passphrase(wallet):
    fill(wallet)
    wallet.change_passphrase("new passphrase", limits=FAST)
    with pytest.raises(WrongPassphrase):
        Wallet.open(wallet.path, PASSPHRASE)
    assert Wallet.open(wallet.path, "new passphrase").pseudonyms() == wallet.pseudonyms()


# -- a document that decrypts but is not a valid wallet ----------------------------------


@pytest.mark.parametrize(
    "document",
    [
        b"not json",
        b"[]",
        b'{"servers": {}}',
        b'{"servers":{},"membership":null,"issuers":[],"tokens":[],"pseudonyms":[],"x":1}',
        b'{"servers":{},"membership":null,"issuers":[],"tokens":[{"token":"!!",'
        b'"obtained_at":"2025-01-01T00:00:00+00:00","challenge":null,"pseudonym_key":null}],'
        b'"pseudonyms":[]}',
    ],
    ids=["not-json", "not-object", "missing-members", "unknown-member", "bad-base64"],
)
def test_undecodable_document_is_corrupt(tmp_path, document):
    path = tmp_path / "wallet"
    path.write_bytes(wallet_file.SealingKey.new(PASSPHRASE, FAST).seal(document))
    with pytest.raises(CorruptWallet):
        Wallet.open(path, PASSPHRASE)


def spoil_pseudonym_key(doc: dict) -> None:
    doc["pseudonyms"][1]["public_key"] = doc["pseudonyms"][0]["public_key"]


def spoil_current(doc: dict) -> None:
    doc["pseudonyms"][1]["current"] = True


def spoil_label(doc: dict) -> None:
    doc["pseudonyms"][1]["label"] = doc["pseudonyms"][0]["label"]


def spoil_key_id(doc: dict) -> None:
    doc["issuers"][0]["keys"][0]["token_key_id"] = "AAAA"


def spoil_lounge(doc: dict) -> None:
    doc["contexts"]["lounge"] = "nobody"


SPOILERS = [spoil_pseudonym_key, spoil_current, spoil_label, spoil_key_id, spoil_lounge]


@pytest.mark.parametrize("spoil", SPOILERS)
def test_inconsistent_document_is_corrupt(wallet, spoil):
    fill(wallet)
    wallet.save()
    key, document = wallet_file.unseal(wallet.path.read_bytes(), PASSPHRASE)
    parsed = json.loads(document)
    spoil(parsed)
    wallet.path.write_bytes(key.seal(json.dumps(parsed).encode()))
    with pytest.raises(CorruptWallet):
        Wallet.open(wallet.path, PASSPHRASE)


def test_save_refuses_to_write_what_open_would_refuse(wallet):
    fill(wallet)
    wallet.save()
    before = wallet.path.read_bytes()
    wallet.pseudonym("bob").current = True  # alice is current too
    with pytest.raises(ValueError, match="more than one pseudonym is current"):
        wallet.save()
    assert wallet.path.read_bytes() == before


# -- the lounge's pseudonym --------------------------------------------------------------


def test_the_lounge_choice_and_a_dismissed_suggestion_survive_save_and_open(wallet):
    fill(wallet)
    assert wallet.lounge_suggestion_due() and wallet.lounge_pseudonym() is None
    assert wallet.choose_lounge_pseudonym("bob").label == "bob"
    wallet = reopen(wallet)
    assert wallet.lounge_pseudonym().label == "bob"
    assert not wallet.lounge_suggestion_due()
    wallet.choose_lounge_pseudonym(None)
    assert wallet.lounge_suggestion_due()
    wallet.dismiss_lounge_suggestion()
    wallet = reopen(wallet)
    assert wallet.lounge_pseudonym() is None and not wallet.lounge_suggestion_due()


def test_only_a_pseudonym_of_the_wallet_can_be_the_lounge_s(wallet):
    fill(wallet)
    with pytest.raises(UnknownPseudonym):
        wallet.choose_lounge_pseudonym("carol")
    assert reopen(wallet).lounge_pseudonym() is None


def test_a_wallet_written_before_the_lounge_opens_with_the_suggestion_due(wallet):
    fill(wallet)
    wallet.save()
    sealing, document = wallet_file.unseal(wallet.path.read_bytes(), PASSPHRASE)
    old = json.loads(document)
    old.pop("contexts")
    wallet.path.write_bytes(sealing.seal(json.dumps(old).encode()))
    opened = Wallet.open(wallet.path, PASSPHRASE)
    assert opened.lounge_suggestion_due() and opened.lounge_pseudonym() is None
    assert [p.label for p in opened.pseudonyms()] == ["alice", "bob"]


# -- where the wallet lives and where the passphrase comes from --------------------------


def test_default_path_is_in_the_user_config_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert default_wallet_path() == tmp_path / "config" / "casecrowd" / "wallet"
    monkeypatch.setenv("CASECROWD_WALLET", str(tmp_path / "elsewhere"))
    assert default_wallet_path() == tmp_path / "elsewhere"
    created = Wallet.create(None, PASSPHRASE, limits=FAST)
    assert created.path == tmp_path / "elsewhere"
    assert Wallet.open(None, PASSPHRASE).path == tmp_path / "elsewhere"


def test_passphrase_comes_from_the_environment_before_the_prompt(monkeypatch):
    asked: list[str] = []

    def prompt() -> str:
        asked.append("asked")
        return "typed"

    monkeypatch.setenv("CASECROWD_PASSPHRASE", "from env")
    assert passphrase_from_env_or(prompt) == "from env"
    assert asked == []
    monkeypatch.setenv("CASECROWD_PASSPHRASE", "")
    assert passphrase_from_env_or(prompt) == "typed"
    monkeypatch.delenv("CASECROWD_PASSPHRASE")
    assert passphrase_from_env_or(prompt) == "typed"
    assert asked == ["asked", "asked"]

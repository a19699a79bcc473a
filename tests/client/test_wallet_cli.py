"""``casecrowd wallet export|import``: a copy of the wallet to another path and back."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from casecrowd.cli import cli
from casecrowd.client.wallet import KdfLimits, Wallet, WrongPassphrase
from casecrowd.client.wallet_file import HEADER_SIZE
from tests.client.support import FAST, PASSPHRASE

NEW = "the copy's own passphrase"


@pytest.fixture
def wallet(tmp_path):
    """A wallet with something in it to lose: a membership, a pseudonym, a token."""
    created = Wallet.create(tmp_path / "laptop" / "wallet", PASSPHRASE, limits=FAST)
    created.set_membership("7", "membership secret")
    created.add_pseudonym("main")
    created.add_token(b"token bytes", seed=b"s" * 32)
    created.servers["forum"] = "https://casecrowd.example"
    created.save()
    return created


def run(*args, input=None, **env):
    environment = {"CASECROWD_PASSPHRASE": PASSPHRASE, **env}
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=environment)
    return result


def same_contents(one: Wallet, other: Wallet) -> bool:
    return (
        one.membership == other.membership
        and one.pseudonyms() == other.pseudonyms()
        and one.tokens() == other.tokens()
        and one.servers == other.servers
    )


def test_a_round_trip_between_two_wallet_paths(wallet, tmp_path):
    copy = tmp_path / "usb" / "casecrowd-wallet"
    exported = run("wallet", "export", copy, "--wallet", wallet.path, "--json")
    assert exported.exit_code == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert (document["membership"], document["pseudonyms"]) == ("7", ["main"])
    assert "redeem them from one copy only" in exported.stderr

    phone = tmp_path / "phone" / "wallet"
    imported = run("wallet", "import", copy, "--wallet", phone)
    assert imported.exit_code == 0, imported.stderr
    assert same_contents(Wallet.open(phone, PASSPHRASE), wallet)
    # The imported wallet is the one the verbs now use at that path.
    listed = run("pseudonym", "list", "--json", CASECROWD_WALLET=str(phone))
    assert [p["label"] for p in json.loads(listed.stdout)["pseudonyms"]] == ["main"]


def test_a_copy_under_a_new_passphrase(wallet, tmp_path):
    copy = tmp_path / "copy"
    exported = run(
        "wallet",
        "export",
        copy,
        "--new-passphrase",
        "--wallet",
        wallet.path,
        CASECROWD_NEW_PASSPHRASE=NEW,
    )
    assert exported.exit_code == 0, exported.stderr
    with pytest.raises(WrongPassphrase):
        Wallet.open(copy, PASSPHRASE)
    assert same_contents(Wallet.open(copy, NEW), wallet)

    # Importing asks for the copy's passphrase; a wrong one installs nothing.
    target = tmp_path / "desktop" / "wallet"
    wrong = run("wallet", "import", copy, "--wallet", target)
    assert wrong.exit_code == 4
    assert "passphrase does not open" in wrong.stderr
    assert not target.exists()

    # The new device's own passphrase, typed twice at the prompt.
    retyped = run(
        "wallet",
        "import",
        copy,
        "--wallet",
        target,
        "--new-passphrase",
        input="desktop passphrase\ndesktop passphrase\n",
        CASECROWD_PASSPHRASE=NEW,
    )
    assert retyped.exit_code == 0, retyped.stderr
    assert same_contents(Wallet.open(target, "desktop passphrase"), wallet)


def test_an_existing_target_is_kept_unless_forced(wallet, tmp_path):
    copy = tmp_path / "copy"
    copy.write_bytes(b"something else")
    refused = run("wallet", "export", copy, "--wallet", wallet.path)
    assert refused.exit_code == 4
    assert "exists already; pass --force" in refused.stderr
    assert copy.read_bytes() == b"something else"
    assert run("wallet", "export", copy, "--wallet", wallet.path, "--force").exit_code == 0

    other = Wallet.create(tmp_path / "other" / "wallet", "other passphrase", limits=FAST)
    # Refused before any passphrase is asked for: none is given here.
    kept = run("wallet", "import", copy, "--wallet", other.path, CASECROWD_PASSPHRASE="")
    assert kept.exit_code == 4, kept.stderr
    assert "pass --force" in kept.stderr and "Passphrase" not in kept.stderr
    assert Wallet.open(other.path, "other passphrase").pseudonyms() == []

    replaced = run("wallet", "import", copy, "--wallet", other.path, "--force")
    assert replaced.exit_code == 0, replaced.stderr
    assert same_contents(Wallet.open(other.path, PASSPHRASE), wallet)


def test_the_wallet_is_not_its_own_copy(wallet):
    refused = run("wallet", "export", wallet.path, "--wallet", wallet.path, "--force")
    assert refused.exit_code == 2
    assert "is the wallet itself" in refused.stderr
    assert same_contents(Wallet.open(wallet.path, PASSPHRASE), wallet)


def test_nothing_to_export_without_a_wallet(tmp_path):
    missing = run("wallet", "export", tmp_path / "copy", "--wallet", tmp_path / "none")
    assert missing.exit_code == 4
    assert "wallet import FILE" in missing.stderr
    assert not (tmp_path / "copy").exists()


def test_a_copy_is_as_costly_to_guess_as_the_wallet(tmp_path):
    def cost(path: Path) -> tuple[int, int]:
        header = path.read_bytes()[:HEADER_SIZE]
        _, _, opslimit, memlimit, _ = struct.unpack(">8sHQQ16s", header)
        return opslimit, memlimit

    hardened = KdfLimits(FAST.opslimit + 1, FAST.memlimit * 2)
    wallet = Wallet.create(tmp_path / "wallet", PASSPHRASE, limits=hardened)
    wallet.export_to(tmp_path / "same", None)
    wallet.export_to(tmp_path / "new", "export passphrase")
    Wallet.import_from(
        tmp_path / "new", "export passphrase", path=tmp_path / "in", new_passphrase="x"
    )
    for copy in ("same", "new", "in"):
        assert cost(tmp_path / copy) == (hardened.opslimit, hardened.memlimit)
    assert Wallet.open(tmp_path / "same", PASSPHRASE).pseudonyms() == []

"""Key files and `casecrowd keys`: init, rotate, retire, list, collisions, concurrent creation."""

import threading
from pathlib import Path

import pytest

from casecrowd import bootstrap
from casecrowd.cli import cli
from casecrowd.clock import utcnow
from casecrowd.crypto import keys as crypto_keys
from casecrowd.crypto.errors import InvalidKey
from casecrowd.issuer import epochs
from casecrowd.issuer.keys import key_store, keyring
from casecrowd.issuer.keystore import KeyRetired, KeyStore
from tests.issuer.support import DIRECTORY_PATH, EPOCH_SECONDS, current_epoch


def key_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("issuer-epoch-"))


def run(app, *args):
    result = app.test_cli_runner().invoke(cli, ["keys", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_init_creates_the_current_epochs_key_once(own_keys_app):
    app = own_keys_app()
    folder = Path(app.config["CASECROWD_KEYS"])
    epoch = current_epoch()
    pem = folder / f"issuer-epoch-{epoch}.pem"

    assert key_files(folder) == [f"issuer-epoch-{epoch}.pem", f"issuer-epoch-{epoch}.spki"]
    assert pem.stat().st_mode & 0o777 == 0o600
    assert pem.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8
    private = crypto_keys.load_private_key(pem)
    spki = (folder / f"issuer-epoch-{epoch}.spki").read_bytes()
    assert spki == crypto_keys.public_key_spki(private.public_key())
    before = pem.read_bytes()

    assert bootstrap.initialize(app).created_paths == []
    assert pem.read_bytes() == before


def test_processes_creating_the_same_key_at_once_agree_on_one(tmp_path):
    store = KeyStore(tmp_path / "keys", EPOCH_SECONDS)
    start = threading.Barrier(4)
    results = []

    def create():
        start.wait()
        results.append(store.ensure(current_epoch()))

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len({key.spki for key, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    # No temporary file is left behind.
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == [
        f"issuer-epoch-{current_epoch()}.pem",
        f"issuer-epoch-{current_epoch()}.spki",
    ]


def test_rotate_makes_the_next_epochs_key_ahead_of_time_once(own_keys_app):
    app = own_keys_app()
    folder = Path(app.config["CASECROWD_KEYS"])
    epoch = current_epoch()

    output = run(app, "rotate")

    assert f"created key of epoch {epoch + 1}" in output
    assert f"exists  key of epoch {epoch}" in output
    nxt = folder / f"issuer-epoch-{epoch + 1}.pem"
    assert nxt.stat().st_mode & 0o777 == 0o600
    created = nxt.read_bytes()
    again = run(app, "rotate")
    assert f"exists  key of epoch {epoch + 1}" in again
    assert nxt.read_bytes() == created
    assert len(key_files(folder)) == 4
    directory = app.test_client().get(DIRECTORY_PATH).get_json(force=True)
    assert len(directory["token-keys"]) == 2


def test_retire_deletes_private_keys_of_ended_epochs_only(own_keys_app):
    app = own_keys_app()
    folder = Path(app.config["CASECROWD_KEYS"])
    epoch = current_epoch()
    with app.app_context():
        for past in (epoch - 2, epoch - 1):
            key_store().ensure(past)
    run(app, "rotate")

    output = run(app, "retire")

    assert f"retired private key of epoch {epoch - 2}" in output
    assert f"retired private key of epoch {epoch - 1}" in output
    for past in (epoch - 2, epoch - 1):
        assert not (folder / f"issuer-epoch-{past}.pem").exists()
        assert (folder / f"issuer-epoch-{past}.spki").exists()
    for kept in (epoch, epoch + 1):
        assert (folder / f"issuer-epoch-{kept}.pem").exists()
    assert "nothing to retire" in run(app, "retire")
    with app.app_context(), pytest.raises(KeyRetired):
        key_store().ensure(epoch - 1)


def test_list_shows_every_key_and_whether_its_private_key_is_kept(own_keys_app):
    app = own_keys_app()
    epoch = current_epoch()
    with app.app_context():
        key_store().ensure(epoch - 1)
    run(app, "rotate")
    run(app, "retire")

    comment, *lines = run(app, "list").splitlines()

    assert comment == (
        "# issuer casecrowd.test: token requests to"
        " http://casecrowd.test/api/v1/issuer/token-requests"
    )
    assert lines[0].split("\t") == [
        "epoch",
        "state",
        "not-before",
        "token-key-id",
        "truncated-id",
        "private-key",
    ]
    rows = {int(line.split("\t")[0]): line.split("\t") for line in lines[1:]}
    assert sorted(rows) == [epoch - 1, epoch, epoch + 1]
    assert [rows[e][1] for e in sorted(rows)] == ["ended", "current", "next"]
    assert [rows[e][5] for e in sorted(rows)] == ["no", "yes", "yes"]
    with app.app_context():
        stored = key_store().load()
    for number, row in rows.items():
        assert row[2] == epochs.format_boundary(number * EPOCH_SECONDS)
        assert row[3] == stored[number].token_key_id.hex()
        assert row[4] == f"0x{stored[number].token_key_id[-1]:02x}"


def test_a_new_key_whose_truncated_id_collides_is_generated_again(own_keys_app, monkeypatch):
    app = own_keys_app()
    epoch = current_epoch()
    with app.app_context():
        current = key_store().load()[epoch]
    # The first candidate has the current key's truncated id (it is that key);
    # the second is a fresh key whose truncated id is free.
    fresh = crypto_keys.generate_issuer_key()
    while (
        crypto_keys.truncated_token_key_id(crypto_keys.public_key_spki(fresh.public_key()))
        == current.truncated_token_key_id
    ):
        fresh = crypto_keys.generate_issuer_key()
    candidates = [fresh, current.private_key]
    calls = []

    def generate():
        calls.append(1)
        return candidates.pop()

    monkeypatch.setattr(crypto_keys, "generate_issuer_key", generate)

    run(app, "rotate")

    assert len(calls) == 2
    with app.app_context():
        stored = key_store().load()
    assert stored[epoch + 1].spki == crypto_keys.public_key_spki(fresh.public_key())
    assert stored[epoch + 1].truncated_token_key_id != current.truncated_token_key_id


def test_a_damaged_key_file_is_refused(tmp_path):
    store = KeyStore(tmp_path, EPOCH_SECONDS)
    key, _ = store.ensure(current_epoch())
    pem = store.private_path(current_epoch())
    pem.write_bytes(pem.read_bytes()[:200])

    with pytest.raises(InvalidKey):
        store.load()

    pem.unlink()
    other = crypto_keys.generate_issuer_key()
    crypto_keys.save_private_key(pem, other)  # does not match the stored token key
    with pytest.raises(InvalidKey):
        store.load()
    assert key.spki == store.public_path(current_epoch()).read_bytes()


def test_a_process_loads_the_keys_once_and_again_only_after_a_change(own_keys_app, monkeypatch):
    app = own_keys_app()
    loads = []
    real_load = KeyStore.load

    def counting_load(self):
        loads.append(1)
        return real_load(self)

    monkeypatch.setattr(KeyStore, "load", counting_load)
    now = utcnow()
    with app.app_context():
        ring = keyring()
        first = ring.current(now)
        for _ in range(5):
            assert ring.current(now) is first
        assert len(loads) == 1

        run(app, "rotate")
        loads.clear()
        assert current_epoch() + 1 in ring.by_epoch()
        assert ring.current(now).spki == first.spki
        assert len(loads) == 1

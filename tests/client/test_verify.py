"""``casecrowd verify``: the proof chain, checked against keys the user trusts."""

from __future__ import annotations

import json

import pytest

from casecrowd.client.forum import Forum
from casecrowd.client.http import ApiClient
from casecrowd.client.pseudonyms import pick
from casecrowd.crypto import envelope
from casecrowd.handles import handle_for

DIRECTORY = "/.well-known/private-token-issuer-directory"


@pytest.fixture
def proof_file(author, tmp_path):
    posted = author.json("case", "new", "--file", author.write_case())
    wallet = author.wallet()
    proof = Forum(wallet, ApiClient(author.server_url), author.server_url, pick(wallet, None))
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof.proof(posted["proof_id"])))
    return path


def failed_steps(document: dict) -> set[str]:
    return {step["name"] for step in document["steps"] if not step["ok"]}


def test_a_proof_verifies_against_the_issuers_directory(author, proof_file, server):
    checked = author.json("verify", proof_file, "--directory", server.url + DIRECTORY)
    assert checked["valid"] and checked["trusted_keys"] == 1
    saved = author.folder / "directory.json"
    saved.write_text(json.dumps(ApiClient(server.url).get_json(DIRECTORY)))
    assert author.json("verify", proof_file, "--directory", saved)["valid"]


def test_keys_of_another_issuer_are_not_trusted(author, proof_file, served, tmp_path):
    other = served({"paths": {"keys": str(tmp_path / "other-keys")}})
    checked = author.json("verify", proof_file, "--directory", other.url + DIRECTORY, expect=6)
    assert failed_steps(checked) == {"registration token 1", "registration"}
    token_step = next(s for s in checked["steps"] if s["name"] == "registration token 1")
    assert "do not trust" in token_step["explanation"]


def test_a_proof_for_another_issuer_name_finds_no_pinned_key(author, proof_file):
    checked = author.json("verify", proof_file, "--issuer-name", "elsewhere.example", expect=6)
    assert checked["trusted_keys"] == 0
    assert "registration" in failed_steps(checked)


def test_a_proof_is_bound_to_its_forum(author, proof_file):
    checked = author.json("verify", proof_file, "--origin", "https://other.example", expect=6)
    assert failed_steps(checked) == {"envelope origin", "registration token 1", "registration"}


def test_a_proof_the_proof_itself_vouches_for_is_not_enough(author, proof_file, tmp_path):
    # Swap in another key's token and its issuer key: the proof's own keys are ignored.
    proof = json.loads(proof_file.read_text())
    proof["registration_tokens"] = []
    proof_file.write_text(json.dumps(proof))
    checked = author.json("verify", proof_file, expect=6)
    assert failed_steps(checked) == {"registration"}


def test_a_file_that_is_not_a_proof(author, tmp_path):
    path = tmp_path / "nonsense.json"
    path.write_text("[1, 2]")
    assert author.run("verify", path).exit_code == 2
    path.write_text("{not json")
    assert author.run("verify", path).exit_code == 2


def test_junk_beside_a_genuine_token_is_a_warning_not_a_failure(author, proof_file):
    proof = json.loads(proof_file.read_text())
    proof["registration_tokens"].append({"token": "AAAA", "token_key_id": "junk"})
    proof_file.write_text(json.dumps(proof))
    checked = author.json("verify", proof_file)
    assert checked["valid"] and checked["warnings"] == ["registration token 2"]
    junk = next(s for s in checked["steps"] if s["name"] == "registration token 2")
    assert not junk["ok"] and junk["warning"]
    human = author.run("verify", proof_file)
    assert human.exit_code == 0 and "a warning: one good token suffices" in human.stdout

    proof["registration_tokens"] = proof["registration_tokens"][1:]
    proof_file.write_text(json.dumps(proof))
    assert failed_steps(author.json("verify", proof_file, expect=6)) == {
        "registration token 1",
        "registration",
    }


def test_verify_shows_the_signed_members_and_the_handle_of_the_key(author, proof_file):
    proof = json.loads(proof_file.read_text())
    checked = author.json("verify", proof_file)
    assert checked["signed"] == envelope.parse_canonical(proof["envelope"].encode())
    key = envelope.parse_public_key(proof["public_key"])
    assert checked["author_handle"] == handle_for(key) == proof["handle"]
    human = author.run("verify", proof_file).stdout
    assert checked["signed"]["presentation"] in human
    assert f"Author (recomputed from the key): {handle_for(key)}" in human


def test_a_handle_the_key_does_not_give_fails(author, proof_file):
    proof = json.loads(proof_file.read_text())
    proof["handle"] = "trusted-senior-abcdef"
    proof_file.write_text(json.dumps(proof))
    checked = author.json("verify", proof_file, expect=6)
    assert failed_steps(checked) == {"author handle"}
    assert checked["author_handle"] == handle_for(envelope.parse_public_key(proof["public_key"]))


def test_text_the_signature_does_not_cover_is_never_shown(author, proof_file):
    proof = json.loads(proof_file.read_text())
    proof["envelope"] = proof["envelope"].replace("salmon-pink", "violaceous")
    proof_file.write_text(json.dumps(proof))
    checked = author.json("verify", proof_file, expect=6)
    assert checked["signed"] is None
    human = author.run("verify", proof_file)
    assert "violaceous" not in human.stdout and "salmon-pink" not in human.stdout
    assert "Nothing of this proof is shown" in human.stderr

"""Proofs after a PHI purge: the text is gone, the registration of its author still verifies."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from click.testing import CliRunner

from casecrowd.cli import cli
from casecrowd.client.verify import verify
from casecrowd.crypto.proof import proof_is_valid, verify_proof
from tests.forum.physician import ISSUER_NAME, ORIGIN, case_fields
from tests.moderation.purge_support import created, purge

REMOVED = "text removed by moderation, log entry {}"
EXIT_VERIFICATION = 6


@pytest.fixture
def trusted(issuer) -> list[bytes]:
    return [issuer.spki("current")]


@pytest.fixture
def purged(author, forum_app) -> tuple[dict, dict, int]:
    """(the proof before the purge, after it, the purge's log entry) of a case's creation."""
    posted = created(author.post("case.create", **case_fields()))
    proof_id = posted["proof_id"]
    before = created(author.get(f"/api/v1/proofs/{proof_id}"), 200)
    seq = purge(forum_app, "case", posted["case_id"])
    return before, created(author.get(f"/api/v1/proofs/{proof_id}"), 200), seq


def test_a_redacted_proof_names_its_entry_and_keeps_everything_else(author, purged):
    before, after, seq = purged
    assert before["redaction"] is None and before["envelope"]
    assert after["envelope"] is None
    assert after["redaction"] == {
        "log_entry": seq,
        "envelope_sha256": hashlib.sha256(before["envelope"].encode()).hexdigest(),
        "detail": REMOVED.format(seq),
    }
    unchanged = {
        name: value for name, value in after.items() if name not in ("envelope", "redaction")
    }
    assert unchanged == {name: before[name] for name in unchanged}
    other = created(author.post("case.create", **case_fields()))["proof_id"]
    listed = created(author.get(f"/api/v1/proofs?id={after['proof_id']}&id={other}"), 200)
    assert [item["redaction"] for item in listed["items"]] == [after["redaction"], None]


def test_verify_reports_the_removal_and_still_checks_the_registration(purged, trusted, issuer):
    _, proof, seq = purged
    result = verify(proof, trusted)
    assert result.valid and result.redaction == seq and result.signed is None
    steps = {step.name: step for step in result.steps}
    assert list(steps) == [
        "author key",
        "author handle",
        "envelope signature",
        "registration token 1",
        "registration",
    ]
    removed = steps["envelope signature"]
    assert removed.explanation == REMOVED.format(seq)
    assert removed.redacted and not removed.ok and not removed.warning
    assert steps["registration"].ok and steps["author handle"].ok
    assert result.failed() == []

    untrusted = verify(proof, [issuer.spki("other")])
    assert not untrusted.valid
    assert [step.name for step in untrusted.failed()] == ["registration"]


def run_verify(tmp_path, proof: dict, directory, *options: str):
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof))
    arguments = ["verify", str(path), "--directory", str(directory), *options]
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    return CliRunner().invoke(cli, arguments, env=env, catch_exceptions=False)


def test_the_verify_command_says_the_text_was_removed_and_exits_0(
    purged, directory, issuer, tmp_path
):
    _, proof, seq = purged
    checked = run_verify(tmp_path, proof, directory, "--json")
    assert checked.exit_code == 0, checked.output
    document = json.loads(checked.stdout)
    assert document["valid"] and document["redaction"] == {"log_entry": seq}
    assert document["signed"] is None
    (step,) = [s for s in document["steps"] if s["name"] == "envelope signature"]
    assert step == {
        "name": "envelope signature",
        "ok": False,
        "warning": False,
        "redacted": True,
        "explanation": REMOVED.format(seq),
        "meaning": step["meaning"],
    }
    human = run_verify(tmp_path, proof, directory)
    assert human.exit_code == 0
    assert f"envelope signature: {REMOVED.format(seq)}" in human.stdout
    assert f"log entry {seq}." in human.stdout and "(a warning" not in human.stdout

    elsewhere = issuer.write_directory(tmp_path / "other-directory.json", ["other"])
    refused = run_verify(tmp_path, proof, elsewhere, "--json")
    assert refused.exit_code == EXIT_VERIFICATION


def restored(proof: dict, before: dict) -> None:
    proof["envelope"] = before["envelope"]


TAMPERINGS = {
    "text and redaction both": (restored, "both a text and a redaction"),
    "entry as text": (
        lambda p, b: p["redaction"].update(log_entry=str(p["redaction"]["log_entry"])),
        "no mod-log entry",
    ),
    "entry zero": (lambda p, b: p["redaction"].update(log_entry=0), "no mod-log entry"),
    "entry true": (lambda p, b: p["redaction"].update(log_entry=True), "no mod-log entry"),
    "entry missing": (lambda p, b: p["redaction"].pop("log_entry"), "no mod-log entry"),
    "digest not hex": (
        lambda p, b: p["redaction"].update(envelope_sha256="Z" * 64),
        "not a hex SHA-256",
    ),
    "digest missing": (lambda p, b: p["redaction"].pop("envelope_sha256"), "not a hex SHA-256"),
    "redaction a list": (lambda p, b: p.update(redaction=[1]), "not an object"),
    "redaction a string": (lambda p, b: p.update(redaction="removed"), "not an object"),
}


def test_a_tampered_redaction_is_reported_not_crashed_on(purged, trusted, directory, tmp_path):
    before, proof, _ = purged
    for name, (change, expected) in TAMPERINGS.items():
        tampered = copy.deepcopy(proof)
        change(tampered, before)
        steps = verify_proof(tampered, trusted, origin=ORIGIN, issuer_name=ISSUER_NAME)
        assert not proof_is_valid(steps), name
        (failed,) = [step for step in steps if not step.ok and not step.warning]
        assert failed.name == "envelope signature", name
        assert expected in failed.explanation and not failed.redacted, name
        result = verify(tampered, trusted)
        assert not result.valid and result.redaction is None and result.signed is None, name

    both = copy.deepcopy(proof)
    restored(both, before)
    checked = run_verify(tmp_path, both, directory)
    assert checked.exit_code == EXIT_VERIFICATION
    assert "both a text and a redaction" in checked.stdout
    assert "Recurrent fevers" not in checked.stdout

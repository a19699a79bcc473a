"""Proofs after a withdrawal: the text is gone, the proof names the withdrawal, and the
offline checker reports one redacted step, "withdrawn by its author"; a malformed
redaction fails.
"""

from __future__ import annotations

import copy
import hashlib
import json

import pytest

from casecrowd.client.verify import verify
from casecrowd.crypto.proof import WITHDRAWN_DETAIL, proof_is_valid, verify_proof
from tests.forum.physician import ISSUER_NAME, ORIGIN, case_fields
from tests.moderation.purge_support import created
from tests.moderation.test_purge_proofs import EXIT_VERIFICATION, run_verify


@pytest.fixture
def trusted(issuer) -> list[bytes]:
    return [issuer.spki("current")]


@pytest.fixture
def withdrawn(author) -> tuple[dict, dict, dict]:
    """(a case creation's proof before its withdrawal, after it, the withdrawal's proof)."""
    posted = created(author.post("case.create", **case_fields()))
    proof_id = posted["proof_id"]
    before = created(author.get(f"/api/v1/proofs/{proof_id}"), 200)
    withdrawal = created(author.post("withdraw", target="case", target_id=posted["case_id"]), 200)
    after = created(author.get(f"/api/v1/proofs/{proof_id}"), 200)
    return before, after, created(author.get(f"/api/v1/proofs/{withdrawal['proof_id']}"), 200)


def test_the_proof_names_the_withdrawal_and_keeps_everything_else(withdrawn):
    before, after, withdrawal = withdrawn
    assert after["envelope"] is None
    assert after["redaction"] == {
        "log_entry": None,
        "withdrawal": withdrawal["proof_id"],
        "envelope_sha256": hashlib.sha256(before["envelope"].encode()).hexdigest(),
        "detail": WITHDRAWN_DETAIL,
    }
    unchanged = {k: v for k, v in after.items() if k not in ("envelope", "redaction")}
    assert unchanged == {name: before[name] for name in unchanged}
    # The withdrawal itself is never redacted: anyone can check who signed it.
    assert withdrawal["redaction"] is None and withdrawal["kind"] == "withdraw"


def test_the_checker_reports_a_redacted_step_withdrawn_by_its_author(withdrawn, trusted):
    _, proof, withdrawal = withdrawn
    result = verify(proof, trusted)
    assert result.valid and result.signed is None
    assert (result.redaction, result.withdrawal) == (None, withdrawal["proof_id"])
    (step,) = [s for s in result.steps if s.name == "envelope signature"]
    assert step.redacted and not step.ok and not step.warning
    assert step.explanation.startswith(WITHDRAWN_DETAIL)
    assert result.failed() == []
    signed = verify(withdrawal, trusted)
    assert signed.valid and signed.signed["target_id"] > 0
    assert signed.author_handle == result.author_handle


def test_the_verify_command_says_withdrawn_by_its_author(withdrawn, directory, tmp_path):
    _, proof, withdrawal = withdrawn
    checked = run_verify(tmp_path, proof, directory, "--json")
    assert checked.exit_code == 0, checked.output
    document = json.loads(checked.stdout)
    assert document["valid"] and document["signed"] is None
    assert document["redaction"] == {"log_entry": None, "withdrawal": withdrawal["proof_id"]}
    human = run_verify(tmp_path, proof, directory)
    assert human.exit_code == 0
    assert f"No text is shown: {WITHDRAWN_DETAIL}" in human.stdout


def restored(proof: dict, before: dict) -> None:
    proof["envelope"] = before["envelope"]


def redaction(**members):
    return lambda proof, before: proof["redaction"].update(**members)


TAMPERINGS = {
    "text and redaction both": (restored, "both a text and a redaction"),
    "entry and withdrawal both": (redaction(log_entry=3), "both a mod-log entry and a withdrawal"),
    "neither": (redaction(withdrawal=None), "no mod-log entry and no withdrawal"),
    "withdrawal missing": (
        lambda p, b: p["redaction"].pop("withdrawal"),
        "no mod-log entry and no withdrawal",
    ),
    "withdrawal as text": (redaction(withdrawal="7"), "withdrawal is not a proof id"),
    "withdrawal zero": (redaction(withdrawal=0), "withdrawal is not a proof id"),
    "withdrawal true": (redaction(withdrawal=True), "withdrawal is not a proof id"),
    "withdrawal a list": (redaction(withdrawal=[7]), "withdrawal is not a proof id"),
    "entry as text beside it": (
        redaction(log_entry="1"),
        "both a mod-log entry and a withdrawal",
    ),
    "digest missing": (lambda p, b: p["redaction"].pop("envelope_sha256"), "not a hex SHA-256"),
}


@pytest.mark.parametrize("name", TAMPERINGS)
def test_a_malformed_withdrawal_redaction_fails(withdrawn, trusted, name):
    before, proof, _ = withdrawn
    change, expected = TAMPERINGS[name]
    tampered = copy.deepcopy(proof)
    change(tampered, before)
    steps = verify_proof(tampered, trusted, origin=ORIGIN, issuer_name=ISSUER_NAME)
    assert not proof_is_valid(steps)
    (failed,) = [step for step in steps if not step.ok and not step.warning]
    assert failed.name == "envelope signature" and not failed.redacted
    assert expected in failed.explanation
    result = verify(tampered, trusted)
    assert not result.valid and result.withdrawal is None and result.signed is None


def test_the_verify_command_refuses_a_malformed_withdrawal(withdrawn, directory, tmp_path):
    before, proof, _ = withdrawn
    tampered = copy.deepcopy(proof)
    tampered["redaction"]["log_entry"] = 1
    checked = run_verify(tmp_path, tampered, directory)
    assert checked.exit_code == EXIT_VERIFICATION
    assert "both a mod-log entry and a withdrawal" in checked.stdout

"""A case page names the proof of everything it shows: each revision, acceptance, outcome."""

from __future__ import annotations

from casecrowd.crypto import envelope
from tests.forum.physician import Physician, case_fields


def signed(reader: Physician, proof_id: int) -> dict:
    proof = reader.get(f"/api/v1/proofs/{proof_id}").body
    return envelope.parse_canonical(proof["envelope"].encode())


def test_the_case_names_the_proof_of_each_revision(author):
    created = author.post("case.create", **case_fields()).body
    case_id = created["case_id"]
    edits = [
        author.post("case.edit", case_id=case_id, title="Recurrent fevers and arthritis").body,
        author.post("case.edit", case_id=case_id, question="Is this Still's disease?").body,
    ]
    case = author.get(f"/api/v1/cases/{case_id}").body
    revisions = author.get(f"/api/v1/cases/{case_id}/revisions").body
    expected = [created["proof_id"], *(edit["proof_id"] for edit in edits)]
    assert case["revision_proof_ids"] == [r["proof_id"] for r in revisions] == expected
    assert case["proof_id"] == created["proof_id"]
    # The text shown now is the latest envelope's members over the earlier ones'.
    assert case["latest_proof_id"] == edits[-1]["proof_id"]
    assert signed(author, case["latest_proof_id"])["question"] == case["question"]
    assert signed(author, expected[1])["title"] == case["title"]


def test_an_answer_names_the_proof_of_each_revision(author, peer):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    answer = peer.post("answer.create", case_id=case_id, body="Consider lymphoma.").body
    edit = peer.post("answer.edit", answer_id=answer["answer_id"], body="Lymphoma, then AOSD.")
    assert edit.status == 200, edit.body
    (shown,) = author.get(f"/api/v1/cases/{case_id}").body["answers"]
    assert shown["proof_id"] == answer["proof_id"]
    assert shown["revision_proof_ids"] == [answer["proof_id"], edit.body["proof_id"]]
    assert shown["latest_proof_id"] == edit.body["proof_id"]
    assert signed(author, shown["latest_proof_id"])["body"] == shown["body"]


def test_acceptance_and_outcome_name_their_proofs(author, peer):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["accept_proof_id"] is None and case["outcome_proof_id"] is None
    answer_id = peer.post("answer.create", case_id=case_id, body="Consider lymphoma.").body[
        "answer_id"
    ]
    accepted = author.post("answer.accept", answer_id=answer_id).body
    outcome = author.post("case.outcome", case_id=case_id, outcome="Lymphoma on biopsy.").body
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["accept_proof_id"] == accepted["proof_id"]
    assert case["outcome_proof_id"] == outcome["proof_id"]
    assert signed(author, case["accept_proof_id"])["answer_id"] == case["accepted_answer_id"]
    assert signed(author, case["outcome_proof_id"])["outcome"] == case["outcome"]

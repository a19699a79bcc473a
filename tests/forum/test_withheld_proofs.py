"""Proofs that are their author's alone: flags, appeals, and posts hidden pending review."""

from __future__ import annotations

import pytest

from tests.forum.physician import case_fields


@pytest.fixture
def forum_app(make_app, forum_settings):
    # One PHI flag hides: the author's own proofs stay readable, others' vanish.
    return make_app(
        forum_settings(
            {
                "forum": {
                    "moderation": {"phi_hide_threshold": 1},
                    "limits": {"new_pseudonym_days": 0},
                }
            }
        )
    )


def _proof(doctor, proof_id: int):
    return doctor.get(f"/api/v1/proofs/{proof_id}")


def test_a_flag_proof_is_read_by_its_author_only(author, peer, physician):
    case = author.post("case.create", **case_fields())
    flag = peer.post("flag", target="case", target_id=case.body["case_id"], reason="spam")
    assert flag.status == 201
    assert _proof(peer, flag.body["proof_id"]).status == 200
    for reader in (author, physician().join()):
        refused = _proof(reader, flag.body["proof_id"])
        assert refused.status == 404
        assert refused.body["type"].endswith("proof-not-found")
        listed = reader.get(f"/api/v1/proofs?id={flag.body['proof_id']}&id={case.body['proof_id']}")
        assert [item["proof_id"] for item in listed.body["items"]] == [case.body["proof_id"]]


def test_a_hidden_post_proves_nothing_to_others_until_restored(author, peer, physician):
    case = author.post("case.create", **case_fields())
    answer = author.post("answer.create", case_id=case.body["case_id"], body="Check ferritin.")
    flagged = peer.post("flag", target="answer", target_id=answer.body["answer_id"], reason="phi")
    assert flagged.body["hidden"] is True
    reader = physician().join()
    assert _proof(reader, answer.body["proof_id"]).status == 404
    assert _proof(author, answer.body["proof_id"]).status == 200
    # The case itself is not hidden: its proof stays public.
    assert _proof(reader, case.body["proof_id"]).status == 200

"""The whole journey through the ``casecrowd`` client verbs, against a live gunicorn server."""

from __future__ import annotations

import json

import pytest

from casecrowd.cli import cli
from casecrowd.client.forum import Forum
from casecrowd.client.http import ApiClient
from casecrowd.client.pseudonyms import pick
from tests.client.support import Physician
from tests.staff.support import add_account

pytestmark = pytest.mark.live


def approve_at_the_desk(app, application_id: int) -> None:
    """The verifier's decision from the server's shell: `casecrowd desk approve`."""
    runner = app.test_cli_runner()
    pending = runner.invoke(cli, ["desk", "pending"]).output.splitlines()
    assert str(application_id) in [line.split("\t")[0] for line in pending]
    decided = runner.invoke(cli, ["desk", "approve", str(application_id), "--verifier", "vera"])
    assert decided.exit_code == 0, decided.output


def join(physician: Physician, app, label: str) -> dict:
    """apply → approval (the status check obtains the quota) → pseudonym new --now."""
    applied = physician.apply()
    assert applied["status"] == "pending"
    assert physician.json("status")["tokens_obtained"] is None
    approve_at_the_desk(app, applied["application_id"])
    state = physician.json("status")
    assert state["status"] == "approved"
    fetched = state["tokens_obtained"]
    assert (fetched["obtained"], fetched["waiting"], fetched["stopped_by"]) == (3, 3, None)
    assert fetched["newly_pinned"] == [fetched["token_key_id"]]
    return physician.json("pseudonym", "new", "--label", label, "--now")


def test_from_application_to_a_verified_accepted_answer(
    live_at_own_url, make_app, tmp_path, monkeypatch
):
    app = make_app()
    add_account(app, "vera", "verifier")
    server = live_at_own_url(workers=2)
    author = Physician(tmp_path / "author", server.url, "author")
    peer = Physician(tmp_path / "peer", server.url, "peer")

    # A pending application gets no tokens; the issuer's refusal is shown, exit 1.
    applied = author.apply()
    refused = author.json("tokens", "fetch", expect=1)
    assert refused["error"]["status"] == 403
    assert refused["error"]["membership_status"] == "pending"
    approve_at_the_desk(app, applied["application_id"])
    state = author.json("status")
    assert state["status"] == "approved" and state["tokens_obtained"]["obtained"] == 3

    # Asked for right after issuance, a pseudonym is queued for its token's own time...
    queued = author.run("pseudonym", "new", "--label", "later")
    assert queued.exit_code == 0, queued.stderr
    assert "queued: it registers from" in queued.stdout
    listed = author.json("pseudonym", "list")
    assert (listed["queued"], listed["tokens_waiting"]) == (["later"], 2)
    # ...unless the physician says --now, and is told what that costs.
    registered = author.json("pseudonym", "new", "--label", "author", "--now")
    assert registered["current"] and registered["handle"]
    listed = author.json("pseudonym", "list")
    assert [p["label"] for p in listed["pseudonyms"]] == ["author"]
    assert listed["tokens_waiting"] == 1

    peer_pseudonym = join(peer, app, "peer")

    # A case with an identifier never leaves the device (exit 3, nothing posted).
    leaky = author.write_case(
        author.write_case()
        .read_text()
        .replace("No travel.", "Seen at Mercy Hospital on 03/14/2025."),
        "leaky.md",
    )
    blocked = author.json("case", "new", "--file", leaky, expect=3)
    assert {f["excerpt"] for f in blocked["error"]["findings"]} >= {"03/14/2025"}
    assert author.json("cases", "list")["items"] == []

    case = author.json("case", "new", "--file", author.write_case())
    case_id = case["case_id"]
    answer = peer.json(
        "answer",
        case_id,
        "Adult-onset Still's disease fits; exclude lymphoma and infection first.",
        "--dx",
        "Adult-onset Still's disease | Yamaguchi criteria",
        "--dx",
        "Lymphoma",
    )
    comment = peer.json("comment", "--case", case_id, "Was a bone marrow biopsy done?")
    assert comment["comment_id"]
    edited = peer.json(
        "edit", "answer", answer["answer_id"], "Adult-onset Still's disease, once lymphoma is out."
    )
    assert edited["revision"] == 2

    voted = author.json("vote", "answer", answer["answer_id"], "up")
    assert (voted["value"], voted["counted"]) == (1, True)
    self_vote = author.json("vote", "case", case_id, "up", expect=1)
    assert self_vote["error"]["type"].endswith("self-vote")
    accepted = author.json("accept", answer["answer_id"])
    assert accepted["case_id"] == case_id

    shown = peer.json("case", "show", case_id)
    assert shown["status"] == "solved" and shown["accepted_answer_id"] == answer["answer_id"]
    (answered,) = shown["answers"]
    assert answered["author"] == peer_pseudonym["handle"]
    assert answered["score"] == 1 and answered["revision"] == 2
    assert [d["diagnosis"] for d in answered["differential"]] == [
        "Adult-onset Still's disease",
        "Lymphoma",
    ]
    assert shown["comments"][0]["body"] == "Was a bone marrow biopsy done?"
    listed_cases = author.json("cases", "list")["items"]
    assert [(c["id"], c["status"]) for c in listed_cases] == [(case_id, "solved")]

    # Anyone holding pinned issuer keys checks the answer's proof, offline.
    verified = author.json("verify", answer["proof_id"])
    assert verified["valid"] and all(step["ok"] for step in verified["steps"])
    assert "registration" in [step["name"] for step in verified["steps"]]

    # A saved proof verifies as a file; an altered one does not (exit 6).
    wallet = author.wallet()
    api = ApiClient(server.url)
    proof = Forum(wallet, api, server.url, pick(wallet, None)).proof(answer["proof_id"])
    saved = tmp_path / "proof.json"
    saved.write_text(json.dumps(proof))
    assert author.json("verify", saved)["valid"]
    proof["envelope"] = proof["envelope"].replace("lymphoma", "sarcoidosis")
    saved.write_text(json.dumps(proof))
    tampered = author.json("verify", saved, expect=6)
    failed = {step["name"] for step in tampered["steps"] if not step["ok"]}
    assert failed == {"envelope signature"}

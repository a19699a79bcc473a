"""``case show`` renders what the authors signed; a forum that rewrites its database is caught."""

from __future__ import annotations

from sqlalchemy import update

from casecrowd.client import shown, verify
from casecrowd.client.forum import Forum
from casecrowd.client.http import ApiClient
from casecrowd.client.pseudonyms import pick
from casecrowd.db import db
from casecrowd.forum.models import Answer, Case, Comment, Pseudonym
from tests.client.support import Physician, registered_member

SIGNED_TITLE = "Recurrent fevers with a migratory rash"
FORGED_TITLE = "Recurrent fevers after a tick bite"
FORGED_PRESENTATION = "Three months of fevers after hiking in Connecticut."
DIFFERS = "[differs from the signed text]"


def rewrite(server, model, row_id: int, **values) -> None:
    """What a forum operator with database access can do without any author's key."""
    with server.app.app_context():
        db.session.execute(update(model).where(model.id == row_id).values(**values))
        db.session.commit()


def items(document: dict, kind: str) -> list[dict]:
    return [item for item in document["verification"]["items"] if item["item"] == kind]


def test_a_genuine_case_page_is_verified(author, case_id):
    page = author.json("case", "show", case_id)
    assert page["verification"]["valid"]
    (case,) = items(page, "case")
    assert case["status"] == "verified" and case["differs"] == [] and case["problems"] == []
    assert case["signed"]["title"] == page["title"] == SIGNED_TITLE
    assert case["author_handle"] == page["author"]
    human = author.run("case", "show", case_id)
    assert human.exit_code == 0, human.stderr
    assert SIGNED_TITLE in human.stdout and DIFFERS not in human.stdout
    assert "as its author signed it" in human.stdout


def test_a_case_rewritten_in_the_database_is_marked_and_fails(server, author, case_id):
    rewrite(server, Case, case_id, title=FORGED_TITLE, presentation=FORGED_PRESENTATION)
    page = author.json("case", "show", case_id, expect=6)
    assert page["title"] == FORGED_TITLE  # the forum's JSON, as served
    (case,) = items(page, "case")
    assert case["status"] == "failed"
    assert case["differs"] == ["title", "presentation"] and case["problems"] == []
    assert case["signed"]["title"] == SIGNED_TITLE

    human = author.run("case", "show", case_id)
    assert human.exit_code == 6
    # Rendered from the envelope: the signed title, marked; the forged text never shown.
    assert f"{SIGNED_TITLE} {DIFFERS}" in human.stdout
    assert FORGED_TITLE not in human.stdout and FORGED_PRESENTATION not in human.stdout
    assert "the forum shows a title that differs from the signed text" in human.stderr

    # The proof itself still verifies, and verify shows what it signed: the original.
    checked = author.json("verify", page["latest_proof_id"])
    assert checked["valid"] and checked["signed"]["title"] == SIGNED_TITLE
    assert checked["author_handle"] == page["author"]
    shown_proof = author.run("verify", page["latest_proof_id"])
    assert shown_proof.exit_code == 0
    assert SIGNED_TITLE in shown_proof.stdout and FORGED_TITLE not in shown_proof.stdout
    assert f"Author (recomputed from the key): {page['author']}" in shown_proof.stdout


def test_after_a_genuine_edit_the_latest_revision_is_shown_as_verified(author, case_id):
    edited = "Recurrent fevers, rash and arthritis"
    author.json("edit", "case", case_id, "--title", edited)
    page = author.json("case", "show", case_id)
    assert page["verification"]["valid"]
    (case,) = items(page, "case")
    assert case["status"] == "verified" and case["signed"]["title"] == edited
    assert case["proof_ids"] == page["revision_proof_ids"] and len(case["proof_ids"]) == 2
    # Fields the edit did not sign come from the creation.
    assert case["signed"]["question"] == page["question"]
    human = author.run("case", "show", case_id)
    assert human.exit_code == 0 and edited in human.stdout and DIFFERS not in human.stdout


def test_answers_comments_and_acceptance_are_checked_too(server, tmp_path, author, case_id):
    peer = registered_member(server, tmp_path, "peer")
    answer_id = peer.json("answer", case_id, "Consider lymphoma.")["answer_id"]
    peer.json("edit", "answer", answer_id, "Lymphoma first, then Still's disease.")
    comment_id = author.json("comment", "--answer", answer_id, "Marrow was normal.")["comment_id"]
    assert author.json("case", "show", case_id)["verification"]["valid"]

    rewrite(server, Answer, answer_id, body="Certainly Still's disease; treat now.")
    rewrite(server, Comment, comment_id, body="Marrow showed lymphoma.")
    # Marked as accepted and solved without any signed acceptance.
    rewrite(server, Case, case_id, accepted_answer_id=answer_id, status="solved")
    page = author.json("case", "show", case_id, expect=6)
    (answer,) = items(page, "answer")
    assert answer["differs"] == ["body", "accepted"]
    assert answer["signed"]["body"] == "Lymphoma first, then Still's disease."
    (comment,) = items(page, "comment")
    assert comment["differs"] == ["body"] and comment["signed"]["body"] == "Marrow was normal."
    (case,) = items(page, "case")
    assert case["differs"] == ["status"]
    human = author.run("case", "show", case_id).stdout
    assert "Certainly Still's disease" not in human and "showed lymphoma" not in human


def test_a_handle_the_key_does_not_give_is_marked(server, author, case_id):
    with server.app.app_context():
        db.session.execute(update(Pseudonym).values(handle="trusted-senior-abcdef"))
        db.session.commit()
    page = author.json("case", "show", case_id, expect=6)
    (case,) = items(page, "case")
    assert case["differs"] == ["author"]
    checked = author.json("verify", page["proof_id"], expect=6)
    handle_step = next(s for s in checked["steps"] if s["name"] == "author handle")
    assert not handle_step["ok"] and not handle_step["warning"]
    assert checked["author_handle"] != "trusted-senior-abcdef"


def reader_forum(physician: Physician) -> Forum:
    wallet = physician.wallet()
    return Forum(wallet, ApiClient(physician.server_url), physician.server_url, pick(wallet, None))


def test_without_trusted_issuer_keys_the_page_is_not_verified_but_still_compared(
    server, author, case_id
):
    forum = reader_forum(author)
    page = forum.case(case_id)
    proofs = forum.proofs(shown.proof_ids_of(page))
    untrusting = shown.checker(lambda name: [], forum.origin)
    result = shown.compose(page, proofs, untrusting)
    assert result.valid and result.case.status == shown.UNVERIFIED
    assert shown.NO_TRUSTED_KEYS in result.case.warnings

    rewrite(server, Case, case_id, title=FORGED_TITLE)
    result = shown.compose(forum.case(case_id), proofs, untrusting)
    assert not result.valid and result.case.differs == ["title"]


def test_revisions_spliced_or_reordered_by_the_forum_are_refused(author, case_id):
    other = author.json("case", "new", "--file", author.write_case(name="other.md"))["case_id"]
    author.json("edit", "case", other, "--title", "An edit of the other case")
    author.json("edit", "case", case_id, "--title", "A first edit of this case")
    author.json("edit", "case", case_id, "--title", "A second edit of this case")
    forum = reader_forum(author)
    check = shown.checker(lambda name: verify.pinned_keys(forum.wallet, name), forum.origin)
    page = forum.case(case_id)
    first, one, two = page["revision_proof_ids"]
    foreign = forum.case(other)["latest_proof_id"]

    spliced = {**page, "revision_proof_ids": [first, one, foreign]}
    result = shown.compose(spliced, forum.proofs([first, one, foreign]), check)
    assert not result.valid and result.case.signed is None
    assert result.case.problems == [f"proof {foreign} signs something else than this case.edit"]

    reordered = {**page, "revision_proof_ids": [first, two, one]}
    result = shown.compose(reordered, forum.proofs([first, one, two]), check)
    assert not result.valid
    assert result.case.problems == [f"proof {one} was signed before the revision it follows"]

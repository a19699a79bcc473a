"""The PHI purge: the text of a case, an answer or a comment leaves every row and every file."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from casecrowd import db as databases
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import (
    Answer,
    AnswerRevision,
    Appeal,
    Case,
    CaseRevision,
    Comment,
    EnvelopeRedaction,
    Flag,
    ModerationLogEntry,
    ModerationTarget,
    SignedEnvelope,
)
from casecrowd.moderation import log
from casecrowd.moderation.purge import purge_target
from tests.conftest import ON_POSTGRES
from tests.forum.physician import case_fields
from tests.moderation.purge_support import (
    UNCERTAIN,
    Marker,
    Posts,
    created,
    forum_table_names,
    marked_posts,
    purge,
    purge_all,
    span_hashes,
    sqlite_file_bytes,
    tables_holding,
)

only_sqlite = pytest.mark.skipif(ON_POSTGRES, reason="SQLite's file and pragmas")


@pytest.fixture
def third(physician):
    return physician().join()


@pytest.fixture
def marker() -> Marker:
    return Marker.new()


@pytest.fixture
def posts(author, peer, third, marker) -> Posts:
    return marked_posts(author, peer, third, marker)


@pytest.fixture
def control(third) -> tuple[int, Marker]:
    """Another case, never purged: its words must stay, and stay searchable."""
    word = Marker.new()
    fields = case_fields(history=f"Exposed to {word.word} dust at work.")
    return created(third.post("case.create", **fields))["case_id"], word


def search(member, words: str) -> list[int]:
    reply = member.get(f"/api/v1/search?q={words}")
    assert reply.status == 200, reply.body
    return [item["id"] for item in reply.body["items"]]


def test_no_cell_of_the_forum_database_keeps_the_purged_text(forum_app, posts, control):
    _, kept = control
    # The scan is only as good as its list of tables: every model's, and SQLite's own.
    with forum_app.app_context(), databases.engine("forum").connect() as connection:
        listed = set(forum_table_names(connection))
        assert set(databases.metadata("forum").tables) <= listed
    if not ON_POSTGRES:
        assert {"sqlite_master", "cases_fts_data", "answers_fts_idx"} <= listed
    acknowledged = span_hashes(UNCERTAIN)
    assert tables_holding(forum_app, lambda text: any(h in text for h in acknowledged))
    assert "case_revisions" in tables_holding(forum_app, posts.marker.found_in)
    purge_all(forum_app, posts)
    assert tables_holding(forum_app, posts.marker.found_in) == set()
    assert tables_holding(forum_app, lambda text: any(h in text for h in acknowledged)) == set()
    assert {"cases", "case_revisions", "signed_envelopes"} <= tables_holding(
        forum_app, kept.found_in
    )


@only_sqlite
def test_the_sqlite_files_keep_no_copy_once_the_purge_is_committed(forum_app, posts, control):
    _, kept = control
    before = sqlite_file_bytes(forum_app)
    assert posts.marker.needle.encode() in before
    purge_all(forum_app, posts)
    after = sqlite_file_bytes(forum_app)
    assert posts.marker.needle.encode() not in after
    assert posts.marker.word.encode() not in after
    assert kept.word.encode() in after


def test_search_forgets_the_purged_case_and_finds_the_others(author, forum_app, posts, control):
    control_id, kept = control
    word = posts.marker.word
    assert search(author, word) == [posts.case_id]
    purge_all(forum_app, posts)
    assert search(author, word) == []
    assert search(author, word.lower()[:8] + "*") == []
    assert search(author, kept.word) == [control_id]
    # Every word of the purged case went, the ones it shared with others too.
    assert search(author, "fevers") == [control_id]


def test_the_purged_posts_keep_their_place_and_their_signatures(forum_app, posts):
    with forum_app.app_context():
        every = [i for ids in posts.envelope_ids.values() for i in ids]
        before = {row.id: row for row in db.session.scalars(sa.select(SignedEnvelope))}
        signed = {i: (before[i].envelope, before[i].signature, before[i].kind) for i in every}
        responses = {i: before[i].response_body for i in every}
        quiet_flag = before[posts.quiet_flag_envelope].envelope
    seqs = purge_all(forum_app, posts)
    with forum_app.app_context():
        case = db.session.get(Case, posts.case_id)
        assert (case.title, case.history, case.examination, case.outcome) == ("", "", "", "")
        assert (case.age, case.sex, case.status, case.revision) == ("34", "female", "solved", 2)
        assert case.outcome_phi_acknowledged == []
        revisions = db.session.scalars(sa.select(CaseRevision).order_by(CaseRevision.number))
        for revision in revisions:
            assert revision.fields["presentation"] == revision.fields["question"] == ""
            assert revision.fields["tags"] == ["infectious-disease", "rheumatology"]
            assert revision.phi_acknowledged == []
        answer = db.session.get(Answer, posts.answer_id)
        assert (answer.body, answer.differential, answer.revision) == ("", [], 2)
        answer_revisions = db.session.scalars(sa.select(AnswerRevision)).all()
        assert [r.fields for r in answer_revisions] == [{"body": "", "differential": []}] * 2
        assert db.session.get(Comment, posts.comment_id).body == ""
        for kind, target_id in (("case", posts.case_id), ("answer", posts.answer_id)):
            assert db.session.get(ModerationTarget, (kind, target_id)).redacted_seq == seqs[kind]
        redactions = {r.envelope_id: r for r in db.session.scalars(sa.select(EnvelopeRedaction))}
        assert set(redactions) == set(every)
        for envelope_id, (text, signature, kind) in signed.items():
            row = db.session.get(SignedEnvelope, envelope_id)
            assert (row.envelope, row.signature, row.kind) == ("", signature, kind)
            assert row.response_body == responses[envelope_id]
            digest = hashlib.sha256(text.encode()).hexdigest()
            assert redactions[envelope_id].envelope_sha256 == digest
        assert {redactions[i].log_seq for i in posts.envelope_ids["outcome"]} == {seqs["case"]}
        quiet = db.session.get(SignedEnvelope, posts.quiet_flag_envelope)
        assert quiet.envelope == quiet_flag != ""
        assert {flag.note for flag in db.session.scalars(sa.select(Flag))} == {""}
        notes = db.session.scalars(sa.select(ModerationLogEntry.note)).all()
        assert notes == ["", "", ""]


def test_an_appeal_of_an_entry_about_the_post_is_purged_with_it(author, forum_app, marker):
    case_id = created(author.post("case.create", **case_fields()))["case_id"]
    with forum_app.app_context():
        hide = log.append("hide", "phi", "case", case_id, "mod-1", note=f"saw {marker.word}")
        db.session.commit()
        seq = hide.seq
    text = f"{marker.word} is a factory, not a place."
    proof_id = created(author.post("appeal", log_entry=seq, text=text))["proof_id"]
    purged = purge(forum_app, "case", case_id)
    assert tables_holding(forum_app, marker.found_in) == set()
    with forum_app.app_context():
        (appeal,) = db.session.scalars(sa.select(Appeal)).all()
        assert (appeal.envelope_id, appeal.text) == (proof_id, "")
        assert db.session.get(EnvelopeRedaction, proof_id).log_seq == purged


def test_a_second_purge_redacts_only_what_came_since(author, forum_app, marker):
    case_id = created(author.post("case.create", **case_fields()))["case_id"]
    first = purge(forum_app, "case", case_id)
    edit = author.post("case.edit", case_id=case_id, history=f"Back from {marker.word}.")
    assert created(edit, 200)["revision"] == 2
    assert "cases" in tables_holding(forum_app, marker.found_in)
    second = purge(forum_app, "case", case_id)
    assert tables_holding(forum_app, marker.found_in) == set()
    with forum_app.app_context():
        seqs = dict(
            db.session.execute(
                sa.select(EnvelopeRedaction.envelope_id, EnvelopeRedaction.log_seq)
            ).all()
        )
        state = db.session.get(ModerationTarget, ("case", case_id))
        assert state.redacted_seq == second
    assert sorted(seqs.values()) == [first, second]
    assert seqs[edit.body["proof_id"]] == second


def test_a_stored_response_keeps_its_ids_and_loses_any_text(author, forum_app, marker):
    posted = created(author.post("case.create", **case_fields()))
    with forum_app.app_context():
        row = db.session.get(SignedEnvelope, posted["proof_id"])
        row.response_body = {**row.response_body, "echo": marker.word, "words": [marker.word]}
        db.session.commit()
    purge(forum_app, "case", posted["case_id"])
    with forum_app.app_context():
        kept = db.session.get(SignedEnvelope, posted["proof_id"]).response_body
    assert kept == {**posted, "words": []}


def test_a_purge_rolled_back_changes_nothing(author, forum_app, marker):
    title = f"Fevers after {marker.word} exposure"
    case_id = created(author.post("case.create", **case_fields(title=title)))["case_id"]
    with forum_app.app_context():
        entry = log.append("purge", "phi", "case", case_id, "mod-1")
        purge_target("case", case_id, entry.seq)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EnvelopeRedaction)) == 0
        assert db.session.get(ModerationTarget, ("case", case_id)) is None
    assert {"cases", "case_revisions", "signed_envelopes"} <= tables_holding(
        forum_app, marker.found_in
    )


def test_a_missing_post_is_its_404(forum_app):
    missing = {
        "case": errors.CaseNotFound,
        "answer": errors.AnswerNotFound,
        "comment": errors.CommentNotFound,
    }
    with forum_app.app_context():
        for kind, error in missing.items():
            with pytest.raises(error):
                purge_target(kind, 424242, 1)
            db.session.rollback()


@only_sqlite
def test_every_connection_zeroes_what_it_frees(forum_app):
    # SQLite builds differ in their default: the application sets it on each connection.
    with forum_app.app_context():
        for bind in databases.BINDS:
            with databases.engine(bind).connect() as connection:
                assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1

"""``casecrowd flag`` and ``casecrowd appeal`` against the in-process forum, refusals included."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from casecrowd.client.cli import context as cli_context
from casecrowd.client.http import ServerProblem
from casecrowd.db import db
from casecrowd.forum.models import Flag, Pseudonym, Sanction
from casecrowd.moderation import log
from tests.client.support import registered_member

SUSPENDED_UNTIL = datetime(2031, 12, 9, 10, 0, tzinfo=UTC)


@pytest.fixture
def peer(server, tmp_path):
    return registered_member(server, tmp_path, "peer")


def handle_of(member) -> str:
    return member.wallet().current_pseudonym().handle


def record(server, action: str, target_kind: str, target_id, reason: str = "other") -> int:
    """A moderator's entry in the mod log, as the moderation desk writes it; its seq."""
    with server.app.app_context():
        seq = log.append(action, reason, target_kind, target_id, "mod-1").seq
        db.session.commit()
    return seq


def sanction(server, member, kind: str, ends: datetime | None) -> int:
    """A suspension or ban of ``member``'s pseudonym with its mod-log entry; the entry's seq."""
    handle = handle_of(member)
    with server.app.app_context():
        entry = log.append(kind, "harassment", "pseudonym", handle, "mod-1")
        pseudonym_id = db.session.scalars(select(Pseudonym.id).filter_by(handle=handle)).one()
        db.session.add(
            Sanction(
                pseudonym_id=pseudonym_id,
                kind=kind,
                log_seq=entry.seq,
                starts=datetime(2020, 1, 1, tzinfo=UTC),
                ends=ends,
            )
        )
        db.session.commit()
        return entry.seq


def flag_rows(server) -> list[tuple[str, int, str, str]]:
    with server.app.app_context():
        rows = db.session.scalars(select(Flag).order_by(Flag.id))
        return [(f.target_kind, f.target_id, f.reason, f.note) for f in rows]


def test_a_flag_is_reported_and_each_refusal_is_said_plainly(server, author, peer, case_id):
    flagged = peer.run("flag", "case", case_id, "--reason", "spam", "--note", "Sells a clinic.")
    assert flagged.exit_code == 0, flagged.stderr
    assert f"Flagged case {case_id} for spam; moderators will review it." in flagged.stdout
    assert flag_rows(server) == [("case", case_id, "spam", "Sells a clinic.")]

    again = peer.run("flag", "case", case_id, "--reason", "misinformation")
    assert again.exit_code == 1
    assert (
        f"You have already flagged case {case_id}; each post is flagged once per pseudonym."
        in again.stderr
    )
    refused = peer.json("flag", "case", case_id, "--reason", "phi", expect=1)["error"]
    assert (refused["status"], refused["type"]) == (409, "urn:casecrowd:problem:flag-duplicate")

    own = author.run("flag", "case", case_id, "--reason", "spam")
    assert own.exit_code == 1
    assert f"You cannot flag case {case_id}: you wrote it." in own.stderr

    missing = peer.json("flag", "answer", 999, "--reason", "spam", expect=1)["error"]
    assert (missing["status"], missing["type"]) == (404, "urn:casecrowd:problem:answer-not-found")
    assert flag_rows(server) == [("case", case_id, "spam", "Sells a clinic.")]


def test_a_flag_note_is_screened_before_anything_is_sent(server, author, peer, case_id):
    certain = "Her number is 212-555-0187."
    blocked = peer.json("flag", "case", case_id, "--reason", "phi", "--note", certain, expect=3)
    assert [f["confidence"] for f in blocked["error"]["findings"]] == ["high"]
    unsure = "Brennan is named in it."  # a lone surname: possibly a name
    assert peer.run("flag", "case", case_id, "--reason", "phi", "--note", unsure).exit_code == 3
    assert flag_rows(server) == []

    sent = peer.json("flag", "case", case_id, "--reason", "phi", "--note", unsure, "--ack-phi")
    assert sent["kind"] == "flag" and sent["hidden"] is False
    assert flag_rows(server) == [("case", case_id, "phi", unsure)]


def test_enough_phi_flags_hide_the_post_and_the_flagger_is_told(served, tmp_path):
    server = served({"forum": {"moderation": {"phi_hide_threshold": 1}}})
    author = registered_member(server, tmp_path, "author")
    peer = registered_member(server, tmp_path, "peer")
    case_id = author.json("case", "new", "--file", author.write_case())["case_id"]
    flagged = peer.run("flag", "case", case_id, "--reason", "phi")
    assert flagged.exit_code == 0, flagged.stderr
    assert (
        f"Flagged case {case_id} for phi; it is now hidden until a moderator reviews it."
        in flagged.stdout
    )


def test_an_appeal_is_sent_once_and_only_by_those_it_concerns(server, author, peer, case_id):
    seq = record(server, "hide", "case", case_id, "spam")
    appealed = author.run("appeal", seq, "--text", "It is a genuine case, not an advert.")
    assert appealed.exit_code == 0, appealed.stderr
    assert f"Appealed mod log entry {seq} (appeal " in appealed.stdout

    again = author.run("appeal", seq, "--text", "Please look again.")
    assert again.exit_code == 1
    assert (
        f"You have already appealed mod log entry {seq}; each entry is appealed once."
        in again.stderr
    )
    other = peer.json("appeal", seq, "--text", "Not mine, but still.", expect=1)["error"]
    assert other["type"] == "urn:casecrowd:problem:appeal-not-yours"
    assert (
        f"Mod log entry {seq} concerns neither this pseudonym nor a post it wrote"
        in (other["message"])
    )
    missing = author.run("appeal", 999, "--text", "Which entry?")
    assert missing.exit_code == 1 and "The mod log has no entry 999." in missing.stderr


def test_an_appeal_text_is_screened_and_usage_is_checked(monkeypatch, server, author, case_id):
    seq = record(server, "lock", "case", case_id)
    text = "Call her at 212-555-0187 to confirm."
    assert author.json("appeal", seq, "--text", text, expect=3)["error"]["findings"]
    assert author.run("appeal").exit_code == 2
    assert author.run("appeal", seq).exit_code == 2  # no text, and nobody to ask
    assert author.run("appeal", seq, "--text", "Both.", "--file", "-").exit_code == 2
    assert author.run("appeal", seq, "--list").exit_code == 2
    path = author.folder / "appeal.txt"
    path.write_text("The thread was on topic.")
    assert author.json("appeal", seq, "--file", path)["log_entry"] == seq
    other = record(server, "unlock", "case", case_id)
    monkeypatch.setattr(cli_context, "can_ask", lambda: True)
    asked = author.run("appeal", other, input="Locking it was the right call; unlocking is not.\n")
    assert asked.exit_code == 0, asked.stderr
    assert "Why should the action be reconsidered?" in asked.stderr


def test_the_list_shows_what_concerns_you_and_what_was_appealed(server, author, peer, case_id):
    nothing = author.run("appeal", "--list")
    assert nothing.exit_code == 0
    assert "No moderation action concerns this pseudonym or its posts." in nothing.stdout
    warned = record(server, "warn", "pseudonym", handle_of(author), "harassment")
    locked = record(server, "lock", "case", case_id)
    record(server, "warn", "pseudonym", handle_of(peer), "spam")
    suspended = sanction(server, author, "suspend", datetime(2021, 1, 1, tzinfo=UTC))
    author.json("appeal", warned, "--text", "The thread was heated on both sides.")
    author.json("appeal", suspended, "--text", "It was a misunderstanding.")

    listed = author.json("appeal", "--list")
    assert [(e["seq"], e["action"], e["appealed"]) for e in listed["entries"]] == [
        (warned, "warn", True),
        (locked, "lock", False),
        (suspended, "suspend", True),
    ]
    assert [(s["kind"], s["log_entry"]) for s in listed["sanctions"]] == [("suspend", suspended)]
    shown = author.run("appeal", "--list").stdout
    assert "Sanctions on this pseudonym" in shown and "Mod log entries concerning you" in shown
    assert f"You can appeal entry {locked}, each once: `casecrowd appeal ENTRY --text TEXT`." in (
        shown
    )


def test_a_barred_pseudonym_is_told_until_when_and_can_still_appeal(server, author, case_id):
    seq = sanction(server, author, "suspend", SUSPENDED_UNTIL)
    message = (
        f"Your pseudonym is suspended until 9 Dec 2031 10:00 UTC (mod log entry {seq});"
        f" you can appeal with `casecrowd appeal {seq}`."
    )
    for verb in (("case", "show", case_id), ("answer", case_id, "Still's disease.")):
        refused = author.run(*verb)
        assert refused.exit_code == 1 and message in refused.stderr, refused.stderr
    problem = author.json("case", "show", case_id, expect=1)["error"]
    assert problem["type"] == "urn:casecrowd:problem:pseudonym-suspended"
    assert (problem["sanction"], problem["log_entry"]) == ("suspend", seq)

    appealed = author.run("appeal", seq, "--text", "I was quoting the other member.")
    assert appealed.exit_code == 0, appealed.stderr

    banned = sanction(server, author, "ban", None)
    refused = author.run("comment", "--case", case_id, "A last word.")
    assert refused.exit_code == 1
    assert (
        f"Your pseudonym is banned (mod log entry {banned}); you can appeal with"
        f" `casecrowd appeal {banned}`." in refused.stderr
    )


def test_a_sanction_problem_shows_only_what_it_can_read():
    problem = ServerProblem(
        403,
        "The pseudonym is suspended",
        "Suspended \x1b[2J until whenever",
        type="urn:casecrowd:problem:pseudonym-suspended",
        members={"sanction": "suspend", "ends": "\x1b]0;soon\x07", "log_entry": "4\u202e"},
    )
    assert str(problem) == "Your pseudonym is suspended."

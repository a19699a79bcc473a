"""``casecrowd case show``: a case page rendered from its signed envelopes.

Text comes from :mod:`casecrowd.client.shown`, never from the forum's columns: a
field the forum shows differently is marked next to the signed value, and a post
whose envelopes cannot be used is shown as the forum has it, marked as not verified.
What moderators did is said in plain words next to what it concerns: a post hidden
from the reader, a post hidden from others (to its author), text a purge removed,
a locked case and a case in slow mode; and a post its author withdrew.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from casecrowd.client.cli.case_crowd import (
    blind_notice,
    coded,
    crowd_section,
    outcome_score,
    polls_section,
    standing,
)
from casecrowd.client.errors import per_words
from casecrowd.client.forum import HIDDEN, REDACTED, moderation_of
from casecrowd.client.output import Output
from casecrowd.client.shown import FAILED, NO_TRUSTED_KEYS, UNVERIFIED, ShownCase, ShownItem
from casecrowd.crypto.proof import WITHDRAWN_DETAIL

DIFFERS = "[differs from the signed text]"
UNSIGNED = "[not verified]"
SECTIONS = ("presentation", "history", "examination", "investigations", "question")
HIDDEN_NOTICE = "hidden by moderators pending review"
OWN_HIDDEN_NOTICE = f"{HIDDEN_NOTICE}: you see it as its author; others cannot"
LOCKED_NOTICE = "locked: no new answers or comments"
NOTICE_STYLE = "bold yellow"


def removed_notice(post: dict[str, Any]) -> str:
    # A withdrawal's text went first: a later purge found nothing of it left to remove.
    if post.get("withdrawn") is True:
        return WITHDRAWN_DETAIL
    return f"text removed by moderation (mod log entry {moderation_of(post).get('redacted_by')})"


def _own_hidden(out: Output, item: ShownItem, post: dict[str, Any], indent: str = "") -> None:
    """To the author (the only reader served its text), that others cannot see the post."""
    if item.unshown is None and moderation_of(post).get("hidden"):
        out.say(indent + OWN_HIDDEN_NOTICE, NOTICE_STYLE)


def _value(item: ShownItem, forum: dict[str, Any], name: str) -> tuple[Any, str]:
    """What to show for ``name``, and the mark to put next to it ("" when it is signed)."""
    if item.signed is None:
        return forum.get(name), UNSIGNED
    return item.signed.get(name), DIFFERS if name in item.differs else ""


def _marked(value: Any, mark: str) -> str:
    if value is None:
        text = "-"
    else:
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"{text} {mark}" if mark else text


def _author(item: ShownItem, forum: dict[str, Any]) -> str:
    if item.author_handle is None:
        return _marked(forum.get("author"), UNSIGNED)
    return _marked(item.author_handle, DIFFERS if "author" in item.differs else "")


def _by(item: ShownItem, forum: dict[str, Any]) -> str:
    """The author, then their reputation and accuracy as the forum states them."""
    numbers = standing(forum)
    return f"{_author(item, forum)} ({numbers})" if numbers else _author(item, forum)


def _verdict(out: Output, item: ShownItem, where: str) -> None:
    for problem in item.problems:
        out.warn(f"{where}: {problem}")
    for name in item.differs:
        out.warn(f"{where}: the forum shows a {name} that differs from the signed text")
    for warning in item.warnings:
        if warning != NO_TRUSTED_KEYS:
            out.warn(f"{where}: warning: {warning}")


def _section(out: Output, heading: str, value: Any, mark: str) -> None:
    if value:
        out.say(Text(f"{heading} {mark}".rstrip(), style="bold"))
        out.say(str(value))


def _comments(out: Output, shown: ShownCase, comments: list[dict[str, Any]]) -> None:
    for comment in comments:
        item = shown.comments[comment["id"]]
        if item.unshown == HIDDEN:
            out.note(f"  comment {comment['id']}: {HIDDEN_NOTICE}")
            continue
        if item.unshown == REDACTED:
            text = removed_notice(comment)
        else:
            text = _marked(*_value(item, comment, "body"))
        out.note(f"  comment {comment['id']} by {_author(item, comment)}: {text}")
        _own_hidden(out, item, comment, "    ")
        _verdict(out, item, f"comment {comment['id']}")


def _answer(out: Output, shown: ShownCase, answer: dict[str, Any]) -> None:
    item = shown.answers[answer["id"]]
    if item.unshown == HIDDEN:
        out.say(Text(f"Answer {answer['id']}: {HIDDEN_NOTICE}", style="bold"))
        _comments(out, shown, answer.get("comments", []))
        return
    accepted = " (accepted)" if answer.get("accepted") else ""
    if accepted and "accepted" in item.differs:
        accepted += " " + DIFFERS
    elif accepted and shown.case.unshown is not None:  # no signed case to accept it
        accepted += " " + UNSIGNED
    out.say(
        Text(
            f"Answer {answer['id']} by {_by(item, answer)}, score {answer.get('score')}"
            f"{outcome_score(answer)}{accepted}"
            f" [proof {answer.get('latest_proof_id', answer.get('proof_id'))}]",
            style="bold green" if answer.get("accepted") else "bold",
        )
    )
    _own_hidden(out, item, answer)
    if item.unshown == REDACTED:
        out.say(removed_notice(answer), NOTICE_STYLE)
    else:
        _answer_text(out, item, answer)
    _verdict(out, item, f"answer {answer['id']}")
    _comments(out, shown, answer.get("comments", []))


def _answer_text(out: Output, item: ShownItem, answer: dict[str, Any]) -> None:
    body, mark = _value(item, answer, "body")
    out.say(_marked(body, mark))
    differential, mark = _value(item, answer, "differential")
    if mark:
        out.say(mark)
    for rank, diagnosis in enumerate(differential or [], start=1):
        if not isinstance(diagnosis, dict):
            diagnosis = {"diagnosis": diagnosis}
        note = f" — {diagnosis['note']}" if diagnosis.get("note") else ""
        out.say(f"  {rank}. {coded(diagnosis)}{note}")


def _case_notices(out: Output, case: dict[str, Any], item: ShownItem) -> None:
    state = moderation_of(case)
    _own_hidden(out, item, case)
    if state.get("locked"):
        out.say(LOCKED_NOTICE, NOTICE_STYLE)
    pace = state.get("slow_mode_seconds")
    if isinstance(pace, int) and pace > 0:
        out.say(f"slow mode: one post per {per_words(pace)}", NOTICE_STYLE)
    blind_notice(out, case)


def show_case(out: Output, case: dict[str, Any], shown: ShownCase) -> None:
    item = shown.case
    if item.unshown == HIDDEN:
        out.say(Text(f"#{case['id']} {HIDDEN_NOTICE}", style="bold underline"))
        _case_notices(out, case, item)
    elif item.unshown == REDACTED:
        out.say(Text(f"#{case['id']} {removed_notice(case)}", style="bold underline"))
        fields = [("status", case.get("status")), ("score", case.get("score"))]
        out.fields([*fields, ("author", _author(item, case))])
        _case_notices(out, case, item)
    else:
        _case_text(out, case, shown)
    _comments(out, shown, case.get("comments", []))
    crowd_section(out, case)
    for answer in case.get("answers", []):
        _answer(out, shown, answer)
    _summary(out, shown)


def _case_text(out: Output, case: dict[str, Any], shown: ShownCase) -> None:
    item = shown.case
    title, mark = _value(item, case, "title")
    out.say(Text(f"#{case['id']} {_marked(title, mark)}", style="bold underline"))
    age, age_mark = _value(item, case, "age")
    sex, sex_mark = _value(item, case, "sex")
    out.fields(
        [
            ("age / sex", f"{_marked(age, age_mark)} / {_marked(sex, sex_mark)}"),
            ("tags", _marked(*_value(item, case, "tags"))),
            ("status", _marked(case.get("status"), DIFFERS if "status" in item.differs else "")),
            ("score", case.get("score")),
            ("author", _by(item, case)),
            ("proof", case.get("latest_proof_id", case.get("proof_id"))),
        ]
    )
    _verdict(out, item, f"case {case['id']}")
    _case_notices(out, case, item)
    for name in SECTIONS:
        _section(out, name.capitalize(), *_value(item, case, name))
    if shown.outcome is not None:
        _section(out, "Outcome", *_value(shown.outcome, case, "outcome"))
        final, mark = _value(shown.outcome, case, "final_diagnosis")
        _section(out, "Final diagnosis", coded(final) if final else None, mark)
        _verdict(out, shown.outcome, "outcome")
    elif case.get("outcome") or case.get("final_diagnosis"):
        _section(out, "Outcome", case.get("outcome"), DIFFERS)
        final = case.get("final_diagnosis")
        _section(out, "Final diagnosis", coded(final) if final else None, DIFFERS)
    polls_section(out, case)
    if shown.acceptance is not None:
        _verdict(out, shown.acceptance, "acceptance")


def _summary(out: Output, shown: ShownCase) -> None:
    statuses = {item.status for item in shown.items()}
    if FAILED in statuses:
        out.error("some of what the forum shows is not what its authors signed (marked above)")
    elif UNVERIFIED in statuses:
        out.warn(f"{NO_TRUSTED_KEYS}: signatures check, but not that verified physicians made them")
    else:
        moderated = sum(item.unshown is not None for item in shown.items())
        but = f", except {moderated} hidden or removed by moderation" if moderated else ""
        out.success(f"Every post above is shown as its author signed it{but}.")

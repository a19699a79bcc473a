"""The crowd-diagnosis parts of ``casecrowd case show``: blind notice, crowd differential,
accuracy next to reputation, and the case's polls.

The crowd differential, the accuracy records and the polls are the forum's numbers,
not signed text: the page says where each comes from and how to check it
(``casecrowd verify --crowd``, ``casecrowd poll show``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

from casecrowd.client import crowd
from casecrowd.client.output import Output

NOTICE_STYLE = "bold yellow"
BLIND_NOTICE = (
    "This case is blind: its answers and the crowd differential stay hidden until you send"
    " your own differential (casecrowd answer {case_id} --dx ...). They show to everyone"
    " {lifts}."
)
OWN_BLIND_NOTE = (
    "This case is blind: until it is solved or enough time has passed, other members see its"
    " answers and the crowd differential only once they have sent their own differential."
)


def coded(diagnosis: Any) -> str:
    """ "Adult-onset Still's disease (M06.1)", or the text alone when it has no code."""
    if not isinstance(diagnosis, dict):
        return str(diagnosis)
    code = diagnosis.get("code")
    return f"{diagnosis.get('diagnosis')} ({code})" if code else str(diagnosis.get("diagnosis"))


def _when(stamp: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def blind_notice(out: Output, case: dict[str, Any]) -> None:
    """Why no answer is shown on a blind case, and when they will be."""
    if case.get("answers_hidden"):
        lifts = case.get("blind_lifts")
        when = f"from {_when(lifts)} or when the case is solved" if lifts else "once it is solved"
        hidden = case.get("answer_count")
        out.say(BLIND_NOTICE.format(case_id=case["id"], lifts=when), NOTICE_STYLE)
        if isinstance(hidden, int):
            out.note(f"{hidden} answer(s) so far.")
    elif case.get("blind"):
        out.note(OWN_BLIND_NOTE)


def standing(post: dict[str, Any]) -> str:
    """ "rep 25 · dx 3/5 top-3, 2/5 top-1": reputation and accuracy, the count always shown."""
    parts = []
    if post.get("author_reputation") is not None:
        parts.append(f"rep {post['author_reputation']}")
    accuracy = post.get("author_accuracy")
    if isinstance(accuracy, dict) and accuracy.get("scored"):
        scored = accuracy["scored"]
        hits = [
            f"{round((accuracy.get(name) or 0) * scored)}/{scored} {label}"
            for name, label in (("top3", "top-3"), ("top1", "top-1"))
        ]
        parts.append("dx " + ", ".join(hits))
    return " · ".join(parts)


def outcome_score(answer: dict[str, Any]) -> str:
    """ ", final diagnosis at rank 2": how the case's final diagnosis scored this answer."""
    score = answer.get("outcome_score")
    if not isinstance(score, dict):
        return ""
    rank = score.get("rank")
    return ", final diagnosis not listed" if rank is None else f", final diagnosis at rank {rank}"


def crowd_lines(out: Output, entries: list[dict[str, Any]]) -> None:
    """ "1. Lymphoma — 2.50 points · listed by 2 answers at ranks 1, 2", one per entry."""
    for entry in entries:
        out.say(
            f"  {entry.get('rank')}. {coded(entry)} — {entry.get('points', 0):.2f} points"
            f" · {crowd.support(entry)}"
        )


def crowd_section(out: Output, case: dict[str, Any]) -> None:
    """The forum's pooled ranking with each entry's support, and how to recompute it."""
    pooled = case.get("crowd_differential")
    if not isinstance(pooled, dict) or not pooled.get("entries"):
        return
    heading = f"Crowd differential, pooled from {pooled.get('answers_pooled')} answer(s)"
    out.say(Text(heading, style="bold"))
    crowd_lines(out, pooled["entries"])
    out.note(
        "Pooled by the forum (rank-weighted, by answer score);"
        f" `casecrowd verify --crowd {case['id']}` recomputes it from the signed answers and votes."
    )


def polls_section(out: Output, case: dict[str, Any]) -> None:
    for poll in case.get("polls") or []:
        if not isinstance(poll, dict):
            continue
        closed = " (closed)" if poll.get("closed") else ""
        line = Text(f"Poll {poll.get('id')}{closed}: ", style="bold")
        line.append(f"{poll.get('question')} — casecrowd poll show {poll.get('id')}")
        out.say(line)

"""``casecrowd verify --crowd CASE_ID``: the crowd differential recounted from signed posts."""

from __future__ import annotations

from collections.abc import Callable

import click
from rich.text import Text

from casecrowd.client import crowd, shown
from casecrowd.client.cli.case_crowd import crowd_lines
from casecrowd.client.cli.context import ClientContext
from casecrowd.client.errors import ExitCode
from casecrowd.client.output import Output

BLIND_REFUSAL = (
    "case {case_id} is blind to you: the forum shows neither its answers nor its crowd"
    " differential until you send your own differential, so there is nothing to recompute"
)


def verify_crowd(
    context: ClientContext,
    as_label: str | None,
    case_id: int,
    trusted_for: Callable[[str], list[bytes]],
) -> None:
    """Recount, print the verdict; exit 6 on any difference or on a case blind to the reader."""
    forum = context.forum(as_label)
    case = forum.case(case_id)
    out = context.out
    if case.get("answers_hidden"):
        out.data({"case_id": case_id, "matches": False, "answers_hidden": True})
        out.error(BLIND_REFUSAL.format(case_id=case_id))
        raise click.exceptions.Exit(int(ExitCode.VERIFICATION))
    check = shown.checker(trusted_for, forum.origin)
    page = shown.compose(case, forum.proofs(shown.proof_ids_of(case)), check)
    votes = {
        answer["id"]: forum.answer_votes(answer["id"])
        for answer in case.get("answers") or []
        if (page.answers[answer["id"]].signed or {}).get("differential")
    }
    result = crowd.recount(case, page, votes, check)
    out.data({"case_id": case_id, **result.as_json()})
    _report(out, case_id, result, trusted=all(item.trusted for item in page.answers.values()))
    if not result.matches:
        raise click.exceptions.Exit(int(ExitCode.VERIFICATION))


def _report(out: Output, case_id: int, result: crowd.Recount, trusted: bool) -> None:
    if result.recomputed is not None:
        heading = f"Crowd differential of case {case_id}, recomputed from the signed posts"
        out.say(Text(heading, style="bold"))
        crowd_lines(out, result.recomputed["entries"])
    if result.unshown:
        out.note(
            f"{result.unshown} answer(s) hidden from you or removed by moderation are in"
            " neither pool."
        )
    if not trusted:
        out.warn(f"{shown.NO_TRUSTED_KEYS}: signatures check, but not that physicians made them")
    counted = f"{result.answers} signed answers and {result.votes} signed votes"
    for problem in result.problems:
        out.warn(problem)
    for difference in result.differences:
        out.warn(difference)
    if result.matches:
        out.success(f"Crowd differential recomputed from {counted}: matches.")
    else:
        out.error(f"the crowd differential recomputed from {counted} does not match the forum's")

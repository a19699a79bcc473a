"""``casecrowd cases list|search`` and ``casecrowd case show``: reading the forum."""

from __future__ import annotations

from typing import Any

import click
from rich.text import Text

from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.output import Output

as_option = click.option(
    "--as", "as_label", metavar="LABEL", help="Act as this pseudonym (default: the current one)."
)


@click.group("cases")
def cases_group() -> None:
    """Browse and search cases."""


@click.group("case")
def case_group() -> None:
    """One case: show it, or post a new one."""


def _show_page(out: Output, page: dict[str, Any], title: str) -> None:
    out.data(page)
    rows = [
        (
            case.get("id"),
            case.get("title"),
            case.get("tags"),
            case.get("status"),
            case.get("score"),
            case.get("answer_count"),
            case.get("author"),
        )
        for case in page["items"]
    ]
    out.table(("id", "title", "tags", "status", "score", "answers", "author"), rows, title)
    for case in page["items"]:
        snippet = case.get("snippet")
        if isinstance(snippet, dict) and snippet.get("text"):
            out.note(f"#{case.get('id')}: {snippet['text']}")
    if page.get("next_cursor"):
        out.note(f"More: --cursor {page['next_cursor']}")


@client_command(cases_group, "list")
@as_option
@click.option("--sort", type=click.Choice(["hot", "new", "top", "active", "unanswered"]))
@click.option("--tag", help="Only cases with this specialty tag.")
@click.option("--status", type=click.Choice(["open", "solved"]))
@click.option("--window", help="Only cases created within this period (e.g. day, week, month).")
@click.option("--limit", type=click.IntRange(1, 100))
@click.option("--cursor", help="The cursor printed under the previous page.")
def list_command(context: ClientContext, as_label: str | None, **query: Any) -> None:
    """List cases (newest first unless --sort)."""
    page = context.forum(as_label).list_cases(**{k: v for k, v in query.items() if v})
    _show_page(context.out, page, "Cases")


@client_command(cases_group, "search")
@as_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 100))
@click.option("--cursor", help="The cursor printed under the previous page.")
def search_command(context: ClientContext, as_label: str | None, query: str, **page: Any) -> None:
    """Full-text search: words, "quoted phrases" and prefix* terms."""
    found = context.forum(as_label).search(query, **{k: v for k, v in page.items() if v})
    _show_page(context.out, found, f"Cases matching {query!r}")


def _section(out: Output, heading: str, body: str | None) -> None:
    if body:
        out.say(Text(heading, style="bold"))
        out.say(body)


def show_case(out: Output, case: dict[str, Any]) -> None:
    out.say(Text(f"#{case['id']} {case['title']}", style="bold underline"))
    out.fields(
        [
            ("age / sex", f"{case.get('age')} / {case.get('sex')}"),
            ("tags", case.get("tags")),
            ("status", case.get("status")),
            ("score", case.get("score")),
            ("author", case.get("author")),
            ("proof", case.get("proof_id")),
        ]
    )
    for name in ("presentation", "history", "examination", "investigations", "question"):
        _section(out, name.capitalize(), case.get(name))
    _section(out, "Outcome", case.get("outcome"))
    for comment in case.get("comments", []):
        out.note(f"  comment {comment['id']} by {comment['author']}: {comment['body']}")
    for answer in case.get("answers", []):
        mark = " (accepted)" if answer.get("accepted") else ""
        out.say(
            Text(
                f"Answer {answer['id']} by {answer['author']}, score {answer['score']}{mark}"
                f" [proof {answer['proof_id']}]",
                style="bold green" if answer.get("accepted") else "bold",
            )
        )
        out.say(answer.get("body", ""))
        for item in answer.get("differential", []):
            note = f" — {item['note']}" if item.get("note") else ""
            out.say(f"  {item.get('rank')}. {item['diagnosis']}{note}")
        for comment in answer.get("comments", []):
            out.note(f"  comment {comment['id']} by {comment['author']}: {comment['body']}")


@client_command(case_group, "show")
@as_option
@click.argument("case_id", type=click.IntRange(min=1))
def show_command(context: ClientContext, as_label: str | None, case_id: int) -> None:
    """Show a case with its answers and comments."""
    case = context.forum(as_label).case(case_id)
    context.out.data(case)
    show_case(context.out, case)

"""``casecrowd cases list|search`` and ``casecrowd case show``: reading the forum.

Listings show the forum's summaries as they come; ``case show`` renders only what the
authors signed (:mod:`casecrowd.client.cli.case_page`).
"""

from __future__ import annotations

from typing import Any

import click

from casecrowd.client import shown, verify
from casecrowd.client.cli.case_page import show_case
from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.errors import ExitCode
from casecrowd.client.output import Output

# The forum's listing orders (GET /api/v1/cases and /api/v1/discussions).
SORTS = ("hot", "new", "top", "active", "unanswered")
as_option = click.option(
    "--as", "as_label", metavar="LABEL", help="Act as this pseudonym (default: the current one)."
)


@click.group("cases")
def cases_group() -> None:
    """Browse and search cases."""


@click.group("case")
def case_group() -> None:
    """One case: show it, or post a new one."""


# The columns of a page of cases: (heading, member).
CASE_COLUMNS = (
    ("id", "id"),
    ("title", "title"),
    ("tags", "tags"),
    ("status", "status"),
    ("score", "score"),
    ("answers", "answer_count"),
    ("author", "author"),
)


def show_page(
    out: Output,
    page: dict[str, Any],
    title: str,
    columns: tuple[tuple[str, str], ...] = CASE_COLUMNS,
) -> None:
    """A page of posts as a table, each search hit's snippet under it, and the next cursor."""
    out.data(page)
    rows = [tuple(item.get(member) for _, member in columns) for item in page["items"]]
    out.table(tuple(heading for heading, _ in columns), rows, title)
    for item in page["items"]:
        snippet = item.get("snippet")
        if isinstance(snippet, dict) and snippet.get("text"):
            out.note(f"#{item.get('id')}: {snippet['text']}")
    if page.get("next_cursor"):
        out.note(f"More: --cursor {page['next_cursor']}")


@client_command(cases_group, "list")
@as_option
@click.option("--sort", type=click.Choice(SORTS))
@click.option("--tag", help="Only cases with this specialty tag.")
@click.option("--status", type=click.Choice(["open", "solved"]))
@click.option("--window", help="Only cases created within this period (e.g. day, week, month).")
@click.option("--limit", type=click.IntRange(1, 100))
@click.option("--cursor", help="The cursor printed under the previous page.")
def list_command(context: ClientContext, as_label: str | None, **query: Any) -> None:
    """List cases (newest first unless --sort)."""
    page = context.forum(as_label).list_cases(**{k: v for k, v in query.items() if v})
    show_page(context.out, page, "Cases")


@client_command(cases_group, "search")
@as_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 100))
@click.option("--cursor", help="The cursor printed under the previous page.")
def search_command(context: ClientContext, as_label: str | None, query: str, **page: Any) -> None:
    """Full-text search: words, "quoted phrases" and prefix* terms."""
    found = context.forum(as_label).search(query, **{k: v for k, v in page.items() if v})
    show_page(context.out, found, f"Cases matching {query!r}")


@client_command(case_group, "show")
@as_option
@click.argument("case_id", type=click.IntRange(min=1))
def show_command(context: ClientContext, as_label: str | None, case_id: int) -> None:
    """Show a case with its answers and comments, as their authors signed them.

    Every post's proofs are checked with the issuer keys pinned in the wallet, and its
    text is composed from its signed revisions; anything the forum shows otherwise is
    marked, and the command exits 6.
    """
    forum = context.forum(as_label)
    case = forum.case(case_id)
    check = shown.checker(lambda name: verify.pinned_keys(forum.wallet, name), forum.origin)
    page = shown.compose(case, forum.proofs(shown.proof_ids_of(case)), check)
    context.out.data({**case, "verification": page.as_json()})
    show_case(context.out, case, page)
    if not page.valid:
        raise click.exceptions.Exit(int(ExitCode.VERIFICATION))

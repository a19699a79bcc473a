"""``casecrowd lounge``: discussions for venting and peer support, apart from cases.

Every post goes through the same mirrors as a case (``drafts.reviewed``: the
crisis panel, the civility question, the PHI guard) and is signed by the
lounge's pseudonym (:mod:`casecrowd.client.cli.lounge_pseudonym`) unless
``--as`` names another. Votes, flags and withdrawal use the shared verbs with
the target ``discussion``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from casecrowd.client.cli.case_page import removed_notice
from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.cli.forum_read import SORTS, as_option, show_page
from casecrowd.client.cli.forum_write import file_option, read_text, submit
from casecrowd.client.cli.lounge_pseudonym import lounge_label
from casecrowd.client.cli.phi_prompt import ack_option
from casecrowd.client.forum import moderation_of
from casecrowd.protocol.discussions import LOUNGE_TAGS

TOPICS = ", ".join(LOUNGE_TAGS)
tag_option = click.option(
    "--tag",
    "tags",
    multiple=True,
    help=f"A tag (repeat for several): at least one lounge topic ({TOPICS}), then free tags.",
)


@click.group("lounge")
def lounge_group() -> None:
    """The lounge: discussions about work, training and wellbeing, apart from cases."""


def _tags_given(tags: tuple[str, ...]) -> list[str]:
    if not set(tags) & set(LOUNGE_TAGS):
        raise usage(f"name at least one lounge topic with --tag: {TOPICS}")
    return list(tags)


@client_command(lounge_group, "post")
@as_option
@click.option("--title", required=True, help="5 to 200 characters.")
@tag_option
@click.argument("body", required=False)
@file_option
@ack_option
def post_command(
    context: ClientContext,
    as_label: str | None,
    title: str,
    tags: tuple[str, ...],
    body: str | None,
    file: Path | None,
    ack_phi: bool,
) -> None:
    """Start a discussion: a title, at least one lounge topic, and its text."""
    members = {"title": title, "tags": _tags_given(tags), "body": read_text(body, file, "post")}
    posted = submit(context, lounge_label(context, as_label), "discussion.create", members, ack_phi)
    context.out.success(
        f"Posted discussion {posted['discussion_id']} (proof {posted['proof_id']})."
    )


@client_command(lounge_group, "edit")
@as_option
@click.argument("discussion_id", type=click.IntRange(min=1))
@click.option("--title", help="A new title.")
@tag_option
@click.argument("body", required=False)
@file_option
@ack_option
def edit_command(
    context: ClientContext,
    as_label: str | None,
    discussion_id: int,
    title: str | None,
    tags: tuple[str, ...],
    body: str | None,
    file: Path | None,
    ack_phi: bool,
) -> None:
    """Edit your discussion: give what changes; every version stays in its revisions."""
    members: dict[str, Any] = {"discussion_id": discussion_id}
    if title is not None:
        members["title"] = title
    if tags:
        members["tags"] = _tags_given(tags)
    if body is not None or file is not None:
        members["body"] = read_text(body, file, "post")
    if len(members) == 1:
        raise usage("give what changes: --title, --tag, or the text")
    posted = submit(context, lounge_label(context, as_label), "discussion.edit", members, ack_phi)
    context.out.success(
        f"Edited discussion {discussion_id}: revision {posted['revision']}"
        f" (proof {posted['proof_id']})."
    )


@client_command(lounge_group, "comment")
@as_option
@click.argument("discussion_id", type=click.IntRange(min=1))
@click.argument("body", required=False)
@file_option
@ack_option
def comment_command(
    context: ClientContext,
    as_label: str | None,
    discussion_id: int,
    body: str | None,
    file: Path | None,
    ack_phi: bool,
) -> None:
    """Reply to discussion DISCUSSION_ID."""
    members = {"discussion_id": discussion_id, "body": read_text(body, file, "comment")}
    posted = submit(context, lounge_label(context, as_label), "comment.create", members, ack_phi)
    context.out.success(f"Posted comment {posted['comment_id']} (proof {posted['proof_id']}).")


DISCUSSION_COLUMNS = (
    ("id", "id"),
    ("title", "title"),
    ("tags", "tags"),
    ("score", "score"),
    ("comments", "comment_count"),
    ("author", "author"),
)


@client_command(lounge_group, "list")
@as_option
@click.option("--sort", type=click.Choice(SORTS), help="unanswered: no comment yet.")
@click.option("--tag", help="Only discussions with this tag.")
@click.option("--window", help="Only discussions created within this period (day, week, ...).")
@click.option("--limit", type=click.IntRange(1, 100))
@click.option("--cursor", help="The cursor printed under the previous page.")
def list_command(context: ClientContext, as_label: str | None, **query: Any) -> None:
    """List discussions, newest first unless --sort says otherwise."""
    given = {name: value for name, value in query.items() if value is not None}
    page = context.forum(lounge_label(context, as_label, posting=False)).list_discussions(**given)
    show_page(context.out, page, "Lounge", DISCUSSION_COLUMNS)


@client_command(lounge_group, "search")
@as_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 100))
@click.option("--cursor", help="The cursor printed under the previous page.")
def search_command(context: ClientContext, as_label: str | None, query: str, **page: Any) -> None:
    """Search discussions (cases are searched with `casecrowd cases search`)."""
    given = {name: value for name, value in page.items() if value is not None}
    found = context.forum(lounge_label(context, as_label, posting=False)).search_discussions(
        query, **given
    )
    show_page(context.out, found, f"Lounge: {query}", DISCUSSION_COLUMNS)


def _text(post: dict[str, Any], name: str) -> str:
    if post.get("withdrawn") or moderation_of(post).get("redacted_by") is not None:
        return f"({removed_notice(post)})"
    return str(post.get(name, ""))


@client_command(lounge_group, "show")
@as_option
@click.argument("discussion_id", type=click.IntRange(min=1))
def show_command(context: ClientContext, as_label: str | None, discussion_id: int) -> None:
    """Show a discussion with its comments."""
    shown = context.forum(lounge_label(context, as_label, posting=False)).discussion(discussion_id)
    out = context.out
    out.data(shown)
    if moderation_of(shown).get("hidden") and "title" not in shown:
        out.say(f"Discussion {discussion_id} is hidden until a moderator reviews it.")
        return
    out.say(f"#{shown['id']} {_text(shown, 'title')}", "bold")
    out.note(
        f"{', '.join(shown.get('tags', []))} · by {shown.get('author')} · score"
        f" {shown.get('score')} · revision {shown.get('revision')}"
    )
    if moderation_of(shown).get("locked"):
        out.say("locked: no new comments", "bold yellow")
    out.say(_text(shown, "body"))
    for comment in shown.get("comments", []):
        if "body" not in comment:
            out.note(f"  comment {comment.get('id')}: hidden pending review")
            continue
        out.say(f"  [{comment['id']}] {comment.get('author')}: {_text(comment, 'body')}")

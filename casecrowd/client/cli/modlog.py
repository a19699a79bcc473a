"""``casecrowd modlog`` and ``casecrowd modlog verify``: the forum's public mod log.

Listing shows entries as the forum serves them; ``verify`` checks the whole
chain on this machine under the moderation key pinned on first use
(:mod:`casecrowd.client.modlog`), from the forum or from a saved file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from casecrowd.client import modlog
from casecrowd.client.cli.context import ClientContext, client_command, client_options, usage
from casecrowd.client.cli.forum_read import as_option
from casecrowd.client.errors import EXIT_CODES_HELP
from casecrowd.client.modlog import ModerationKeyChanged

DEFAULT_LISTING = 50


@click.group("modlog", invoke_without_command=True, epilog=EXIT_CODES_HELP)
@client_options
@as_option
@click.option(
    "--after",
    type=click.IntRange(min=0),
    default=0,
    help="Show the entries after this one (the --after printed under the previous page).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, modlog.PAGE_SIZE),
    default=DEFAULT_LISTING,
    help=f"Entries per page (default {DEFAULT_LISTING}).",
)
def modlog_group(context: ClientContext, as_label: str | None, after: int, limit: int) -> None:
    """Read the forum's public mod log: every moderation action, oldest first.

    Entries name content by id and pseudonyms by handle, moderators as mod-<n>, and
    the day only. `casecrowd modlog verify` checks that none was changed or dropped.
    """
    if click.get_current_context().invoked_subcommand is not None:
        return
    forum = context.forum(as_label)
    page = modlog.fetch_page(forum, after, limit)
    out = context.out
    out.data(page)
    rows = [
        (
            entry.get("seq"),
            entry.get("day"),
            entry.get("action"),
            entry.get("reason"),
            f"{entry.get('target_kind')} {entry.get('target_id')}",
            entry.get("moderator"),
        )
        for entry in page["entries"]
    ]
    if not rows:
        out.note("No entries." if after == 0 else f"No entries after {after}.")
        return
    columns = ("seq", "day", "action", "reason", "target", "moderator")
    out.table(columns, rows, f"Mod log of {forum.origin}")
    if page.get("next") is not None:
        out.note(f"More: casecrowd modlog --after {page['next']}")


def _trusted_for_file(
    context: ClientContext, pins: modlog.Pins, document: dict[str, Any], key_file: Path | None
) -> tuple[bytes, str]:
    """The key a saved log must be signed with, and where that trust comes from."""
    origin = document["origin"]
    saved = modlog.public_key_of(document.get("moderation_key"))
    if key_file is not None:
        trusted = modlog.public_key_of(modlog.read_json(key_file, "a moderation key document"))
        source = f"the moderation key in {key_file}"
    elif (pinned := pins.pinned_key(origin)) is not None:
        trusted, source = pinned, f"the moderation key pinned for {origin}"
    else:
        context.out.warn(
            f"No moderation key is pinned for {origin} on this machine: trusting the key"
            " saved in the file, which proves only that the log is consistent with itself."
        )
        return saved, "the moderation key saved in the file"
    if saved != trusted:
        raise ModerationKeyChanged(
            f"the saved log of {origin} is signed with moderation key"
            f" {document['moderation_key'].get('public_key')}, not {source}. Nothing was"
            " verified."
        )
    return trusted, source


@client_command(modlog_group, "verify")
@as_option
@click.option(
    "--save",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the fetched log and key to this file, to check again offline.",
)
@click.option(
    "--file",
    "saved",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check a log saved with --save, offline: no server is asked.",
)
@click.option(
    "--key",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --file: trust this moderation key document (the forum's"
    " keys/moderation-key.json) rather than the key pinned here.",
)
def verify_command(
    context: ClientContext,
    as_label: str | None,
    save: Path | None,
    saved: Path | None,
    key_file: Path | None,
) -> None:
    """Check the whole mod log: every entry follows the one before and is signed.

    The forum's moderation key is pinned on first use; a forum that later signs with
    another key is refused (exit 5). A changed, dropped or reordered entry, or a log
    rewritten since it was last verified here, fails at the first entry concerned
    (exit 6).
    """
    if saved is not None and save is not None:
        raise usage("--save writes what is fetched; --file checks a saved log: one of them")
    if key_file is not None and saved is None:
        raise usage("--key goes with --file; a log fetched from the forum uses the pinned key")
    pins = modlog.Pins(modlog.pins_path())
    out = context.out
    if saved is not None:
        document = modlog.read_saved(saved)
        origin, entries = document["origin"], document["entries"]
        public_key, source = _trusted_for_file(context, pins, document, key_file)
        pinned_now = False
    else:
        forum = context.forum(as_label)
        origin = forum.origin
        key = modlog.fetch_key(forum)
        public_key = modlog.public_key_of(key)
        pinned_now = pins.check_key(origin, public_key)
        source = f"the moderation key {'pinned now' if pinned_now else 'pinned'} for {origin}"
        entries = modlog.fetch_entries(forum)
        if save is not None:
            # Written before the check, so that a broken log is kept as evidence too.
            modlog.save(save, modlog.saved_document(origin, key, entries))
            out.note(f"Saved the log ({len(entries)} entries) and its key to {save}.")
    verified = modlog.verify(entries, public_key)
    pins.check_head(origin, entries, older_allowed=saved is not None)
    if saved is None:
        pins.pin_head(origin, verified)
    out.data(
        {
            "verified": True,
            "origin": origin,
            "entries": verified.entries,
            "head_hash": verified.head_hash,
            "key_pinned_now": pinned_now,
            "saved": str(save) if save is not None else None,
        }
    )
    out.note(f"Trusting {source}.")
    out.success(f"mod log verified: {verified.entries} entries, head {verified.head_hash}")

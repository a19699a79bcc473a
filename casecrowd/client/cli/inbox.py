"""``casecrowd inbox``: the moderators' messages to a pseudonym, checked before they are shown.

A message answers a member's wellbeing flag on one of the pseudonym's posts. It is
signed by the forum's moderation key, pinned on first use as ``casecrowd modlog
verify`` pins it, so a message the moderators did not sign is marked and the verb
exits 6; a forum that changed its key is refused (exit 5).
"""

from __future__ import annotations

from typing import Any

import click
from rich.text import Text

from casecrowd.client import modlog
from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.cli.forum_read import as_option
from casecrowd.client.errors import ExitCode
from casecrowd.crypto.errors import CryptoError
from casecrowd.protocol import moderator_message

NOT_SIGNED = "[not signed by the moderators: do not trust it]"


def _signed(message: dict[str, Any], public_key: bytes) -> bool:
    try:
        moderator_message.verify(message, public_key)
    except CryptoError:
        return False
    return True


@client_command(name="inbox")
@as_option
def inbox_command(context: ClientContext, as_label: str | None) -> None:
    """The moderators' messages to your pseudonym, newest first: they answer a member's
    wellbeing flag on a post of yours, and never say who flagged it."""
    forum = context.forum(as_label)
    public_key = modlog.public_key_of(modlog.fetch_key(forum))
    modlog.Pins(modlog.pins_path()).check_key(forum.origin, public_key)
    messages = [
        {**message, "verified": _signed(message, public_key)}
        for message in forum.inbox().get("messages", [])
    ]
    out = context.out
    out.data({"messages": messages})
    if not messages:
        out.note("No messages from the moderators.")
    for message in messages:
        about = message.get("about") or {}
        heading = f"From the moderators, {message.get('created')}, about"
        out.say(Text(f"{heading} {about.get('kind')} {about.get('id')}", style="bold"))
        out.say(str(message.get("text")))
        if not message["verified"]:
            out.warn(NOT_SIGNED)
    if not all(message["verified"] for message in messages):
        raise click.exceptions.Exit(int(ExitCode.VERIFICATION))

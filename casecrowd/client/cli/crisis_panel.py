"""The crisis resources panel: shown to the author, privately, when a draft speaks of
ending their life or harming themselves.

The panel is decided and drawn on this machine from :mod:`casecrowd.client.crisis`.
It never blocks, asks or sends: the draft goes on to the next check as written, and
no request, header, member or stored record differs because the panel was shown, so
the forum cannot learn it (tests/client/test_crisis_panel.py watches the traffic).
"""

from __future__ import annotations

import contextlib

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from casecrowd.client import crisis
from casecrowd.client.output import Output

CARE = (
    "What you wrote sounds heavy. You spend your days carrying other people through the"
    " worst of it; you deserve the same. If you are thinking about ending your life, please"
    " reach someone now: a colleague you trust, or one of the lines below. Several are run"
    " by and for physicians, and are confidential."
)
NOT_SEEN = (
    "CaseCrowd does not see that this panel was shown: it was decided on this device and"
    " nothing about it is sent or stored."
)
CONTINUES = "Nothing is blocked: your post continues to the next step."
COUNTRY_NAMES = {
    "US": "United States",
    "UK": "United Kingdom",
    "IE": "Ireland",
    "CA": "Canada",
    "AU": "Australia",
    "international": "Anywhere else",
}
AUDIENCE_WORDS = {"physicians": "for physicians", "everyone": "for everyone"}
CONTACT_WORDS = {"phone": "call", "text": "text", "web": "web", "email": "email"}
EMERGENCY = "If you are in immediate danger, call your local emergency number."


def resource_lines(directory: crisis.Directory) -> Text:
    """Every line of ``directory``, grouped by country, physicians' lines first."""
    lines = Text()
    for country, entries in directory.by_country():
        lines.append(f"{COUNTRY_NAMES[country]}\n", style="bold")
        for entry in entries:
            lines.append(f"  {entry.name}", style="bold")
            lines.append(f" ({AUDIENCE_WORDS[entry.audience]})\n", style="dim")
            how = "; ".join(f"{CONTACT_WORDS[c.kind]} {c.value}" for c in entry.contacts)
            lines.append(f"    {how}\n")
            if entry.hours:
                lines.append(f"    {entry.hours}\n", style="dim")
    lines.append(f"\n{EMERGENCY}\n")
    lines.append(
        f"Checked {directory.checked.isoformat()}; sources: casecrowd support --json", "dim"
    )
    return lines


def panel(directory: crisis.Directory) -> Panel:
    """The whole panel: the line of care, the resources, and that nobody else saw it."""
    body = Group(
        Text(CARE),
        Text(""),
        resource_lines(directory),
        Text(""),
        Text(NOT_SEEN, style="italic"),
        Text(CONTINUES, style="italic"),
    )
    return Panel(body, title="Support, if you need it", title_align="left", border_style="cyan")


def show_if_needed(out: Output, texts: dict[str, str]) -> None:
    """The panel on stderr when any text speaks of self-harm; also with --json, whose
    stdout stays the verb's one document. Never raises, asks or sends."""
    # A broken resources file or console must not cost the author their post.
    with contextlib.suppress(Exception):
        if crisis.mentions(texts):
            out.stderr.print(panel(crisis.resources()))

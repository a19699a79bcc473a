"""What the client does with a draft before it leaves: the mirrors held up to the author.

Every signed post goes through :func:`reviewed` just before it is sent. In
order: the crisis panel (shown privately when the draft speaks of self-harm;
never blocks), the civility review (spans that may read as an attack, shown with
a question: post anyway, edit or cancel; never blocks), then the PHI guard (the
only check that can refuse). The guard comes last so that a text edited at the
civility question is screened for identifiers too. The panel and the review run
entirely on this machine and leave no trace the forum could see: nothing about
them is sent, signed or stored.
"""

from __future__ import annotations

from typing import Any

from casecrowd.client import phi_check
from casecrowd.client.cli import civility_prompt, crisis_panel
from casecrowd.client.cli.phi_prompt import cleared
from casecrowd.client.output import Output


def reviewed(out: Output, kind: str, members: dict[str, Any], ack_all: bool) -> dict[str, Any]:
    """The members to sign and send, after the author has seen what each check found."""
    crisis_panel.show_if_needed(out, phi_check.screened_texts(kind, members))
    members = civility_prompt.review(out, kind, members)
    return cleared(out, kind, members, ack_all)

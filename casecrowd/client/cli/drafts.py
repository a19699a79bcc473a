"""What the client does with a draft before it leaves: the mirrors held up to the author.

Every signed post goes through :func:`reviewed` just before it is sent. In
order: the crisis panel (shown privately when the draft speaks of self-harm;
never blocks), then the PHI guard (the only check that can refuse). The panel
runs entirely on this machine and leaves no trace the forum could see: nothing
about it is sent, signed or stored.
"""

from __future__ import annotations

from typing import Any

from casecrowd.client import phi_check
from casecrowd.client.cli import crisis_panel
from casecrowd.client.cli.phi_prompt import cleared
from casecrowd.client.output import Output


def reviewed(out: Output, kind: str, members: dict[str, Any], ack_all: bool) -> dict[str, Any]:
    """The members to sign and send, after the author has seen what each check found."""
    crisis_panel.show_if_needed(out, phi_check.screened_texts(kind, members))
    return cleared(out, kind, members, ack_all)

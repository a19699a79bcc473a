"""The civility check: a mirror held up to a draft on the author's device.

:func:`find` looks for slurs, insults aimed at groups and harassment patterns in
the texts of a draft. What it finds is shown to the author, who may post anyway or
edit; nothing is blocked, and nothing about the check is sent, signed or stored,
so the forum never learns that it fired.
"""

from __future__ import annotations

from casecrowd.client.civility.check import CivilityFinding, find

__all__ = ["CivilityFinding", "find"]

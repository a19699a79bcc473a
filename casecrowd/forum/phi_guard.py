"""The one place forum text meets the PHI guard, before anything is stored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from casecrowd.phi.policy import Acknowledgement
from casecrowd.phi.policy import screen as phi_screen
from casecrowd.problems import raises


@raises(phi_screen)
def screen(texts: Mapping[str, str], acknowledgements: Iterable[Acknowledgement]) -> list[dict]:
    """Screen the texts about to be stored; return the findings the author acknowledged.

    Raises the guard's 422 ``phi-detected`` problem when a finding blocks the
    submission; the caller's transaction is then rolled back, so nothing of
    the envelope is stored. Field names are those of the envelope (e.g.
    ``history``, ``differential.2.note``) so the author can find each span.
    """
    return phi_screen({name: text for name, text in texts.items() if text}, acknowledgements)

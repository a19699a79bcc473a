"""The one place forum text meets the PHI guard, before anything is stored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from casecrowd.forum.errors import PhiDetected
from casecrowd.phi.policy import Acknowledgement, decide
from casecrowd.problems import raises


@raises(PhiDetected)
def screen(texts: Mapping[str, str], acknowledgements: Iterable[Acknowledgement]) -> list[dict]:
    """Screen the texts about to be stored; return the findings the author acknowledged.

    Raises the 422 ``phi-detected`` problem when a finding blocks the
    submission; the caller's transaction is then rolled back, so nothing of
    the envelope is stored. Field names are those of the envelope (e.g.
    ``history``, ``differential.2.note``) so the author can find each span.
    """
    decision = decide({name: text for name, text in texts.items() if text}, acknowledgements)
    if decision.blocking:
        raise PhiDetected(
            f"The text contains {len(decision.blocking)} possible identifier(s)"
            f" ({decision.certain} certain); remove them, or acknowledge each uncertain one,"
            " and send again.",
            extra={"findings": decision.blocking},
        )
    return decision.kept

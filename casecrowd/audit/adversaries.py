"""The two operators the audit measures, and what each knows of the time of every event.

* **nightly** reads a backup of both databases every night and every log line. It
  dates an issuance by the finest time stored next to a membership, or by a log line
  written during a token request, and at worst to the day (a membership's count for
  the epoch appears between two backups; the desk's audit log dates its approval). It
  dates an appearance by the finest time a registration or session opening stored
  next to a pseudonym, or by a log line written then, and at worst to the day. The
  ``created`` times of posts are public but come after registration, so they are not
  used.
* **continuous** sees every request as it happens (polling the databases, a
  write-ahead-log archive, a tap on the servers): every time is exact.

The nightly precisions are read from a :class:`~casecrowd.audit.capture.Capture`, not
assumed: a finer column or a new log line makes that adversary stronger.
"""

from __future__ import annotations

from dataclasses import dataclass

from casecrowd.audit.attacks import View
from casecrowd.audit.capture import Capture
from casecrowd.audit.columns import MEMBERSHIP, PSEUDONYM
from casecrowd.audit.journey import APPEARANCE_STEPS, APPROVAL_STEPS, ISSUANCE_STEPS, STEP_TITLES
from casecrowd.audit.precision import DAY, EXACT, Precision

NIGHTLY, CONTINUOUS = "nightly", "continuous"


@dataclass(frozen=True)
class Clue:
    """A precision and what gives it away."""

    precision: Precision
    source: str

    def __str__(self) -> str:
        return f"{self.precision} ({self.source})"


@dataclass(frozen=True)
class Adversary:
    name: str
    issuance: Clue
    approval: Clue
    appearance: Clue

    def view(self) -> View:
        return View(
            self.issuance.precision.seconds,
            self.approval.precision.seconds,
            self.appearance.precision.seconds,
        )

    def views(self) -> tuple[View, ...]:
        """Its own view, and the same with every time at its coarsest precision.

        An adversary can always forget precision, and the attacks tie memberships at
        the adversary's precision: with one side exact and the other to the day, the
        all-day guess can be the better one. Both are tried, so a finer clue never
        makes the figure better.
        """
        own = self.view()
        coarsest = max(own.issuance, own.approval, own.appearance)
        blurred = View(coarsest, coarsest, coarsest)
        return (own,) if blurred == own else (own, blurred)


def _finest(clues: list[Clue]) -> Clue:
    return min(clues, key=lambda clue: clue.precision)


def _log_clues(capture: Capture, steps: tuple[str, ...]) -> list[Clue]:
    return [
        Clue(kind.precision, f"{kind.logger} log line while {STEP_TITLES[kind.during]}")
        for kind in capture.logs_during(steps)
    ]


def _column_clues(
    capture: Capture, anchor: str, steps: tuple[str, ...] | None = None
) -> list[Clue]:
    """Time columns tied to ``anchor``; with ``steps``, only those written during them."""
    return [
        Clue(column.precision, column.name)
        for column in capture.columns
        if anchor in column.tied_to and (steps is None or set(column.written_during) & set(steps))
    ]


def nightly(capture: Capture) -> Adversary:
    issuance = [Clue(DAY, "a new token count between two nightly backups")]
    issuance += _column_clues(capture, MEMBERSHIP) + _log_clues(capture, ISSUANCE_STEPS)
    approval = [Clue(DAY, "the desk's audit log")]
    approval += _column_clues(capture, MEMBERSHIP, APPROVAL_STEPS)
    approval += _log_clues(capture, APPROVAL_STEPS)
    appearance = [Clue(DAY, "a new pseudonym between two nightly backups")]
    appearance += _column_clues(capture, PSEUDONYM, APPEARANCE_STEPS)
    appearance += _log_clues(capture, APPEARANCE_STEPS)
    return Adversary(NIGHTLY, _finest(issuance), _finest(approval), _finest(appearance))


def continuous() -> Adversary:
    live = Clue(EXACT, "every request as it happens")
    return Adversary(CONTINUOUS, live, live, live)


def adversaries(capture: Capture) -> tuple[Adversary, Adversary]:
    """Nightly first: the order of the report's lines."""
    return nightly(capture), continuous()

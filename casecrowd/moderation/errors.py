"""Problems of the moderators' actions: what a refused action says, and why nothing changed.

Every one of them is raised before the action's transaction commits, so a
refused action leaves no mod-log entry and no change of state.
"""

from __future__ import annotations

from casecrowd.problems import Conflict, NotFound


class AppealNotFound(NotFound):
    code, title = "appeal-not-found", "No such appeal"


class AppealDecided(Conflict):
    code, title = "appeal-decided", "The appeal has already been decided"


class NoPendingFlags(Conflict):
    code, title = "no-pending-flags", "The target has no pending flags"


class StateUnchanged(Conflict):
    """The action would leave the target as it is (hide a hidden post, unlock an open case…)."""

    code, title = "moderation-state-unchanged", "The target is already in that state"


class NoActiveSanction(Conflict):
    code, title = "no-active-sanction", "The pseudonym is neither suspended nor banned"


class PseudonymAlreadyBanned(Conflict):
    code, title = "pseudonym-already-banned", "The pseudonym is banned already"

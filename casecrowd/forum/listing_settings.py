"""Settings of case listings, search, reputation and privileges.

Reputation follows the Stack Exchange pattern: votes and acceptances move a
pseudonym's reputation, and privileges (voting, commenting) unlock at
thresholds. Every number is a setting; the privilege defaults differ from
Stack Exchange's where verified membership already does their job (see
PRIVILEGES).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask

from casecrowd.settings import Setting, SettingsView, at_least, setting, view


def _positive(value: Any) -> str | None:
    return None if value > 0 else "must be positive"


def _not_positive(value: Any) -> str | None:
    return None if value <= 0 else "must be zero or negative (it is a penalty)"


LISTING: tuple[Setting, ...] = (
    Setting(
        "forum.listing.page_size",
        20,
        "Cases per page of a listing or a search when the client does not ask for a size.",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.listing.max_page_size",
        100,
        "Largest page a client may ask for in a listing or a search.",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.listing.hot_gravity",
        1.8,
        'How fast "hot" cases cool down: rank = log10(max(1, 3 + score)) / (hours + 2)^gravity.',
        float,
        check=_positive,
    ),
    Setting(
        "forum.search.max_terms",
        12,
        "Words, prefixes and phrases of a search query beyond this many are ignored.",
        int,
        check=at_least(1),
    ),
)

REPUTATION: tuple[Setting, ...] = (
    Setting(
        "forum.reputation.initial",
        1,
        "Reputation of a new pseudonym.",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.reputation.floor",
        1,
        "Reputation shown and checked is never below this (the stored sum may be).",
        int,
    ),
    Setting(
        "forum.reputation.case_upvote",
        5,
        "Given to a case's author for each upvote on the case.",
        int,
        check=at_least(0),
    ),
    Setting(
        "forum.reputation.answer_upvote",
        10,
        "Given to an answer's author for each upvote on the answer.",
        int,
        check=at_least(0),
    ),
    Setting(
        "forum.reputation.downvote_received",
        -2,
        "Given to a case's or answer's author for each downvote on it.",
        int,
        check=_not_positive,
    ),
    Setting(
        "forum.reputation.downvote_cast_on_answer",
        -1,
        "Given to a voter for each downvote they cast on an answer (downvoting cases is free).",
        int,
        check=_not_positive,
    ),
    Setting(
        "forum.reputation.accepted",
        15,
        "Given to an answer's author while their answer is the accepted one (not for"
        " accepting one's own answer).",
        int,
        check=at_least(0),
    ),
    Setting(
        "forum.reputation.accepting",
        2,
        "Given to a case's author while they have accepted someone else's answer.",
        int,
        check=at_least(0),
    ),
)

# Stack Exchange gates upvoting (15) and commenting (50) to slow down spam
# accounts. Here every member is a physician the desk verified, and the
# issuer's token quota already limits how many pseudonyms one person holds,
# so those gates would only keep new physicians from taking part. Downvoting
# stays behind reputation: it costs the author, so it waits until a member
# has shown some judgement.
PRIVILEGES: tuple[Setting, ...] = (
    Setting(
        "forum.privileges.vote_up",
        1,
        "Reputation needed to upvote. 1: every verified member may (members are verified"
        " physicians and the token quota limits sock puppets, so Stack Exchange's anti-spam"
        " threshold of 15 would only lock new physicians out).",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.privileges.comment",
        1,
        "Reputation needed to comment on other members' cases and answers (one's own case,"
        " one's own answers and the answers to one's own case are always open). 1: every"
        " verified member may, for the same reason as vote_up.",
        int,
        check=at_least(1),
    ),
    Setting(
        "forum.privileges.vote_down",
        15,
        "Reputation needed to downvote. A downvote costs its target's author, so it waits"
        " until a member has earned some (with the default numbers: two upvoted answers, or"
        " three upvoted cases).",
        int,
        check=at_least(1),
    ),
)

SETTINGS: tuple[Setting, ...] = LISTING + REPUTATION + PRIVILEGES


@dataclass(frozen=True)
class ListingConfig(SettingsView):
    page_size: int = setting("forum.listing.page_size")
    max_page_size: int = setting("forum.listing.max_page_size")
    hot_gravity: float = setting("forum.listing.hot_gravity")
    search_max_terms: int = setting("forum.search.max_terms")


def listing_config(app: Flask | None = None) -> ListingConfig:
    return view(ListingConfig.from_settings, app)

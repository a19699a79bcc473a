"""Rate limits of the forum's routes, keyed on pseudonyms, keys and tokens.

Every rule is a ``limits`` string with one window or several
("6/minute;60/hour;300/day"); an event counts in each, and is refused with
429 while any is full. The defaults leave a busy physician's evening alone
(twenty answers, a hundred votes, a few dozen pages read a minute) and stop
a script long before it fills a page. How each is counted is
:mod:`casecrowd.forum.service.limits`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from casecrowd.ratelimit import rule_problem
from casecrowd.settings import Setting, SettingsView, at_least, setting, view

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "forum.limits.posts",
        "6/minute;60/hour;300/day",
        "New cases, answers, comments and polls per pseudonym, all together. A busy physician"
        " answers some twenty cases in an evening; six a minute leaves room for a quick"
        " exchange of comments, and nobody writes three hundred posts a day.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.new_pseudonym_posts",
        "3/minute;20/hour;60/day",
        "Posts per pseudonym during its first forum.limits.new_pseudonym_days days, counted"
        " besides forum.limits.posts: a new key starts in slow mode, so that one made to"
        " flood the forum is held to twenty posts an hour and sixty a day. Three a minute"
        " still lets a new member post a case and answer the first comments on it.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.new_pseudonym_days",
        3,
        "Days after its registration (known to the day only) during which a pseudonym posts"
        " under forum.limits.new_pseudonym_posts; 0 turns the slow mode for new pseudonyms off.",
        int,
        check=at_least(0),
    ),
    Setting(
        "forum.limits.edits",
        "10/minute;120/hour;500/day",
        "Edits of cases and answers, outcomes and acceptances per pseudonym. Fixing typos"
        " takes a few edits in a row; a hundred and twenty an hour is far beyond that.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.votes",
        "30/minute;300/hour;1000/day",
        "Votes per pseudonym (a changed or withdrawn vote counts again). Voting on a hundred"
        " posts in an evening, with second thoughts, stays well inside.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.flags",
        "5/minute;30/hour;100/day",
        "Flags per pseudonym. Members flag what they happen to read; thirty an hour is a"
        " spam wave reported, a hundred a day is a campaign.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.appeals",
        "3/hour;10/day",
        "Appeals per pseudonym. Each mod-log entry takes one appeal anyway; this bounds how"
        " fast a pseudonym can fill the moderators' queue.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.requests",
        "120/minute;3000/hour;20000/day",
        "Requests per pseudonym through its sessions (reads above all; writes count here and"
        " under their own rule). Reading a case with its proofs and votes takes a handful of"
        " requests; two a second, sustained, is a script.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.session_challenges",
        "10/minute;60/hour;200/day",
        "Session challenges per pseudonym key, whoever asks (no session is needed to ask)."
        " A client opens a session a few times a day.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.session_challenges_all",
        "600/minute",
        "Session challenges for everyone together, asked for any reference, known or not:"
        " bounds the unauthenticated work of the challenge route.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.session_opens",
        "10/minute;30/hour;100/day",
        "Sessions opened per pseudonym key. A session lasts forum.session_hours; a few a day"
        " is normal use, one per request is not.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.registrations",
        "10/hour;30/day",
        "Registrations and renewals per submitted public key, counting the first request that"
        " only asks for the token challenge. A key registers once and renews once an epoch;"
        " the rest is retries.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.registrations_all",
        "300/minute;5000/hour",
        "Registrations and renewals for everyone together: bounds the token verification"
        " work, while leaving room for the renewals that crowd the start of an epoch.",
        check=rule_problem,
    ),
    Setting(
        "forum.limits.registration_samples",
        "120/minute",
        "Samples of recent registrations (GET /registrations/sample, sessionless) for"
        " everyone together. A client asks once per new issuer epoch.",
        check=rule_problem,
    ),
)


@dataclass(frozen=True)
class LimitConfig(SettingsView):
    posts: str = setting("forum.limits.posts")
    new_pseudonym_posts: str = setting("forum.limits.new_pseudonym_posts")
    new_pseudonym_days: int = setting("forum.limits.new_pseudonym_days")
    edits: str = setting("forum.limits.edits")
    votes: str = setting("forum.limits.votes")
    flags: str = setting("forum.limits.flags")
    appeals: str = setting("forum.limits.appeals")
    requests: str = setting("forum.limits.requests")
    session_challenges: str = setting("forum.limits.session_challenges")
    session_challenges_all: str = setting("forum.limits.session_challenges_all")
    session_opens: str = setting("forum.limits.session_opens")
    registrations: str = setting("forum.limits.registrations")
    registrations_all: str = setting("forum.limits.registrations_all")
    registration_samples: str = setting("forum.limits.registration_samples")


def limit_config(app: Flask | None = None) -> LimitConfig:
    return view(LimitConfig.from_settings, app)

"""Moderation fixtures: the forum's (issuer, physicians) on an app where staff log in cheaply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import deep_merge
from tests.forum.conftest import (  # noqa: F401 - the forum's fixtures, for these tests too
    author,
    directory,
    forum_settings,
    http,
    issuer,
    issuer_keys,
    peer,
    physician,
)
from tests.forum.physician import Transport
from tests.moderation.moderator import Moderator, staff_member
from tests.staff.support import FAST_ARGON2

# Tests post a few answers and comments in a row from pseudonyms made a moment ago.
NEW_PSEUDONYMS_POST_FREELY = {"forum": {"limits": {"new_pseudonym_days": 0}}}


@pytest.fixture
def forum_app(make_app: Callable[..., Any], forum_settings: Callable[..., dict]) -> Any:  # noqa: F811
    return make_app(deep_merge(FAST_ARGON2, forum_settings(NEW_PSEUDONYMS_POST_FREELY)))


@pytest.fixture
def moderator(forum_app: Any, http: Transport) -> Moderator:  # noqa: F811
    """A logged-in staff account holding the moderator role, with a username unlike its handle."""
    return staff_member(forum_app, http, "moderator", "ward-night-moderator")

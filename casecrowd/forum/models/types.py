"""The id source shared by the forum models."""

from __future__ import annotations

import secrets

from casecrowd.db import MAX_ID


def random_id() -> int:
    """A primary key that says nothing about when its row was written.

    Sequential ids of pseudonyms would rank registrations in time, and the
    identity database counts which membership obtained tokens in which
    epoch. Within 1..MAX_ID so that every id passes the app's id checks.
    """
    return secrets.randbelow(MAX_ID) + 1

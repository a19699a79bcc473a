"""Pages and opaque cursors shared by case listings and search.

A cursor is base64url JSON signed with the app secret (itsdangerous), so a
client can hand it back but cannot forge one: it carries the reference time
and the newest ids of the first page, which decide what later pages show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from casecrowd.forum.listing_settings import listing_config
from casecrowd.problems import DomainError, Unprocessable, raises

T = TypeVar("T")
CURSOR_VERSION = 1
# Far longer than any cursor we issue; refuse bigger input before decoding it.
MAX_CURSOR_LENGTH = 1024


class InvalidCursor(DomainError):
    status, code, title = 400, "cursor-invalid", "The cursor cannot be used"


class InvalidPageQuery(Unprocessable):
    """A listing or search parameter the schema could not judge alone (the page size limit)."""

    code, title = "page-query-invalid", "The listing parameters are not valid"

    def __init__(self, param: str, reason: str) -> None:
        # Named like the schema's own errors, so a client handles both alike.
        super().__init__(
            f"{param} {reason}", extra={"invalid-params": [{"name": param, "reason": reason}]}
        )


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def page_settings() -> tuple[int, int]:
    """(default page size, largest page size) from the configuration."""
    config = listing_config()
    return config.page_size, config.max_page_size


@raises(InvalidPageQuery)
def checked_limit(limit: int | None) -> int:
    default, largest = page_settings()
    if limit is None:
        return default
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= largest:
        raise InvalidPageQuery("limit", f"must be a whole number from 1 to {largest}.")
    return limit


def _serializer(kind: str) -> URLSafeSerializer:
    return URLSafeSerializer(
        current_app.config["SECRET_KEY"], salt=f"casecrowd.forum.cursor.{kind}"
    )


def encode_cursor(kind: str, scope: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    """A cursor for the list ``kind`` whose parameters are ``scope``."""
    return _serializer(kind).dumps({"v": CURSOR_VERSION, "scope": dict(scope), **state})


@raises(InvalidCursor)
def decode_cursor(kind: str, cursor: str, scope: Mapping[str, Any]) -> dict[str, Any]:
    """The state stored in ``cursor``; InvalidCursor unless it is ours, for this very list."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("The cursor is empty or too long; use the next_cursor of a page.")
    try:
        payload = _serializer(kind).loads(cursor)
    except BadData:
        raise InvalidCursor(
            "The cursor was not issued by this forum for this kind of list; use the"
            " next_cursor of a page."
        ) from None
    if not isinstance(payload, dict) or payload.get("v") != CURSOR_VERSION:
        raise InvalidCursor("The cursor is from another version of the forum; start again.")
    if payload.get("scope") != dict(scope):
        raise InvalidCursor(
            "The cursor belongs to a list with other parameters; keep them the same while"
            " paging, or start again without a cursor."
        )
    return payload


@raises(InvalidCursor)
def state_value(state: Mapping[str, Any], name: str, kind: type) -> Any:
    """A member of a decoded cursor, checked for type (bool is not an int here)."""
    value = state.get(name)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise InvalidCursor("The cursor is damaged; start again without a cursor.")
    return value


@raises(InvalidCursor)
def state_time(state: Mapping[str, Any], name: str) -> datetime:
    text = state_value(state, name, str)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidCursor("The cursor is damaged; start again without a cursor.") from None
    if moment.tzinfo is None:
        raise InvalidCursor("The cursor is damaged; start again without a cursor.")
    return moment.astimezone(UTC)


def time_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")

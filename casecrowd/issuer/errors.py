"""Errors of the issuer, as clients see them (RFC 9457 problem types)."""

from __future__ import annotations

from datetime import UTC, datetime

from casecrowd.issuer.epochs import format_boundary
from casecrowd.problems import RateLimited, Unprocessable


class MalformedTokenRequest(Unprocessable):
    code, title = "token-request-malformed", "Malformed token request"


class UnsupportedTokenType(Unprocessable):
    code, title = "token-type-unsupported", "Unsupported token type"


class UnknownTokenKey(Unprocessable):
    code, title = "token-key-unknown", "Unknown token key"


class BlindedMessageOutOfRange(Unprocessable):
    code, title = "blinded-message-out-of-range", "Blinded message out of range"


class TokenQuotaSpent(RateLimited):
    code, title = "token-quota-spent", "Token quota of this epoch spent"
    doc_note = "Retry-After counts down to the next epoch, whose start `next_epoch_starts` gives."

    def __init__(self, quota: int, next_epoch_start: int, retry_after: int) -> None:
        # The boundary is public (the directory's not-before values show it),
        # so saying it costs no privacy; it is what the member needs to know.
        boundary = format_boundary(next_epoch_start)
        super().__init__(
            f"This membership has received its {quota} token(s) for the current epoch."
            f" The next epoch starts at {boundary}.",
            retry_after=retry_after,
        )
        start = datetime.fromtimestamp(next_epoch_start, UTC)
        self.extra["next_epoch_starts"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")

"""What gunicorn itself writes and answers, made to follow the privacy rules.

gunicorn logs ``Invalid request from ip=<address>`` for every malformed
request, ``Error handling request <path>`` when a request breaks a worker,
an access line per request, and answers its own errors (400, 414, 431...)
with an HTML page. Logs outlive databases, so :class:`AddresslessLogger`
writes no access line at all (the application writes its own, per role,
and none for the routes whose times must not be kept) and removes from every
error-log line anything shaped like an IP address and the path of a failed
request; :func:`write_problem` answers those errors as RFC 9457 problem
details like the rest of the API, without echoing the request.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
from typing import Any

from gunicorn import glogging, util

from casecrowd.protocol.media import PROBLEM_JSON

# Candidates for IPv4 and IPv6 literals; each is checked with ipaddress, so
# that a time of day such as 10:42:07 is left alone.
_ADDRESS_CANDIDATE = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
    r"|(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])"
)
_INVALID_FROM = re.compile(r"Invalid request from ip=\S*?:\s")
# "Error handling request GET /api/v1/cases/7?q=..." names a request by its path.
_FAILED_REQUEST = re.compile(r"Error handling request (?!\(no URI read\)).*")
# What each of gunicorn's own errors tells the client; never the request itself.
_DETAILS = {
    400: "The request is not valid HTTP.",
    403: "The request was refused.",
    414: "The request line is longer than this server accepts.",
    417: "The expectation in the request cannot be met.",
    431: "The request's headers are larger than this server accepts.",
    501: "The request uses a transfer coding this server does not support.",
}


def _hide_address(match: re.Match[str]) -> str:
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return "-"


def scrub_addresses(text: str) -> str:
    text = _FAILED_REQUEST.sub("Error handling request", text)
    return _ADDRESS_CANDIDATE.sub(_hide_address, _INVALID_FROM.sub("Invalid request: ", text))


class _ScrubAddresses(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub_addresses(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # The traceback's last line repeats the exception text.
            record.exc_text = scrub_addresses(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class AddresslessLogger(glogging.Logger):
    """gunicorn's logger: no access log, and no address or request path in the error log."""

    def setup(self, cfg) -> None:  # type: ignore[no-untyped-def]
        super().setup(cfg)
        self.error_log.addFilter(_ScrubAddresses())

    @property
    def access_log_enabled(self) -> bool:
        # Read by gunicorn's workers before they gather an access line's data.
        return False

    def access(self, resp, req, environ, request_time) -> None:  # type: ignore[no-untyped-def]
        return


def save_request_counts(app: Any) -> None:
    """At a worker's exit: write every request count it still holds (casecrowd.metrics)."""
    from casecrowd import metrics

    if app is not None and metrics.EXTENSION in getattr(app, "extensions", {}):
        metrics.flush(app, everything=True)


def problem_document(status_int: int, reason: str) -> bytes:
    body = {
        "type": "about:blank",
        "title": reason,
        "status": status_int,
        "detail": _DETAILS.get(status_int, "The request could not be read."),
    }
    return json.dumps(body).encode("ascii")


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:  # type: ignore[no-untyped-def]
    """Stands in for ``gunicorn.util.write_error``.

    ``mesg`` may quote the request back, so it is left out of the answer.
    """
    body = problem_document(status_int, reason)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: {PROBLEM_JSON}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body)


def answer_errors_as_problems() -> None:
    # gunicorn offers no hook for the body of its own error answers; its
    # workers call util.write_error, so that is the one place to replace.
    util.write_error = write_problem

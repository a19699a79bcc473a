"""What gunicorn itself writes and answers, made to follow the privacy rules.

gunicorn logs ``Invalid request from ip=<address>`` for every malformed
request and answers its own errors (400, 414, 431...) with an HTML page.
Logs outlive databases, so every line gunicorn writes passes through
:class:`AddresslessLogger`, which removes anything shaped like an IP
address; :func:`write_problem` answers those errors as RFC 9457 problem
details like the rest of the API, without echoing the request.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re

from gunicorn import glogging, util

PROBLEM_JSON = "application/problem+json"
# Candidates for IPv4 and IPv6 literals; each is checked with ipaddress, so
# that a time of day such as 10:42:07 is left alone.
_ADDRESS_CANDIDATE = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
    r"|(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])"
)
_INVALID_FROM = re.compile(r"Invalid request from ip=\S*?:\s")
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
    """gunicorn's logger, with every address removed from the error and access logs."""

    def setup(self, cfg) -> None:  # type: ignore[no-untyped-def]
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(_ScrubAddresses())


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

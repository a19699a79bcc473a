"""Talking to a CaseCrowd server: one :class:`ApiClient` per role, errors as exceptions.

Every error the server answers on purpose is RFC 9457 problem+json; it becomes a
:class:`ServerProblem` carrying the problem's members, so callers can show the
``detail`` and each ``invalid-params`` entry; a 429 and a sanction read as when to
try again and until when, in words. A server that cannot be reached is an
:class:`Unreachable`; an answer that is not a CaseCrowd problem (another program at
that address, a wrong path prefix) is a :class:`ServerProblem` naming the URL tried.

Each role (desk, issuer, forum) gets its own client and so its own connection pool:
no connection, cookie or header carries over from the identity side to the forum.
"""

from __future__ import annotations

import dataclasses
import re
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from casecrowd.client.errors import (
    SANCTION_PROBLEMS,
    ClientError,
    ExitCode,
    retry_words,
    sanction_words,
    slow_mode_words,
)
from casecrowd.clock import utcnow
from casecrowd.protocol.media import PROBLEM_JSON

DEFAULT_TIMEOUT_SECONDS = 30
# The same User-Agent for every client of a version: nothing per device or person.
USER_AGENT = "casecrowd-client/1"
CHECK_SERVER = "check --server or CASECROWD_SERVER"
BASE_URL_HINT = (
    "--server or CASECROWD_SERVER must be a CaseCrowd server's base URL"
    " (the one whose /api/v1/health answers)"
)
NOT_A_PROBLEM = "The server's answer was not a problem document."
# The server's details point API readers at the invalid-params member; the message
# lists those entries itself, so the pointer is dropped.
_SEE_INVALID_PARAMS = re.compile(r"\s*[;,]?\s*\(?see invalid-params\)?", re.IGNORECASE)


class Unreachable(ClientError):
    """No answer: the server is down, the URL is wrong, or the network failed."""

    exit_code = ExitCode.SERVER

    @classmethod
    def of(cls, url: str, error: requests.RequestException, timeout: float) -> Unreachable:
        """One line naming ``url``, why there was no answer, and what to check."""
        if isinstance(error, requests.Timeout):
            why = f"no answer within {timeout:g} s"
            hint = "the server may be overloaded or the network slow; try again"
        elif isinstance(error, requests.exceptions.SSLError):
            why, hint = "the TLS handshake failed", f"is it an https server? {CHECK_SERVER}"
        elif isinstance(error, requests.exceptions.ProxyError):
            why, hint = "the proxy failed", "check the HTTPS_PROXY / HTTP_PROXY settings"
        elif _caused_by(error, socket.gaierror):
            why, hint = "unknown host name", CHECK_SERVER
        elif _caused_by(error, ConnectionRefusedError):
            why = "connection refused"
            hint = f"the server may not be running (`casecrowd serve`), or {CHECK_SERVER}"
        else:
            why = type(error).__name__
            hint = f"the server may not be running, or {CHECK_SERVER}"
        return cls(f"cannot reach {url} ({why}): {hint}")


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is among the exceptions ``error`` was raised from or wraps."""
    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        # urllib3 keeps the socket's error as the cause of its own, and requests keeps
        # urllib3's as an argument or as its ``reason``.
        pending += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        pending += list(current.args)
    return False


@dataclass
class ServerProblem(ClientError):
    """The server refused the request with an RFC 9457 problem document."""

    status: int
    title: str
    detail: str = ""
    type: str = "about:blank"
    invalid_params: list[dict[str, str]] = field(default_factory=list)
    members: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    url: str = ""  # the URL that answered
    # What the refused request was for, in plural words ("answers"): a 429 names it.
    attempted: str = "requests"
    # The caller's plain sentence for a refusal it expected; it replaces the detail.
    explanation: str = ""

    exit_code = ExitCode.SERVER

    def __post_init__(self) -> None:
        super().__init__(self.message())

    def for_attempt(self, attempted: str) -> ServerProblem:
        """The same problem naming what was attempted ("answers"), if it is a 429."""
        return dataclasses.replace(self, attempted=attempted) if self.status == 429 else self

    def explained(self, explanation: str) -> ServerProblem:
        return dataclasses.replace(self, explanation=explanation)

    @property
    def code(self) -> str:
        """The last segment of a CaseCrowd problem type (``urn:casecrowd:problem:<code>``)."""
        return self.type.rsplit(":", 1)[-1] if self.type.startswith("urn:") else ""

    @property
    def retry_after(self) -> int | None:
        """Seconds to wait, from ``Retry-After`` or the ``retry_after`` member."""
        value = self.headers.get("Retry-After") or self.members.get("retry_after")
        try:
            return max(0, int(value)) if value is not None else None
        except (TypeError, ValueError):
            return None

    @property
    def from_casecrowd(self) -> bool:
        """Whether a CaseCrowd service refused on purpose (its problem type is ours)."""
        return bool(self.code)

    def message(self) -> str:
        if self.explanation:
            return self.explanation
        if self.code == "slow-mode":
            pace = self.members.get("slow_mode_seconds")
            return slow_mode_words(pace, self.retry_after, utcnow())
        if self.status == 429:
            return retry_words(self.attempted, self.retry_after, utcnow())
        if self.code in SANCTION_PROBLEMS:
            return sanction_words(self.code, self.members)
        text = f"{self.title} ({self.status})"
        if self.url and not self.from_casecrowd:
            # Not a refusal by a CaseCrowd service: where the answer came from matters.
            text += f" at {self.url}"
        if self.status == 404 and not self.from_casecrowd:
            # No such route: another program at that address, or a wrong path prefix.
            return f"{text}: no CaseCrowd API there; {BASE_URL_HINT}"
        detail = _SEE_INVALID_PARAMS.sub("", self.detail) if self.invalid_params else self.detail
        if detail and detail != self.title:
            text += f": {detail}"
        if detail == NOT_A_PROBLEM:
            text += f" Is it a CaseCrowd server? {CHECK_SERVER}."
        for item in self.invalid_params:
            text += f"\n  - {item.get('name', '?')}: {item.get('reason', '')}"
        findings = self.members.get("findings")
        for item in findings if isinstance(findings, list) else []:
            suggestion = item.get("suggestion") or "remove it"
            text += (
                f"\n  - {item.get('field')}: {item.get('excerpt')!r} ({item.get('category_name')},"
                f" {item.get('confidence')}) -> {suggestion}"
            )
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "invalid-params": self.invalid_params,
            "url": self.url,
            **{k: v for k, v in self.members.items() if k not in {"invalid-params"}},
        }

    @classmethod
    def from_response(cls, response: requests.Response) -> ServerProblem:
        headers = {
            name: response.headers[name]
            for name in ("Retry-After", "WWW-Authenticate")
            if name in response.headers
        }
        body: Any = None
        if response.headers.get("Content-Type", "").split(";")[0].strip() in (
            PROBLEM_JSON,
            "application/json",
        ):
            try:
                body = response.json()
            except ValueError:
                body = None
        if not isinstance(body, dict):
            return cls(
                response.status_code,
                response.reason or "Unexpected answer",
                NOT_A_PROBLEM,
                headers=headers,
                url=response.url,
            )
        known = {"type", "title", "status", "detail", "invalid-params"}
        params = body.get("invalid-params")
        return cls(
            status=response.status_code,
            title=str(body.get("title") or response.reason or "Error"),
            detail=str(body.get("detail") or ""),
            type=str(body.get("type") or "about:blank"),
            invalid_params=params if isinstance(params, list) else [],
            members={k: v for k, v in body.items() if k not in known},
            headers=headers,
            url=response.url,
        )


def _leave_unchanged(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def base_url(url: str) -> str:
    """``url`` checked to be http(s), without a trailing slash."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ClientError(f"{url!r} is not an http(s) URL", exit_code=ExitCode.USAGE)
    return url.strip().rstrip("/")


class ApiClient:
    """JSON (and binary) requests to one base URL; problem documents raise."""

    def __init__(
        self, url: str, *, timeout: float = DEFAULT_TIMEOUT_SECONDS, local: bool = False
    ) -> None:
        """``local``: a server in this process or on this machine; no proxy applies."""
        self.url = base_url(url)
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        # Proxy settings from the environment stay in force (a physician may route the
        # client through Tor or a proxy to keep their address from the forum), but a
        # ~/.netrc entry must never replace the Membership or Bearer header: a session
        # auth that changes nothing stops requests from looking it up.
        self.session.auth = _leave_unchanged
        self.session.trust_env = not local

    def __repr__(self) -> str:
        return f"<ApiClient {self.url}>"

    def close(self) -> None:
        self.session.close()

    def absolute(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return self.url + path_or_url

    def request(
        self, method: str, path_or_url: str, *, expect: tuple[int, ...] = (200,), **kwargs: Any
    ) -> requests.Response:
        """Send; return the response if its status is in ``expect``, else raise."""
        target = self.absolute(path_or_url)
        kwargs.setdefault("timeout", self.timeout)
        try:
            response = self.session.request(method, target, **kwargs)
        except requests.RequestException as exc:
            raise Unreachable.of(target, exc, kwargs["timeout"]) from None
        if response.status_code not in expect:
            raise ServerProblem.from_response(response)
        return response

    def get_json(self, path: str, *, headers: dict[str, str] | None = None, **params: Any) -> Any:
        query = {k: v for k, v in params.items() if v is not None}
        return self._json(self.request("GET", path, headers=headers, params=query))

    def post_json(
        self,
        path: str,
        body: Any,
        *,
        headers: dict[str, str] | None = None,
        expect: tuple[int, ...] = (200, 201),
    ) -> Any:
        return self._json(self.request("POST", path, json=body, headers=headers, expect=expect))

    @staticmethod
    def _json(response: requests.Response) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ServerProblem(
                response.status_code, "Unexpected answer", "The server did not answer JSON."
            ) from None

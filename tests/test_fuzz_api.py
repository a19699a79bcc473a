"""Schemathesis against a live gunicorn server: no 5xx, and every answer as documented.

Requests are generated from the server's own OpenAPI document, valid and
invalid alike, for every operation: a fixed number per operation from a
fixed seed, so a run is repeatable and takes a bounded time (well under a
minute). Text and integers are often given values that once caused 500s. Authenticated
operations are called with real credentials (a forum session, a staff
session, a membership secret), so their services run, not only the 401.

Checks: no server error; status, content type, headers and body as the
document says; and every error is an RFC 9457 problem whose own type is
documented for that operation (a view that raises an undeclared error fails).
"""

from __future__ import annotations

import copy
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from casecrowd.crypto import privacypass
from casecrowd.crypto.keys import generate_issuer_key
from casecrowd.problems import PROBLEM_JSON
from tests.conftest import deep_merge
from tests.forum.physician import Issuer, Physician, Transport, case_fields, epoch_times
from tests.staff.support import FAST_ARGON2, PASSWORD, add_account, live_bearer

pytestmark = [pytest.mark.fuzz, pytest.mark.live]

# Token requests are opaque bytes (RFC 9578 §6.1): sent as generated, like octet streams.
schemathesis.serializer.alias(privacypass.REQUEST_MEDIA_TYPE, "application/octet-stream")

EXAMPLES_PER_OPERATION = 25
SEED = 9457
# Values that once reached a driver and came back as a 500: NUL in text (which
# PostgreSQL refuses) and integers past a 32- or 64-bit column; and 1, the id of
# the rows the fixture made. Offered often, so a few examples suffice to try them.
HOSTILE = {
    "text": {"values": ["\u0000", "a\u0000b", "\u0000" * 3]},
    "numbers": {"values": [1, 0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30]},
}
APPLICANT = {
    "legal_name": "Ada Quinn",
    "licence_number": "A1234567",
    "jurisdiction": "US-NY",
    "npi": "1234567893",
    "email": "ada.quinn@example.org",
}


@dataclass
class Target:
    url: str
    physician: Physician
    staff: dict[str, str]
    moderator: dict[str, str]
    member: dict[str, str]
    server_log: Callable[[], str]
    # Statuses seen per operation, to show that authenticated ones got past 401.
    seen: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def forum_session(self, *, fresh: bool) -> dict[str, str]:
        if not fresh:
            return self.physician.auth()
        # A throwaway session for the operation that closes the one it is sent with.
        kept = self.physician.session
        assert self.physician.open_session().status == 201
        headers = self.physician.auth()
        self.physician.session = kept
        return headers

    def staff_session(self, *, fresh: bool) -> dict[str, str]:
        # A moderator needs no second factor, so a throwaway session is one request.
        return live_bearer(self.url, "moderator") if fresh else self.staff

    def headers_for(self, case: schemathesis.Case) -> dict[str, str]:
        """Real credentials for the operation's security scheme, if it has one."""
        schemes = {
            name for entry in case.operation.definition.raw.get("security", []) for name in entry
        }
        closes = case.method.upper() == "DELETE"
        if "forumSession" in schemes:
            return self.forum_session(fresh=closes)
        if "staffBearer" in schemes:
            # Moderation routes take a moderator; the desk's review routes a verifier.
            if case.operation.path.startswith("/api/v1/moderation/"):
                return self.moderator
            return self.staff_session(fresh=closes)
        if "membershipSecret" in schemes:
            return self.member
        return {}


def _post(url: str, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    response = requests.post(f"{url}{path}", json=body, headers=headers, timeout=30)
    assert response.status_code in (200, 201), (path, response.status_code, response.text)
    return response.json()


@pytest.fixture
def fuzz_target(live_server, make_app, tmp_path) -> Target:
    issuer = Issuer({"current": generate_issuer_key()}, epoch_times())
    directory = issuer.write_directory(tmp_path / "issuer-directory.json", ["current"])
    forum = {"issuer_directory": str(directory), "issuer_epoch_days": 30}
    overrides = deep_merge(FAST_ARGON2, {"forum": {**forum, "verification_grace_days": 14}})
    server = live_server(workers=2, overrides=overrides)
    app = make_app(overrides)
    add_account(app, "verifier", "verifier")
    add_account(app, "moderator", "moderator")
    staff = live_bearer(server.url, "verifier", PASSWORD)
    moderator = live_bearer(server.url, "moderator", PASSWORD)

    specialty = requests.get(f"{server.url}/api/v1/desk/specialties", timeout=30).json()[0]
    applied = _post(
        server.url, "/api/v1/desk/applications", {**APPLICANT, "specialty": specialty["code"]}
    )
    approve = f"/api/v1/desk/review/applications/{applied['application_id']}/approve"
    _post(server.url, approve, {}, staff)
    member = {"Authorization": f"Membership {applied['membership_secret']}"}

    # Something to find: ids 1 exist for cases, answers, comments and proofs.
    physician = Physician(Transport(server.url), issuer).join()
    case_id = physician.post("case.create", **case_fields()).body["case_id"]
    reply = physician.post("answer.create", case_id=case_id, body="Exclude lymphoma first.")
    physician.post("comment.create", answer_id=reply.body["answer_id"], body="Agreed.")
    return Target(server.url, physician, staff, moderator, member, server.log)


@pytest.fixture
def fuzz_schema(fuzz_target: Target) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": fuzz_target.url,
            "request-timeout": 30,
            "dictionaries": HOSTILE,
            "generation": {
                "max-examples": EXAMPLES_PER_OPERATION,
                "deterministic": True,
                "database": "none",
                "dictionaries": {
                    "string": {"dictionary": "text", "probability": 0.2},
                    "integer": {"dictionary": "numbers", "probability": 0.2},
                },
            },
            "checks": {
                "enabled": False,
                "not_a_server_error": {"enabled": True},
                "status_code_conformance": {"enabled": True},
                "content_type_conformance": {"enabled": True},
                "response_headers_conformance": {"enabled": True},
                "response_schema_conformance": {"enabled": True},
            },
        }
    )
    schema = schemathesis.openapi.from_url(f"{fuzz_target.url}/api/v1/openapi.json", config=config)
    # Dictionaries reach parameters only; bodies get their NUL here.
    schema.hook("flatmap_body")(lambda _context, body: nul_in_some_text(body))
    return schema


def _text_paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_paths(item, (*path, index))


def _with_nul(draw: Any, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + "\u0000" + text[at:]


@st.composite
def nul_in_some_text(draw: Any, body: Any) -> Any:
    """The body as generated three times in four, else with a NUL inside one of its strings."""
    paths = list(_text_paths(body))
    if not paths or draw(st.integers(0, 3)):
        return body
    path = draw(st.sampled_from(paths))
    if not path:  # the body itself is a string
        return _with_nul(draw, body)
    changed = copy.deepcopy(body)
    holder = changed
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = _with_nul(draw, holder[path[-1]])
    return changed


def _problem_media_type(response: schemathesis.Response) -> str:
    (content_type,) = response.headers.get("content-type", [""])
    return content_type.split(";")[0].strip()


def _documented(case: schemathesis.Case, status: int) -> dict[str, Any] | None:
    return case.operation.definition.raw.get("responses", {}).get(str(status))


def errors_are_documented_problems(ctx: Any, response: schemathesis.Response, case: Any) -> None:
    """Every error is problem+json; a problem type of ours is listed under its status."""
    if response.status_code < 400:
        return
    assert _problem_media_type(response) == PROBLEM_JSON, response.headers
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["title"] and problem["detail"] and problem["type"]
    if problem["type"].startswith("urn:casecrowd:problem:"):
        code = problem["type"].rsplit(":", 1)[1]
        documented = _documented(case, response.status_code)
        assert documented is not None, (
            f"{case.operation.label}: {response.status_code} undocumented"
        )
        assert f"`{code}`" in documented["description"], f"{case.operation.label}: {code}"


def _failure_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".strip()


def fuzz_operation(operation: Any, target: Target) -> list[str]:
    """Send the operation's generated requests, valid then invalid; the failures seen."""
    failures = []
    modes = [GenerationMode.POSITIVE]
    if operation.body or any(operation.iter_parameters()):
        modes.append(GenerationMode.NEGATIVE)  # something there is to get wrong
    for mode in modes:
        # The seed differs per operation and mode but never between runs;
        # no shrinking, so that a failing run still ends in bounded time.
        @seed(SEED + zlib.crc32(f"{operation.label} {mode.value}".encode()))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            phases=(Phase.explicit, Phase.generate),
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            response = case.call_and_validate(
                headers=target.headers_for(case),
                additional_checks=[errors_are_documented_problems],
            )
            target.seen[operation.label].add(response.status_code)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # reported all together below
            failures.append(f"{operation.label} ({mode.value}): {_failure_text(error)}")
    return failures


def test_the_api_answers_every_request_as_documented(fuzz_target, fuzz_schema):
    failures, secured = [], []
    for result in fuzz_schema.get_all_operations():
        operation = result.ok()
        if operation.definition.raw.get("security"):
            secured.append(operation.label)
        failures += fuzz_operation(operation, fuzz_target)
    assert not failures, "\n\n".join(failures)
    # Nothing the server answered was an unexpected error in disguise.
    log = fuzz_target.server_log()
    assert "Traceback" not in log and "unhandled error" not in log, log[-3000:]
    # The credentials worked: every authenticated operation got past 401 at least once.
    stuck = [label for label in secured if not fuzz_target.seen[label] - {401}]
    assert len(secured) >= 15 and not stuck, stuck

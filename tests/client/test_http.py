"""Server answers as the client sees them: problem documents, odd answers, no answer."""

from __future__ import annotations

import pytest

from casecrowd.client.errors import ExitCode
from casecrowd.client.http import ApiClient, ServerProblem, Unreachable
from tests.conftest import free_port
from tests.desk.support import application_data


@pytest.fixture
def api(served):
    client = ApiClient(served().url)
    yield client
    client.close()


def test_a_problem_document_keeps_its_members(api):
    with pytest.raises(ServerProblem) as raised:
        api.post_json("/api/v1/desk/applications", {"legal_name": ""})
    problem = raised.value
    assert (problem.status, problem.code) == (422, "validation")
    names = {item["name"] for item in problem.invalid_params}
    assert {"legal_name", "npi", "email"} <= names
    assert "npi" in str(problem) and problem.exit_code == ExitCode.SERVER


def test_headers_and_extension_members_reach_the_caller(api):
    with pytest.raises(ServerProblem) as raised:
        api.get_json("/api/v1/desk/applications/status", headers={"Authorization": "Membership x"})
    problem = raised.value
    assert problem.status == 401 and problem.code == "membership-unknown"
    assert problem.headers["WWW-Authenticate"].startswith("Membership")
    assert problem.as_json()["status"] == 401


def test_an_unknown_route_is_a_problem_too(api):
    with pytest.raises(ServerProblem) as raised:
        api.get_json("/api/v1/no-such-thing")
    assert raised.value.status == 404


def test_an_answer_that_is_not_a_problem_document(api):
    # The directory is JSON of another type; asked for with a status it does not
    # have, it is still reported without guessing at its members.
    with pytest.raises(ServerProblem) as raised:
        api.request("GET", "/.well-known/private-token-issuer-directory", expect=(204,))
    assert raised.value.status == 200
    assert raised.value.detail == "The server's answer was not a problem document."


def test_no_server_is_unreachable():
    api = ApiClient(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(Unreachable, match="cannot reach") as raised:
        api.get_json("/api/v1/health")
    assert raised.value.exit_code == ExitCode.SERVER


@pytest.mark.parametrize("url", ["ftp://example.org", "example.org", "http://"])
def test_only_http_urls(url):
    with pytest.raises(Exception, match="not an http"):
        ApiClient(url)


def test_a_netrc_entry_never_replaces_the_credentials(served, tmp_path, monkeypatch):
    server = served()
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password elsewhere\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    api = ApiClient(server.url)
    applied = api.post_json("/api/v1/desk/applications", application_data(), expect=(201,))
    headers = {"Authorization": f"Membership {applied['membership_secret']}"}
    assert api.get_json("/api/v1/desk/applications/status", headers=headers)["status"] == "pending"

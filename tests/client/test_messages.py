"""What a physician reads when the server is absent, is not CaseCrowd, or refuses fields."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.client.support import Physician
from tests.conftest import free_port

APPLY_PATH = "/api/v1/desk/applications"


class NotCaseCrowd(BaseHTTPRequestHandler):
    """Some other web server: an HTML 404 for every path."""

    def _not_found(self) -> None:
        body = b"<html><body>Nothing here</body></html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _not_found

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def other_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotCaseCrowd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def apply_at(physician: Physician, *extra: str, **details: str):
    args = ["apply"]
    for name, value in {**physician.details, **details}.items():
        args += ["--" + name.replace("_", "-"), value]
    return physician.run(*args, *extra)


def error_lines(result) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_no_server_is_one_line_naming_the_url(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    physician = Physician(tmp_path, url)
    result = apply_at(physician)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith(f"Error: cannot reach {url}{APPLY_PATH} (connection refused)")
    assert "the server may not be running" in line
    assert result.stderr.count("\n") <= 2  # that line, and at most the wallet's creation


def test_a_server_that_is_not_casecrowd_is_named(tmp_path, other_server):
    physician = Physician(tmp_path, other_server)
    result = apply_at(physician)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert f"(404) at {other_server}{APPLY_PATH}: no CaseCrowd API there" in line
    assert "--server or CASECROWD_SERVER must be a CaseCrowd server's base URL" in line

    scripted = apply_at(physician, "--json")
    assert json.loads(scripted.stdout)["error"]["url"] == other_server + APPLY_PATH


def test_a_wrong_path_prefix_names_the_url_tried(served, tmp_path):
    wrong = served().url + "/casecrowd"
    physician = Physician(tmp_path, wrong)
    result = apply_at(physician)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert f"Not Found (404) at {wrong}{APPLY_PATH}: no CaseCrowd API there" in line


def test_invalid_fields_are_listed_with_their_reasons(served, tmp_path):
    physician = Physician(tmp_path, served().url)
    result = apply_at(physician, npi="1234567890", email="not an address")
    assert result.exit_code == 1
    assert "see invalid-params" not in result.stderr
    assert "Error: Unprocessable Entity (422): The request has invalid fields." in result.stderr
    assert "  - npi: The NPI's check digit is wrong" in result.stderr
    assert "  - email: This is not a valid email address." in result.stderr

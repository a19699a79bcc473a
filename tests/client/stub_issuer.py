"""A stand-in issuer on loopback that serves each member the view a test gives it.

Each view lives under its own path prefix of one server, so every view has the same
host[:port] and so the same issuer name: the issuer showing different members
different directories, as a malicious one would. Token requests are signed with the
view's own private keys; every request is recorded, so a test can show that none
reached a view the client refused.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from casecrowd.crypto import privacypass
from casecrowd.crypto.keys import public_key_spki, truncated_token_key_id

DIRECTORY = privacypass.DIRECTORY_PATH
REQUEST = "/token-request"
Route = Callable[[], tuple[int, str, bytes]]  # () -> status, content type, body


@dataclass
class View:
    keys: list[tuple[RSAPrivateKey, int]]  # private key, not-before
    request_uri: str | None = None  # default: REQUEST under the view's own prefix


@dataclass
class StubIssuer:
    views: dict[str, View] = field(default_factory=dict)  # prefix -> view
    routes: dict[str, Route] = field(default_factory=dict)  # exact path -> answer
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)

    def __post_init__(self) -> None:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stub.requests.append(("GET", self.path))
                self._answer(*stub.get(self.path))

            def do_POST(self) -> None:
                stub.requests.append(("POST", self.path))
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer(*stub.post(self.path, body))

            def _answer(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def view_url(self, prefix: str) -> str:
        return self.url + prefix

    def get(self, path: str) -> tuple[int, str, bytes]:
        bare = path.split("?", 1)[0]
        if bare in self.routes:
            return self.routes[bare]()
        for prefix, view in self.views.items():
            if bare == prefix + DIRECTORY:
                keys = [
                    privacypass.IssuerKey(public_key_spki(k.public_key()), nb)
                    for k, nb in view.keys
                ]
                uri = view.request_uri or self.url + prefix + REQUEST
                document = privacypass.issuer_directory(uri, keys)
                return 200, privacypass.DIRECTORY_MEDIA_TYPE, json.dumps(document).encode()
        return 404, "text/plain", b"not found"

    def post(self, path: str, body: bytes) -> tuple[int, str, bytes]:
        for prefix, view in self.views.items():
            if path == prefix + REQUEST:
                request = privacypass.TokenRequest.deserialize(body)
                for key, _ in view.keys:
                    if truncated_token_key_id(public_key_spki(key.public_key())) == (
                        request.truncated_token_key_id
                    ):
                        signed = privacypass.issue(key, request).serialize()
                        return 200, privacypass.RESPONSE_MEDIA_TYPE, signed
        return 404, "text/plain", b"not found"

    def token_requests(self) -> list[str]:
        return [path for method, path in self.requests if method == "POST"]

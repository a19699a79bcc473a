"""The physician's client reaches the server over HTTP only, never through its packages."""

from __future__ import annotations

from pathlib import Path

import casecrowd.client
from tests.imports import imported_names

SERVER_PACKAGES = ("casecrowd.forum", "casecrowd.desk", "casecrowd.issuer", "casecrowd.staff")


def test_the_client_never_imports_a_server_package_when_loaded():
    files = list(Path(casecrowd.client.__file__).parent.rglob("*.py"))
    assert len(files) > 20
    found = [
        (path.name, module)
        for path in files
        for module in imported_names(path, module_level_only=True)
        if module.startswith(SERVER_PACKAGES)
    ]
    assert found == []

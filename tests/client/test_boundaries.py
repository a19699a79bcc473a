"""The physician's client reaches the server over HTTP only, never through its packages."""

from __future__ import annotations

import ast
from pathlib import Path

import casecrowd.client

SERVER_PACKAGES = ("casecrowd.forum", "casecrowd.desk", "casecrowd.issuer", "casecrowd.staff")


def module_level_imports(path: Path) -> set[str]:
    """What a module imports when it is loaded (imports inside functions are lazy)."""
    names = set()
    for node in ast.parse(path.read_text(), str(path)).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_client_never_imports_a_server_package_when_loaded():
    files = list(Path(casecrowd.client.__file__).parent.rglob("*.py"))
    assert len(files) > 20
    found = [
        (path.name, module)
        for path in files
        for module in module_level_imports(path)
        if module.startswith(SERVER_PACKAGES)
    ]
    assert found == []

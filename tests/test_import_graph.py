"""How the package's modules import one another: no cycles, and a client free of the server.

A physician's command loads the client, the crypto and the PHI guard only; if any
of them imported Flask or SQLAlchemy, every command would pay for the whole server
at start-up (``bench/client_start.py`` measures it), and the client would depend on
the operator's code. A cycle, even one hidden in a function-level import, means two
modules that cannot be understood (or loaded) one without the other.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import casecrowd
from tests.imports import imported_modules

PACKAGE = Path(casecrowd.__file__).parent
SERVER_LIBRARIES = ("flask", "flask_smorest", "flask_sqlalchemy", "sqlalchemy", "alembic")
# What a physician's installed client runs, with everything it imports.
CLIENT_SIDE = (
    "casecrowd.cli",
    "casecrowd.clock",
    "casecrowd.crypto",
    "casecrowd.diagnoses",
    "casecrowd.phi",
    "casecrowd.protocol",
    "casecrowd.client",
    "casecrowd.handles",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.relative_to(PACKAGE).parts
    }


def import_graph() -> dict[str, set[str]]:
    modules = source_modules()
    return {
        name: imported_modules(
            name, path.name == "__init__.py", path.read_text(encoding="utf-8"), set(modules)
        )
        for name, path in modules.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path of module names (first == last), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_no_module_imports_itself_through_others() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_sees_a_cycle_through_a_function_level_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    modules = set(source_modules())
    source = "def f():\n    from casecrowd.app import create_app\n    from . import keys\n"
    found = imported_modules("casecrowd.desk.service", False, source, modules)
    assert found == {"casecrowd.app", "casecrowd.desk.keys"}


def client_side_modules() -> list[str]:
    names = []
    for name in CLIENT_SIDE:
        names.append(name)
        module_path = PACKAGE.parent / name.replace(".", "/")
        if module_path.is_dir():
            names += [
                info.name
                for info in pkgutil.walk_packages([str(module_path)], prefix=f"{name}.")
                if not info.name.endswith("__main__")
            ]
    return names


def test_client_crypto_and_phi_import_without_the_server() -> None:
    """Import every client-side module in a fresh interpreter; no server library loads."""
    script = (
        "import importlib, json, sys\n"
        f"for name in {client_side_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {SERVER_LIBRARIES!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize("name", ["casecrowd.app", "casecrowd.forum.views"])
def test_the_check_would_see_a_server_import(name: str) -> None:
    script = f"import sys, {name}\nprint('flask' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "True"

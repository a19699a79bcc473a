"""Moderation sees pseudonymous content only: it never imports the desk or the issuer,
and the forum does not import moderation (which may use staff sessions)."""

from __future__ import annotations

from pathlib import Path

import casecrowd.forum
import casecrowd.moderation
from tests.imports import imported_names


def _imports(package) -> list[tuple[str, str]]:
    files = list(Path(package.__file__).parent.rglob("*.py"))
    assert len(files) > 3
    return [(path.name, module) for path in files for module in imported_names(path)]


def test_moderation_never_imports_the_identity_side():
    for name, module in _imports(casecrowd.moderation):
        assert not module.startswith(("casecrowd.desk", "casecrowd.issuer")), (name, module)


def test_the_forum_does_not_import_moderation():
    for name, module in _imports(casecrowd.forum):
        assert not module.startswith("casecrowd.moderation"), (name, module)

"""What a source file imports, read from its syntax tree (nothing is executed)."""

from __future__ import annotations

import ast
from pathlib import Path


def imported_names(source: str | Path, *, module_level_only: bool = False) -> set[str]:
    """The absolute module names imported (``from x import y`` gives ``x``).

    ``module_level_only`` keeps what runs when the module is loaded, leaving out
    imports inside functions, which run only when called.
    """
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    tree = ast.parse(text)
    nodes = tree.body if module_level_only else ast.walk(tree)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def imported_modules(own: str, is_package: bool, source: str, modules: set[str]) -> set[str]:
    """Every casecrowd module ``own`` imports, at module level or inside a function."""
    package = own if is_package else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {name for name in found if name in modules and name != own}

"""A clone of this repository is all a user has: nothing may point outside it."""

from __future__ import annotations

import subprocess

from tests.conftest import PROJECT_ROOT

# Spelled in two parts so that this file does not match itself.
OUTSIDE_FOLDER = "../" + "shared"


def tracked_and_new_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name]


def test_no_file_refers_to_a_folder_beside_the_repository():
    offenders = []
    for name in tracked_and_new_files():
        path = PROJECT_ROOT / name
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        offenders += [
            f"{name}:{number}"
            for number, line in enumerate(text.splitlines(), 1)
            if OUTSIDE_FOLDER in line
        ]
    assert offenders == []


def test_docs_and_vectors_ship_with_the_repository():
    files = set(tracked_and_new_files())
    assert "docs/architecture.md" in files
    assert "tests/crypto/vectors/README.md" in files

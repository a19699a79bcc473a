"""The vector loader fails loudly: a missing or empty file can never turn into a skip."""

from __future__ import annotations

import pytest

from tests.crypto import vectors


def test_every_vector_file_is_present() -> None:
    for name in (
        "rfc9474_rsabssa.json",
        "rfc9578_type2.json",
        "rfc9577_header.json",
        "rfc9577_token.json",
    ):
        assert vectors.load_vectors(name)


def test_missing_file_raises(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(vectors, "VECTORS_DIR", tmp_path)
    with pytest.raises(FileNotFoundError):
        vectors.load_vectors("rfc9474_rsabssa.json")


@pytest.mark.parametrize("content", ["[]", "{}"])
def test_empty_file_raises(tmp_path, monkeypatch, content: str) -> None:
    (tmp_path / "empty.json").write_text(content)
    monkeypatch.setattr(vectors, "VECTORS_DIR", tmp_path)
    with pytest.raises(ValueError, match="holds no test vectors"):
        vectors.load_vectors("empty.json")

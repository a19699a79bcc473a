"""The forum knows the issuer only by its public keys, and shows pseudonyms to members only."""

from __future__ import annotations

from pathlib import Path

import casecrowd.forum
from tests.imports import imported_names

FORBIDDEN = ("casecrowd.desk", "casecrowd.issuer", "casecrowd.staff")


def test_the_forum_never_imports_the_identity_side():
    package = Path(casecrowd.forum.__file__).parent
    files = list(package.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for module in imported_names(path):
            assert not module.startswith(FORBIDDEN), (path.name, module)


def test_a_pseudonym_is_shown_to_members(physician, http):
    doctor = physician().join()
    other = physician().join()
    for reference in (other.handle, other.pseudonym):
        reply = doctor.get(f"/api/v1/pseudonyms/{reference}")
        assert reply.status == 200
        assert reply.body["handle"] == other.handle
        assert set(reply.body) == {
            "handle",
            "public_key",
            "registered_on",
            "verified_until",
            "reputation",
            "accuracy",
        }
        assert reply.body["accuracy"] == {"scored": 0, "top1": None, "top3": None, "by_tag": []}
    assert doctor.get("/api/v1/pseudonyms/quiet-otter-000000").status == 404
    assert http.request("GET", f"/api/v1/pseudonyms/{other.handle}").status == 401

"""Forum fixtures: an issuer (its keys and published directory) and physicians."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casecrowd.crypto.keys import generate_issuer_key
from tests.conftest import deep_merge
from tests.forum.physician import Issuer, Physician, Transport, epoch_times

EPOCH_DAYS = 30
GRACE_DAYS = 14


@pytest.fixture(scope="session")
def issuer_keys() -> dict[str, Any]:
    # RSA-2048 generation is slow: once per session.
    return {name: generate_issuer_key() for name in ("ancient", "previous", "current", "other")}


@pytest.fixture
def issuer(issuer_keys: dict[str, Any]) -> Issuer:
    return Issuer(issuer_keys, epoch_times())


@pytest.fixture
def directory(issuer: Issuer, tmp_path: Path) -> Path:
    """The directory as the issuer publishes it: three epochs, newest last."""
    return issuer.write_directory(
        tmp_path / "issuer-directory.json", ["ancient", "previous", "current"]
    )


@pytest.fixture
def forum_settings(directory: Path) -> Callable[..., dict[str, Any]]:
    def settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        base = {
            "forum": {
                "issuer_directory": str(directory),
                "issuer_epoch_days": EPOCH_DAYS,
                "verification_grace_days": GRACE_DAYS,
            }
        }
        return deep_merge(base, overrides or {})

    return settings


@pytest.fixture
def forum_app(make_app: Callable[..., Any], forum_settings: Callable[..., dict]) -> Any:
    return make_app(forum_settings())


@pytest.fixture
def http(forum_app: Any) -> Transport:
    return Transport(forum_app.test_client())


@pytest.fixture
def physician(http: Transport, issuer: Issuer) -> Callable[[], Physician]:
    return lambda: Physician(http, issuer)


@pytest.fixture
def author(physician: Callable[[], Physician]) -> Physician:
    """A registered pseudonym with an open session: the one who posts."""
    return physician().join()


@pytest.fixture
def peer(physician: Callable[[], Physician]) -> Physician:
    """A second registered pseudonym, to answer, vote or be refused."""
    return physician().join()

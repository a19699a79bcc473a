import pytest

from tests.issuer.support import FAST_ARGON2


@pytest.fixture
def app(make_app):
    return make_app(FAST_ARGON2)


@pytest.fixture
def own_keys_app(make_app, tmp_path):
    """An app with a keys folder of its own, for tests that add, rotate or retire keys."""

    def make(overrides=None):
        settings = {**FAST_ARGON2, "paths": {"keys": str(tmp_path / "keys")}}
        for section, values in (overrides or {}).items():
            settings[section] = {**settings.get(section, {}), **values}
        return make_app(settings)

    return make

import pytest

from tests.staff.support import FAST_ARGON2


@pytest.fixture
def app(make_app):
    return make_app(FAST_ARGON2)

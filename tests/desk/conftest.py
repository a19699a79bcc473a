import pytest

from tests.staff.support import FAST_ARGON2, staff_headers


@pytest.fixture
def app(make_app):
    return make_app(FAST_ARGON2)


@pytest.fixture
def verifier(app, client):
    """Authorization headers of a logged-in verifier."""
    return staff_headers(app, client, "verifier")

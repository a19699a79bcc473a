"""The pepper keying credential fingerprints: made by init, never silently remade."""

import stat
from pathlib import Path

import sqlalchemy as sa

from casecrowd.db import engine
from casecrowd.desk.keys import PEPPER_FILE
from tests.desk.support import application_data
from tests.staff.support import FAST_ARGON2


def test_init_creates_a_private_pepper_once(make_app, tmp_path: Path):
    app = make_app({**FAST_ARGON2, "paths": {"keys": str(tmp_path / "keys")}})
    pepper = tmp_path / "keys" / PEPPER_FILE
    assert stat.S_IMODE(pepper.stat().st_mode) == 0o600
    content = pepper.read_bytes()
    assert len(bytes.fromhex(content.decode().strip())) == 32
    make_app({**FAST_ARGON2, "paths": {"keys": str(tmp_path / "keys")}})
    assert pepper.read_bytes() == content
    assert (
        app.test_client().post("/api/v1/desk/applications", json=application_data()).status_code
        == 201
    )


def test_a_missing_pepper_stops_applications_without_writing(make_app, tmp_path: Path):
    app = make_app({**FAST_ARGON2, "paths": {"keys": str(tmp_path / "keys")}})
    (tmp_path / "keys" / PEPPER_FILE).unlink()
    response = app.test_client().post("/api/v1/desk/applications", json=application_data())
    assert response.status_code == 500
    assert PEPPER_FILE not in response.get_data(as_text=True)
    assert not (tmp_path / "keys" / PEPPER_FILE).exists()
    with app.app_context(), engine("identity").connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM desk_memberships")).scalar() == 0

"""The instance folder, the SQLite databases (with -wal and -shm) and keys/ are the
service account's alone: folders 0700, files 0600, whatever the umask.

The identity database holds legal names, NPIs and emails; with the usual umask
022 SQLite would create it world-readable. Each test runs the real ``casecrowd``
command in a folder of its own, under umask 022, the way an operator would.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

# Writes through the app's own engines and, with every connection still open
# (so SQLite keeps -wal and -shm), reports the mode of each file it finds.
WRITE_AND_LIST = """
import json, os, stat, sys
from casecrowd import db
from casecrowd.app import create_app
app = create_app(prepare=False)
with app.app_context():
    connections = [db.engine(bind).connect() for bind in db.BINDS]
    for connection in connections:
        connection.exec_driver_sql("CREATE TABLE mode_probe (x INTEGER)")
        connection.exec_driver_sql("INSERT INTO mode_probe VALUES (1)")
        connection.exec_driver_sql("DROP TABLE mode_probe")
        connection.commit()
    modes = {}
    for folder in ("instance", "keys"):
        modes[folder] = stat.S_IMODE(os.stat(folder).st_mode)
        for name in os.listdir(folder):
            modes[folder + "/" + name] = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
    json.dump(modes, sys.stdout)
"""


def casecrowd(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        umask=0o022,
    )


def init(folder: Path) -> None:
    result = casecrowd(folder, "-m", "casecrowd", "init")
    assert result.returncode == 0, result.stderr


def modes_after_a_write(folder: Path) -> dict[str, int]:
    result = casecrowd(folder, "-c", WRITE_AND_LIST)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_private(modes: dict[str, int]) -> None:
    wide = {name: oct(mode) for name, mode in modes.items() if mode & 0o077}
    assert not wide, wide
    for folder in ("instance", "keys"):
        assert modes[folder] == 0o700
    databases = [name for name in modes if ".sqlite3" in name]
    assert {"instance/identity.sqlite3", "instance/forum.sqlite3"} <= set(databases)
    assert all(modes[name] == 0o600 for name in databases)


def test_a_fresh_deployment_is_private_down_to_the_write_ahead_log(tmp_path):
    init(tmp_path)
    modes = modes_after_a_write(tmp_path)
    # The open connections keep SQLite's companions in place for the check.
    for bind in ("identity", "forum"):
        assert {f"instance/{bind}.sqlite3-wal", f"instance/{bind}.sqlite3-shm"} <= set(modes)
    assert_private(modes)


def test_init_narrows_a_deployment_made_world_readable(tmp_path):
    init(tmp_path)
    instance = tmp_path / "instance"
    for path in (instance, tmp_path / "keys"):
        path.chmod(0o755)
    for path in instance.iterdir():
        path.chmod(0o644)
    assert stat.S_IMODE((instance / "identity.sqlite3").stat().st_mode) == 0o644
    init(tmp_path)
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    for path in instance.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert_private(modes_after_a_write(tmp_path))

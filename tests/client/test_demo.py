"""``casecrowd demo`` runs the whole journey on its own and says who learned what."""

from __future__ import annotations

import tempfile

from click.testing import CliRunner

from casecrowd.cli import cli
from casecrowd.client.demo import STEPS


def test_the_demo_walks_every_step_and_exits_0(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--keep", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    positions = [result.stdout.find(f"{number}. {title}") for number, title in enumerate(STEPS, 1)]
    assert -1 not in positions and positions == sorted(positions)
    for party in ("The desk", "The verifier", "The issuer", "The forum", "Any reader"):
        assert f"{party} learned:" in result.stdout
        assert f"{party} could not learn:" in result.stdout
    assert "✓ registration: 1 of 1 token(s) verify" in result.stdout
    assert "✗" not in result.stdout
    # The registration is shown delayed, and the demo says in one sentence why.
    assert "Her client queues it: it would register in" in result.stdout
    assert "could be paired with that membership by time" in result.stdout
    assert "obtained her whole quota, 3 tokens, in one batch" in result.stdout
    # The demo's draft was stopped by the PHI guard before anything was sent.
    assert "'MRN 00482913' (Medical record numbers)" in result.stdout
    # Its deployment lived in the folder it was given.
    assert (tmp_path / "demo" / "server" / "keys").is_dir()


def test_the_demo_cleans_up_after_itself(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert str(tmp_path) in result.stdout  # it ran there...
    assert list(tmp_path.iterdir()) == []  # ...and left nothing behind

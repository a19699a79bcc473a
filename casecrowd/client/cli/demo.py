"""``casecrowd demo``: a newcomer's first five minutes, with nothing to set up."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from casecrowd.client import demo
from casecrowd.client.output import Output


@click.command("demo")
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    help="Run in this folder and keep it (default: a temporary folder, removed afterwards).",
)
def demo_command(keep: Path | None) -> None:
    """Walk one physician through apply, approval, tokens, a pseudonym, a case, a peer's
    answer, a vote, acceptance and offline verification, against a server started in
    this process (temporary folder, SQLite). Each step says what each party learned
    and what it could not learn.
    """
    out = Output()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        demo.run(out, keep)
        return
    with tempfile.TemporaryDirectory(prefix="casecrowd-demo-") as folder:
        demo.run(out, Path(folder))

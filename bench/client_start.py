"""How long a client command takes to start, next to ``python -c pass``.

    .venv/bin/python bench/client_start.py [--tree DIR] [--runs N]

A physician's client runs one short command at a time, so its start-up is
most of what it costs. Each command below runs in a fresh interpreter, in a
folder with no deployment and no wallet, and is timed from ``fork`` to exit
(wall clock, median of ``--runs``). The reference is ``python -c pass`` on the
same interpreter in the same run; the ratio is what to compare across machines.

``--tree`` times the package found in another checkout (put first on
``PYTHONPATH``), so two revisions can be compared in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS: dict[str, list[str]] = {
    "python -c pass (reference)": ["-c", "pass"],
    "import casecrowd.crypto.rsabssa": ["-c", "import casecrowd.crypto.rsabssa"],
    "casecrowd --version": ["-m", "casecrowd", "--version"],
    "casecrowd verify --help": ["-m", "casecrowd", "verify", "--help"],
    "casecrowd status (no wallet)": ["-m", "casecrowd", "status"],
}


def time_once(arguments: list[str], environment: dict[str, str], folder: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *arguments],
        cwd=folder,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose package to time")
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "PYTHONPATH": str(options.tree.resolve()),
            "HOME": folder,
            "CASECROWD_WALLET": str(Path(folder) / "no-wallet.json"),
        }
        medians = {}
        for label, arguments in COMMANDS.items():
            time_once(arguments, environment, folder)  # warm the file cache
            runs = [time_once(arguments, environment, folder) for _ in range(options.runs)]
            medians[label] = statistics.median(runs)
    reference = medians["python -c pass (reference)"]
    print(f"tree: {options.tree.resolve()}  runs: {options.runs}  (median wall time)")
    for label, seconds in medians.items():
        print(f"{label:34} {seconds * 1000:8.0f} ms  {seconds / reference:6.1f}x reference")


if __name__ == "__main__":
    main()

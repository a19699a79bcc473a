"""How often timing alone links a pseudonym to its membership, against chance.

    .venv/bin/python bench/linkage.py [--members 50,200,1000] [--trials K] [--seed S]
                                      [--baseline] [--new-fraction F]

The same run as ``casecrowd audit linkage`` (casecrowd/audit/, docs/privacy-timing.md),
with the same flags: chance, measured in the same run, is the reference.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casecrowd.audit.cli import linkage_command  # noqa: E402

if __name__ == "__main__":
    linkage_command.main(args=sys.argv[1:], prog_name="bench/linkage.py")

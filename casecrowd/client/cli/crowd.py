"""``casecrowd outcome`` and ``casecrowd dx``: the final diagnosis, and finding a code."""

from __future__ import annotations

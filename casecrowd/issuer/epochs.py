"""Key epochs: fixed slices of Unix time, the same for every process and every reader.

Epoch n covers [n * length, (n + 1) * length) seconds since the Unix epoch,
so its boundaries follow from the configured length alone: no table, no
clock of a particular server, and nothing to learn from them but the
length itself (which the directory's not-before values publish anyway).
"""

from __future__ import annotations

from datetime import UTC, datetime


def epoch_of(moment: datetime, epoch_seconds: int) -> int:
    return int(moment.timestamp()) // epoch_seconds


def epoch_start(epoch: int, epoch_seconds: int) -> int:
    """The first second of ``epoch``, in Unix time (the key's not-before)."""
    return epoch * epoch_seconds


def seconds_until_next_epoch(moment: datetime, epoch_seconds: int) -> int:
    next_start = epoch_start(epoch_of(moment, epoch_seconds) + 1, epoch_seconds)
    return max(1, next_start - int(moment.timestamp()))


def format_boundary(unix_seconds: int) -> str:
    """An epoch boundary as people read it, to the minute: ``2026-12-20 00:00 UTC``."""
    return datetime.fromtimestamp(unix_seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")

"""Whole hours: the precision kept for session expiries and request counts.

One definition for every package (the forum may not import the identity
side's modules, so this lives outside both).
"""

from __future__ import annotations

from datetime import datetime, timedelta

HOUR = timedelta(hours=1)


def start_of_hour(moment: datetime) -> datetime:
    """The whole hour at or before ``moment`` (its time zone, if any, is kept)."""
    return moment.replace(minute=0, second=0, microsecond=0)


def next_whole_hour(moment: datetime) -> datetime:
    """``moment`` rounded up to the hour (unchanged when it is a whole hour already)."""
    floor = start_of_hour(moment)
    return floor if floor == moment else floor + HOUR

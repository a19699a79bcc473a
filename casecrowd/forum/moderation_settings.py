"""Settings of flags and of what they do to the content they target."""

from __future__ import annotations

from casecrowd.settings import Setting

SETTINGS: tuple[Setting, ...] = ()

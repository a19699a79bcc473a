"""The fixed list of recognised specialties, shipped as ``specialties.csv``.

The list is the primary specialty certificates of the 24 member boards of
the American Board of Medical Specialties (ABMS); subspecialties are left to
forum tags. Applicants choose one by its ``code``.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Specialty:
    code: str
    name: str
    board: str


@functools.cache
def all_specialties() -> tuple[Specialty, ...]:
    text = resources.files(__package__).joinpath("specialties.csv").read_text("utf-8")
    return tuple(Specialty(**row) for row in csv.DictReader(text.splitlines()))


@functools.cache
def codes() -> frozenset[str]:
    return frozenset(s.code for s in all_specialties())

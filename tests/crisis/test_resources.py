"""The resources file shipped with the client, and the shape check that guards it."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources as package_files

import pytest

from casecrowd.client import crisis

REQUIRED_COUNTRIES = {"US", "UK", "IE", "CA", "AU", "international"}


@pytest.fixture(scope="module")
def directory():
    return crisis.resources()


def _document() -> dict:
    path = package_files.files("casecrowd.client").joinpath("data", crisis.DATA_FILE)
    return tomllib.loads(path.read_text("utf-8"))


def test_the_file_says_when_and_how_it_was_checked(directory):
    assert isinstance(directory.checked, date) and directory.checked <= date.today()
    assert "source" in directory.how_checked


def test_every_entry_has_a_source_a_contact_and_a_known_audience(directory):
    for entry in directory.entries:
        assert entry.source.startswith("https://"), entry.name
        assert entry.contacts, entry.name
        assert entry.audience in crisis.AUDIENCES, entry.name


def test_each_required_country_is_covered_and_physicians_have_their_own_lines(directory):
    countries = dict(directory.by_country())
    assert set(countries) >= REQUIRED_COUNTRIES
    for country in ("US", "UK", "CA", "AU"):
        assert countries[country][0].audience == "physicians", country
    assert [c for c, _ in directory.by_country()] == [c for c in crisis.COUNTRIES if c in countries]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d.pop("checked"), "checked"),
        (lambda d: d["resource"][0].pop("source"), "source"),
        (lambda d: d["resource"][0].update(source="http://example.org"), "https"),
        (lambda d: d["resource"][0].update(contacts=[]), "contact"),
        (lambda d: d["resource"][0].update(contacts=[{"kind": "fax", "value": "1"}]), "kind"),
        (lambda d: d["resource"][0].update(audience="patients"), "audience"),
        (lambda d: d["resource"][0].update(country="Atlantis"), "country"),
    ],
)
def test_a_misshapen_file_is_refused_by_name(change, complaint):
    document = _document()
    change(document)
    with pytest.raises(crisis.CrisisDataError, match=complaint):
        crisis.parse(document)

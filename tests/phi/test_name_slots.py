"""Names in a bed list or at the head of a sign-out item or line, in every letter case."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

from .test_scanner import EVERY_CASE


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.category == "A"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("0130 - bed 7 Hutchinson sbp 80s, 1L LR, improved", "Hutchinson"),
        ("rm 12: Okafor still on 4L NC", "Okafor"),
        ("Lomasney - lives alone in Southie, dispo pending", "Lomasney"),
        ("- Nguyen: AKI improving, Cr 1.4", "Nguyen"),
        ("Bed 2 Mrs. Grace Hunter fell trying to get OOB", "Mrs. Grace Hunter"),
        ("SICU signout 1900\nOkwuosa, Chidinma POD0 Whipple", "Okwuosa, Chidinma"),
        ("2) Kealoha, Makana - COPD exac, BiPAP 14/6", "Kealoha, Makana"),
        ("Garcia, Maria was seen in clinic.", "Garcia, Maria"),
        ("CCU nsg 0700-1900\nMr. Yevgeny Rosen s/p dual-chamber PPM", "Mr. Yevgeny Rosen"),
        ("Recheck w/ AM labs\nOn call: Ivanova x4-2917", "Ivanova"),
        ("Covering: Okafor tonight, page with questions.", "Okafor"),
        ("Admit: 11/3   Attending: R. Vasquez-Ibarra\nCT A/P: mass", "R. Vasquez-Ibarra"),
        ("RT progress: Faith Okonjo-Hale POD1 lung transplant", "Faith Okonjo-Hale"),
    ],
)
def test_the_name_in_a_list_slot_is_found_in_every_case(text: str, name: str) -> None:
    for recase in EVERY_CASE:
        assert recase(name) in _names(recase(text)), recase(text)


@pytest.mark.parametrize(
    "text",
    [
        "bed 4 desat to 85%, bed 5 pt agitated, bed 9 s/p CABG",
        "bed 1 OSA on CPAP 10, sats 92",
        "bed 3 foley removed at 0600",
        "Neuro - intact\nDispo: home\nFoley - d/c today\nBaker - stable",
        "Addison: on hydrocortisone 20/10\nParkinson - sinemet q3h",
        "PERRL, MAE. Heparin gtt.\nVanc, Zosyn, Flagyl.\nNeuro, CV stable.",
        "Attending: aware of plan. PCP: none. Contact: daughter. Covering: cards fellow.",
        "Call from RN re: temp 102.3; questions answered re: vasospasm window.",
        "Plan: early neuraxial labor analgesia.\n- see Carevue for vitals\nGrace period ends.",
    ],
)
def test_topics_and_devices_in_a_list_slot_stay_words(text: str) -> None:
    for recase in EVERY_CASE:
        assert _names(recase(text)) == [], recase(text)


def test_a_verb_after_a_given_name_is_no_surname() -> None:
    text = "Mr. John will call back; Mrs. Rose Brown came in."
    for recase in EVERY_CASE:
        assert _names(recase(text)) == [recase("Mr. John"), recase("Mrs. Rose Brown")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ok so this is a weird one (yes his name is Will, 44, software guy)", "Will"),
        ("She goes by Sunny at work.", "Sunny"),
        ("A boy named Hunter, 6, with fever.", "Hunter"),
    ],
)
def test_the_word_after_his_name_is_is_the_name(text: str, name: str) -> None:
    for recase in EVERY_CASE:
        assert recase(name) in _names(recase(text)), recase(text)


def test_a_drug_or_an_operation_after_named_is_no_name() -> None:
    text = "A drug named Paxlovid; the operation known as the Whipple; named after the surgeon."
    for recase in EVERY_CASE:
        assert _names(recase(text)) == [], recase(text)


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("Unidentified, trauma alias Zebra Tango, GCS 6.", "Zebra Tango"),
        ("No ID, registered as Trauma, Zulu with temp MRN.", "Trauma, Zulu"),
    ],
)
def test_a_trauma_alias_is_a_name_whatever_its_words(text: str, alias: str) -> None:
    for recase in EVERY_CASE:
        assert recase(alias) in _names(recase(text)), recase(text)


def test_registered_as_a_status_is_no_alias() -> None:
    text = (
        "Registered as inpatient status; registered as trauma, then upgraded; alias per security."
    )
    for recase in EVERY_CASE:
        assert _names(recase(text)) == [], recase(text)


def test_every_name_after_a_plural_kinship_word_is_found() -> None:
    text = "Sons Raymond and Earl present; daughters Joy and Rose at bedside."
    for recase in EVERY_CASE:
        found = _names(recase(text))
        assert all(recase(name) in found for name in ("Raymond", "Earl", "Joy", "Rose")), found

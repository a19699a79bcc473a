"""Places read the same to the guard in capitals, in lower case and as typed."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan
from casecrowd.phi.recasing import recased

from .test_casing import spans

CASINGS = [str.upper, str.lower]


def found(text: str, category: str) -> list[str]:
    """The excerpts, lower-cased, of the findings of ``category`` in ``text``."""
    return [text[f.start : f.end].lower() for f in scan(text) if f.category == category]


NOTES_WITH_A_PLACE = [
    ("Pt lives in Jamaica Plain with his wife.", "jamaica plain"),
    ("Transferred from Sturdy Memorial for ERCP.", "sturdy memorial"),
    ("Brother flying in from Houston tonight.", "houston"),
    ("Home hospice referral to Peaceful Hills Hospice today.", "peaceful hills"),
    ("Patient from Pine Hollow Correctional Facility, escorted.", "pine hollow"),
    ("Wants to go home to Revere, daughter aware.", "revere"),
    ("Path from MD Anderson came back today.", "md anderson"),
    ("Dispo: home with VNA to East Boston.", "east boston"),
    ("She lives on Blue Hill Ave with her sister.", "blue hill"),
    ("Mailed to 3120 Old Stage Rd per patient request.", "old stage"),
    ("Home: Pine Ridge, currently staying with family.", "pine ridge"),
    ("Pt transferred to Lowry 4 overnight, stable.", "lowry 4"),
    ("Brought in from Atlanta by her son.", "atlanta"),
    ("Living in Ukrainian Village in Chicago with her sister.", "chicago"),
    ("Hospital: Harborview Medical Center, Seattle. Preop dx: Le Fort II.", "seattle"),
    ("Kid from Little Haiti, 6 years old, with fever.", "little haiti"),
    ("Lives alone in Southie, SW following.", "southie"),
    ("Inmate at Macomb County Jail, escorted by two officers.", "macomb county jail"),
    ("Lives in a trailer off Route 66 near the river.", "route 66"),
    ("Sees Dr. Okafor at the Hines VA every month.", "hines va"),
    ("Transplant evaluation at Lahey next week.", "lahey"),
]


@pytest.mark.parametrize("casing", CASINGS)
@pytest.mark.parametrize("note, place", NOTES_WITH_A_PLACE)
def test_a_place_is_found_in_capitals_and_lower_case(note: str, place: str, casing) -> None:
    text = casing(note)
    assert place in " ".join(found(text, "B")), spans(text)


CLEAN_NOTES = [
    "Flushed the line and switched to saline at 0200.",
    "Clots in Foley; 3-way Foley placed, CBI started.",
    "Would volatiles be acceptable in Becker? Rhabdo risk is real.",
    "Head in Mayfield 3-pin holder, navigation registered.",
    "She takes St. John's wort for mood, told her to stop.",
    "Back in time for rounds, returned to normal by noon.",
    "Laceration to left temple, pain in temple on palpation.",
    "Went to the local hospital, then seen at spine clinic.",
    "Progressing to independence with ADLs, at rest HR 80.",
    "Foley 16 placed, levo 5 running, moved to bed 5.",
    "Pancreatitis graded by the revised Atlanta classification.",
    "Placed a Lahey clamp on the cystic duct.",
    "Manometry read by the Chicago classification v4.",
    "Seen in Spine Clinic, given ketorolac.",
    "Ate pork tenderloin for dinner, then vomited.",
]


@pytest.mark.parametrize("casing", CASINGS)
@pytest.mark.parametrize("note", CLEAN_NOTES)
def test_clinical_words_after_a_preposition_are_no_place(note: str, casing) -> None:
    text = casing(note)
    assert found(text, "B") == [], spans(text)


def test_a_place_takes_the_spelling_of_its_list() -> None:
    assert recased("AT MD ANDERSON TODAY") == "at MD Anderson today"
    assert recased("lives in jamaica plain") == "lives in Jamaica Plain"


NOTES_WITH_A_NAME = [
    ("Discussed with daughter Faith by phone.", "faith"),
    ("His wife Hope brought in the pill bottles.", "hope"),
    ("RN Precious present for the procedure.", "precious"),
    ('Pasted: "Pt Amadou Diallo, MRN 7740-2218, seen today."', "amadou diallo"),
    ("Progress note 0700-1900 Oyelaran, Babatunde MRN 4418203", "oyelaran, babatunde"),
    ("Daughters Joy and Rose at bedside.", "joy"),
    ("Assistant: Dr. Will Harrington. Location: OR 4.", "will harrington"),
    ("Clinical vignette. Tevita Taufa, a 28-year-old man, presented.", "tevita taufa"),
    ("Case summary. Patient Yusra Al-Hakim, a 29-year-old woman.", "yusra al-hakim"),
]


@pytest.mark.parametrize("casing", CASINGS)
@pytest.mark.parametrize("note, name", NOTES_WITH_A_NAME)
def test_a_name_after_a_role_or_before_a_record_label(note: str, name: str, casing) -> None:
    text = casing(note)
    assert name in " ".join(found(text, "A")), spans(text)


@pytest.mark.parametrize("casing", CASINGS)
@pytest.mark.parametrize(
    "note",
    [
        "Nurse drew labs at 0600; wife will call back.",
        "The dr will call back tomorrow with results.",
        "Single-vehicle rollover, 17F driver, belted.",
        "The patient, a 45-year-old man, presented with chest pain.",
        "Pt HOH, wife at bedside.",
        "Pt tolerating diet, labs with temp MRN pending.",
    ],
)
def test_words_after_a_role_stay_words(note: str, casing) -> None:
    text = casing(note)
    assert found(text, "A") == [], spans(text)


@pytest.mark.parametrize("casing", CASINGS)
def test_a_holiday_with_a_possessive_in_capitals(casing) -> None:
    text = casing("Sober since New Year's Day, admitted on Valentine's Day.")
    assert found(text, "C") == ["new year's day", "valentine's day"], spans(text)


@pytest.mark.parametrize(
    "note",
    [
        "Activity index of 11/24 and a chronicity index of 2/12 on the biopsy.",
        "Drinks 6-8 beers daily per ED note. CIWA 22.",
        "Baby in Newborn Nursery, breastfeeding well.",
        "CPAP/PSV 8/5 40% tolerated overnight.",
        "Anastomosis over a 20 Fr Foley. JP drain placed.",
        "Stimulated at 50 Hz; received 30 Gy to the mediastinum.",
        "MR enterography showed skip lesions; MR venography was normal.",
        "UO 30 mL/h overnight, Lung Nodule Clinic follow-up per Fleischner criteria.",
        "Factor V Leiden heterozygote; Forrest IIa ulcer clipped.",
    ],
)
def test_clinical_text_as_written_has_no_identifier(note: str) -> None:
    assert scan(note) == [], spans(note)


@pytest.mark.parametrize("casing", [str, *CASINGS])
def test_an_eponym_after_a_title_is_the_person(casing) -> None:
    text = casing("Attending: Dr. Delacroix. Azure XT DR MRI pacemaker in place.")
    assert found(text, "A") == ["dr. delacroix"], spans(text)

"""A name read from its two words in a note in capitals or lower case, and what is not one."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

from .test_scanner import EVERY_CASE


def _covered(text: str, excerpt: str) -> bool:
    start = text.index(excerpt)
    return any(
        f.category == "A" and f.start <= start and f.end >= start + len(excerpt) for f in scan(text)
    )


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("ICU pharmacy note. Pt Grace Yeboah transferring out today.", "Grace Yeboah"),
        ("CRRT note 1500. Pt Faith Oyelaran-Smith on CVVHDF.", "Faith Oyelaran-Smith"),
        ("Shift note 0700.\nHunter Blackfeather, DOB 8/30/1979, HD 3.", "Hunter Blackfeather"),
        ("Attending: Chen. Dictated by: Grace Baker, PA-C.", "Grace Baker"),
        ("Present: son Amadou Diallo (HCP) and his sister.", "Amadou Diallo"),
        ("ABG 1140 Mei-Ling Chow (MRN 61-447-902) on HFNC.", "Mei-Ling Chow"),
        ("RN note 1900-0700. Will Foley, 67M, s/p CABG x3.", "Foley"),
        ("Lakota in clinic 1 wk.\n-- Pat O'Sullivan, NP   pgr 88412", "Pat O'Sullivan"),
        ("Present: Br. Anselm, chaplain, and the bedside RN.", "Br. Anselm"),
        ("Interpreter present; bedside RN Will Hargreave.", "Will Hargreave"),
        ("Plaintiff's attorney is Marcus Oyelaran-Tate of a Denver firm.", "Marcus Oyelaran-Tate"),
        ("Visit at our clinic; scheduler Rosalind 970-555-0114.", "Rosalind"),
        ("Wants to go home.\nT. Brandt MD PGY-3, pgr 70412", "T. Brandt"),
        ("Want a sanity check. 26F, Destiny Kealoha, quotidian fevers.", "Destiny Kealoha"),
        ("Persistent vomiting.\nJi-Woo Park, a 27-year-old woman, underwent EGD.", "Ji-Woo Park"),
        ("RT note\nNebs given to pt Abdulrahman Al-Sabah, albuterol q4h.", "Abdulrahman Al-Sabah"),
        ("Mitts applied. Anush (dtr) informed, she asked about moving.", "Anush"),
        ("1900-0700\nHunter, Faith  bed 12\n- neuro: RASS 0", "Hunter, Faith"),
    ],
)
def test_a_given_name_and_a_surname_are_found_in_every_letter_case(text: str, excerpt: str) -> None:
    for recase in EVERY_CASE:
        assert _covered(recase(text), recase(excerpt)), recase(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hemodynamics stable. 2/6 SEM LUSB, unchanged. Will contiue lasix, may titrate.",
        "Ambulated in hallway, tolerated.\n- See Carevue for vitals and I/O.",
        "Ophthalmology consult. Reason: painful red eye.\n59-year-old woman, left eye.",
        "Sunny side of things: our CLABSI rate is down.",
        "Catheter-directed tPA via bilat PA catheters.",
        "Parkinson's pt in the MICU, NPO after an aspiration event.",
    ],
)
def test_shorthand_or_everyday_words_side_by_side_are_no_name(text: str) -> None:
    for recase in EVERY_CASE:
        found = [f for f in scan(recase(text)) if f.category == "A"]
        assert found == [], recase(text)


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Aware of lactate. Cont Zosyn.\nT. Baker, RN", "T. Baker"),
        ("Night float read back all 3 (A. Nwosu -> L. Foley).", "L. Foley"),
        ("In custody. Officer T. Bone (badge 1187) at bedside.", "T. Bone"),
        ("Desat to 82% on 4 L in Baker, Hope (MRN 3398812), 71F.", "Baker, Hope"),
        ("Comfort care after son Drew arrives from Reno.", "Drew"),
        ("Whose son Drew calls the nursing station every hour.", "Drew"),
    ],
)
def test_an_initial_or_a_kinship_word_makes_an_everyday_word_a_name_in_every_case(
    text: str, excerpt: str
) -> None:
    for recase in EVERY_CASE:
        assert _covered(recase(text), recase(excerpt)), recase(text)


@pytest.mark.parametrize(
    "text",
    [
        "E. coli in blood cx; S. aureus; C. diff negative; H. pylori; a. fib; v. tach.",
        "CK was 6,200 U/L. Gottron papules were noted; TRAb 18 IU/L. He was treated.",
        "Wife will call tonight; son drew labs at 0600; family may visit.",
        "RN will reassess at 2200; 14 Fr Foley placed; rev TKA planned.",
        "Fellow will call ECMO team; family will gather tomorrow; partner will bring the kids.",
        "Myasthenia since 2011. Our patient is among the oldest on record.",
        "Vitamin D. Home PT with Otago program; E. coli, resident flora.",
        "Pt ambulated to chair; pt AAOx3 tolerating diet; pt refused Lovenox; pt denies CP.",
        "Foley to gravity; Baker cyst on US; r. knee pain.",
    ],
)
def test_an_organism_a_unit_or_a_verb_after_a_cue_is_no_name(text: str) -> None:
    for recase in EVERY_CASE:
        found = [f for f in scan(recase(text)) if f.category == "A"]
        assert found == [], recase(text)

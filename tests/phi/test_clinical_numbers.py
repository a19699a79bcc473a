"""Dates, ages and numbers told from clinical shorthand by their context."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

from .test_scanner import EVERY_CASE, the_finding


def _found(text: str, excerpt: str, category: str, confidence: str = "high") -> None:
    found = the_finding(text, excerpt)
    start = text.index(excerpt)
    assert (found.start, found.end) == (start, start + len(excerpt))
    assert (found.category, found.confidence) == (category, confidence)


def _categories(text: str, categories: str = "CDQR") -> list[tuple[str, str]]:
    return [(f.category, f.excerpt(text)) for f in scan(text) if f.category in categories]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("CT 7/22 neg for PE.", "7/22"),
        ("Pt was extubated 11/3 to HFNC.", "11/3"),
        ("Adm 8/12  D/C 8/15 Dx: DKA.", "8/12"),
        ("Adm 8/12  D/C 8/15 Dx: DKA.", "8/15"),
        ("POD 4 open AAA repair, adm 4/9.\nSBT: PS 5/5, FiO2 35%.", "4/9"),
        ("From 3/30 to 4/30 she was away.", "4/30"),
        ("Follow-up on 7/22 in clinic.", "7/22"),
        ("Headache since 7/22, worse today.", "7/22"),
        ("Results: 7/22 CT showed a bleed.", "7/22"),
        ("Last admission (7/22) for sepsis.", "7/22"),
        ("Inpatient 7/22-7/25 for pyelo.", "7/22-7/25"),
        ("7/22: CT neg", "7/22"),
        ("Course:\n- 7/22 intubated for airway", "7/22"),
        ("chest pain since 0400 2/11. ECG: STEMI.", "2/11"),
        ("repeat CT at 24h (3/22 1400) stable", "3/22"),
        ("f/u Joslin 1/8 9am, sooner if worse.", "1/8"),
        ("PICC placed 5/26 L basilic, tip at cavoatrial junction.", "5/26"),
        ("IR drain 2/12, cx E. coli.", "2/12"),
        ("repeat on 5/12 and 5/13 still positive", "5/13"),
        ("EKG NSR, no change vs 1/30 tracing.", "1/30"),
        ("Born 3/98 in Manila.", "3/98"),
        ("DOB 3-4-98, allergic to PCN.", "3-4-98"),
        ("DOB 4/9/'59, CAP with sepsis.", "4/9/'59"),
        ("DOB 3–4–1998 per chart.", "3–4–1998"),
        ("s/p debridement 29-Apr and 1-May.", "29-Apr"),
        ("Admitted 12-Feb-2024 for hip fracture.", "12-Feb-2024"),
        ("SEEN ON MARCH 3, 2021 IN CLINIC.", "MARCH 3, 2021"),
        ("Admitted the 3rd, discharged the 7th.", "the 3rd"),
        ("catheter-directed tPA the 4th by IR.", "the 4th"),
        ("Path came back Tuesday the 8th as DLBCL.", "Tuesday the 8th"),
        ("Took him to the OR on the 17th and found dead bowel.", "the 17th"),
        ("adm 2/14 (valentine's) d/c 2/20", "valentine's"),
        ("CAME IN ON XMAS EVE WITH A HEADACHE.", "XMAS EVE"),
    ],
)
def test_a_date_is_found_by_its_context(text: str, excerpt: str) -> None:
    _found(text, excerpt, "C")


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Potassium 11/3 was low.", "11/3"),  # no cue: a possible date
        ("Seen around 3/14 at home.", "3/14"),
        ("Fell at home, ICU 3rd-5th.", "3rd-5th"),
    ],
)
def test_a_date_without_a_cue_is_a_possible_date(text: str, excerpt: str) -> None:
    _found(text, excerpt, "C", "low")


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Admitted from ED 1/8 w/ DKA.", "1/8"),
        ("Fasciotomies. Back to OR 3/4 and 3/6 for washout, closure 3/8.", "3/6"),
        ("Fasciotomies. Back to OR 3/4 and 3/6 for washout, closure 3/8.", "3/8"),
        ("Arrived intubated, GCS 5T. Cath 9/9: no obstructive CAD.", "9/9"),
        ("He was transferred on 4/5 to a tertiary center.", "4/5"),
        ("GTC seizure. Admitted to the neuro ICU 6/8.", "6/8"),
        ("Admit 3.11.24 - d/c 3.15.24, DKA.", "3.15.24"),
        ("Medtronic pacemaker implanted 4/2019, now inhibited.", "4/2019"),
        ("He presented to our device clinic on May 30 with arm twitching.", "May 30"),
        ("DOB 03/17/1951   Admitted: 9/2   Discharged: 9/9   Service: MICU", "9/9"),
        ("Lives alone, s/p R hip hemiarthroplasty 1/8 (POD 1).", "1/8"),
    ],
)
def test_a_date_shaped_like_a_share_after_its_event_in_every_case(text: str, excerpt: str) -> None:
    # "3/4" is as often a share as a date: only the event before it, across a unit or a
    # preposition, or the date before it in a list, makes it one.
    for recase in EVERY_CASE:
        _found(recase(text), recase(excerpt), "C", "high")


@pytest.mark.parametrize(
    "text",
    [
        "Admitted on 2/6 murmur protocol; strength 5/5 and 4/5; pain 3/10 then 2/10.",
        "Transferred to 4/10 pain by evening; seen with 1/2 NS running.",
        "Software version 1.2.10; epi 1/1000; heparin 1/2000 units in the flush.",
        "PLT 512 (prednisone 10 may blunt these). Color (Ishihara): OD 12/12, OS 1/12.",
        "Safety wire placed. 12/14 Fr Navigator ureteral access sheath.",
    ],
)
def test_a_share_after_an_event_and_its_measure_is_no_date(text: str) -> None:
    for recase in EVERY_CASE:
        assert _categories(recase(text), "C") == [], recase(text)


@pytest.mark.parametrize(
    "text",
    [
        "AC 500x14/5/40%, sats in the 90s, no vent changes.",
        "PS 10/5, then CPAP 5/5 overnight; 10/5/40% this AM.",
        "SBT on 5/5 PS x30 min, RSBI 48.",
        "Started on 1/2 NS at 100 mL/h; on 5/5 overnight.",
        "Grade 2/6 systolic murmur; strength 5/5 and 4/5 in the deltoids; pain 7/10 and 8/10.",
        "Strength 5/5 at 0400, grip 4/5 at 9am; 1/2 NS, then 1/2 L bolus.",
        "Blood cx 2/2 MSSA; cultures 4/4 bottles; day 2/3 of steroids; x2/3 doses.",
        "About 3/4 of the dose; BP 120/80; MoCA 26/30; ANA 1/80; titer 1/40.",
        "Dates like 2/30 and ratios like 13/5 are not dates.",
        "Release of the 1st dorsal compartment; the 3rd day of abx; the 2nd attempt.",
        "SBP in the 90s, sats in the 90's, HR in the 90s.",
        "Christmas disease; christmas tree bladder on cystogram.",
        "Murmur: previous 4/6 harsh SEM, now 1/6 soft SEM at the apex.",
        "Her MoCA fell from 27/30 to 11/30 within a month.",
        "Temp 101F overnight; Tmax 102F; fever to 101F; t 101f at 0400.",
    ],
)
def test_clinical_numbers_are_no_dates(text: str) -> None:
    assert _categories(text, "C") == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("A 93-year-old woman from Ohio.", "93-year-old"),
        ("92 y/o M, fell at home.", "92 y/o"),
        ("A ninety-one-year-old widower.", "ninety-one-year-old"),
        ("A man in his nineties with delirium.", "in his nineties"),
        ("pt in her 90's, DNR.", "in her 90's"),
        ("Her husband is ninety-four and wants her home.", "ninety-four"),
        ("a 94f with chf exacerbation", "94f"),
        ("bed 3: 91m with copd, on bipap", "91m"),
    ],
)
def test_an_age_over_89_covers_its_phrase(text: str, excerpt: str) -> None:
    _found(text, excerpt, "C")


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("fellow Marchetti to see, pager 38815.", "38815"),
        ("pgr 5-3382 for questions", "5-3382"),
        ("beeper #2231 overnight", "2231"),
        ("intern ext 4-4932 covering", "4-4932"),
        ("call ext. 5521 with results", "5521"),
        ("Paged by RN (x3-8857) re: AF", "x3-8857"),
        ("renal paged bp 41273 at 0300", "41273"),
        ("Neurosurgery office fax 412-555-0175.", "fax 412-555-0175"),
        ("Call (614) 555–0187 with results.", "(614) 555–0187"),
    ],
)
def test_a_pager_extension_or_phone_is_found(text: str, excerpt: str) -> None:
    found = the_finding(text, excerpt)
    assert found.category in "DE" and found.confidence == "high"


@pytest.mark.parametrize(
    "text",
    [
        "I/O goal 900-1300 today; shift 0700-1900 uneventful; UOP 1200-1500cc.",
        "BP 120/80, bp 1200 kcal diet; x3-4 days of abx.",
    ],
)
def test_ranges_and_pressures_are_no_phone_numbers(text: str) -> None:
    assert _categories(text, "DE") == []


@pytest.mark.parametrize(
    ("text", "excerpt", "category"),
    [
        ("Pt is a longshoreman; employee badge 60418 on file.", "employee badge 60418", "R"),
        ("Inmate number A-448213, from county jail.", "Inmate number A-448213", "R"),
        ("booking number 2231-7 on the form", "booking number 2231-7", "R"),
        ("court case number 2021-CV-0442 pending", "court case number 2021-CV-0442", "R"),
        ("enrolled, study ID PX-0193.", "study ID PX-0193", "R"),
        ("UNOS waitlist ID WL-88314 once listed", "UNOS waitlist ID WL-88314", "R"),
        ("H&P (chart #4471207) 61M", "chart #4471207", "H"),
        ("KEAWE   Acct/MRN 61-004281   Seen", "Acct/MRN 61-004281", "H"),
        ("Unit no. 771-04-93 Consulting", "Unit no. 771-04-93", "H"),
        ("Insurance: HMSA member ID XWQ884120933.", "HMSA member ID XWQ884120933", "I"),
        ("Her Medicaid ID is MCD 552104739Q.", "MCD 552104739Q", "I"),
        ("prescriber dea no. br4416629 listed", "dea no. br4416629", "K"),
        ("AFIS record MA-AFIS-4471902, pt is", "AFIS record MA-AFIS-4471902", "P"),
        ("pod lot L22A0917 reported", "lot L22A0917", "M"),
    ],
)
def test_an_identifier_after_its_cue_is_found(text: str, excerpt: str, category: str) -> None:
    _found(text, excerpt, category)


def test_a_label_takes_its_issuer_but_not_a_clinical_word() -> None:
    assert the_finding("ICD serial number PJN604217S.", "serial number PJN604217S")
    assert the_finding("Referring NPI 1245319599.", "NPI 1245319599")


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("I attached a photo of her face to the thread", "a photo of her face to the thread"),
        ("facial photo taken and sent to police for ID. Intubated", "facial photo taken"),
        ("Full-face pic below.", "Full-face pic below"),
    ],
)
def test_a_clear_mention_of_a_face_photograph_is_high(text: str, excerpt: str) -> None:
    found = the_finding(text, text[text.index(excerpt[:8]) :].split(".")[0])
    assert (found.category, found.confidence) == ("Q", "high")


def test_a_selfie_is_a_possible_face_photograph() -> None:
    _found("She sent a selfie of the rash.", "selfie", "Q", "low")


def test_a_tattoo_with_writing_is_a_distinguishing_mark() -> None:
    text = 'He has a tattoo reading "Lupe y Chuy" on the right chest. CT head negative.'
    _found(text, 'a tattoo reading "Lupe y Chuy" on the right chest', "R")
    assert _categories("Tattoo sarcoid as a first presentation of sarcoidosis.", "R") == []
    endoscopic = "Lesion tattooed 3 cm distal with Spot in 2 quadrants, avoiding the lesion."
    assert _categories(endoscopic, "R") == []


def test_an_age_after_its_label_beats_a_given_name_before_it() -> None:
    text = "Pt: Hollingsworth, June  Age: 91  Rm 612"
    for recase in EVERY_CASE:
        _found(recase(text), recase("Age: 91"), "C")


def test_an_age_opening_a_sentence_is_an_age_and_a_value_is_not() -> None:
    text = "Myasthenia gravis since 2011. At 93, our patient is among the oldest."
    for recase in EVERY_CASE:
        _found(recase(text), "93", "C")
    assert _categories("Sats at 93, improved. HR at 93, BP ok.", "C") == []

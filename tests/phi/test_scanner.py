"""The scanner finds each Safe Harbor identifier and leaves clinical language alone."""

from __future__ import annotations

import pytest

from casecrowd.phi import CATEGORY_NAMES, Finding, scan

# A note as written, in capitals and in lower case: the guard must read all three alike.
EVERY_CASE = (str, str.upper, str.lower)


def findings_for(text: str) -> list[tuple[str, str, str]]:
    return [(f.category, f.excerpt(text), f.confidence) for f in scan(text)]


def the_finding(text: str, excerpt: str) -> Finding:
    matches = [f for f in scan(text) if f.excerpt(text) == excerpt]
    assert matches, f"no finding {excerpt!r} in {findings_for(text)}"
    return matches[0]


@pytest.mark.parametrize(
    ("text", "excerpt", "category"),
    [
        # A: names with titles, roles, name lists, initials
        ("Referred by Dr. Harold Whitfield for chest pain.", "Dr. Harold Whitfield", "A"),
        ("Seen with Mrs. Okonkwo in clinic.", "Mrs. Okonkwo", "A"),
        ("Her daughter Maria reports confusion.", "Maria", "A"),
        ("His wife, Linda Gallagher, drove him in.", "Linda Gallagher", "A"),
        ("The nurse Kowalski noticed the rash.", "Kowalski", "A"),
        ("Labs were reviewed with Samantha Pruitt today.", "Samantha Pruitt", "A"),
        ("Consult note signed by J. Whitfield.", "J. Whitfield", "A"),
        ("Patient J.T. is a 45-year-old man.", "J.T.", "A"),
        # B: geography below the state
        ("She lives at 418 Maple Avenue, Apt 3B.", "418 Maple Avenue, Apt 3B", "B"),
        ("He moved here from Dayton, Ohio last year.", "Dayton", "B"),
        ("Transferred from a clinic in Flagstaff.", "Flagstaff", "B"),
        ("Address ends Springfield, IL 62704.", "62704", "B"),
        ("Her zip code is 02115.", "02115", "B"),
        ("Mail goes to 02115-4412 now.", "02115-4412", "B"),
        ("Cath done at St. Vincent's Hospital overnight.", "St. Vincent's Hospital", "B"),
        ("Transferred from Mercy General Hospital.", "Mercy General Hospital", "B"),
        ("Lives in Cook County with family.", "Cook County", "B"),
        ("Crash on Route 9 this morning.", "Route 9", "B"),
        # C: dates and ages
        ("Admitted 07/22/2019 with sepsis.", "07/22/2019", "C"),
        ("Admitted on 7/22 with sepsis.", "7/22", "C"),
        ("MRI on 2019-05-17 was normal.", "2019-05-17", "C"),
        ("Seen on March 3rd, 2021 in clinic.", "March 3rd, 2021", "C"),
        ("Discharged 15 March 2023.", "15 March 2023", "C"),
        ("Diagnosed in August 2018.", "August 2018", "C"),
        ("Symptoms began in December.", "December", "C"),
        ("He returned on the 14th.", "the 14th", "C"),
        ("Next session Thursday the 9th.", "Thursday the 9th", "C"),
        ("Arrived Tuesday 4/18 at night.", "Tuesday 4/18", "C"),
        ("A 92 yo woman with syncope.", "92 yo", "C"),
        ("A ninety-three-year-old man.", "ninety-three-year-old", "C"),
        ("Woman, age 101, with a hip fracture.", "age 101", "C"),
        ("A man in his nineties with delirium.", "in his nineties", "C"),
        ("She is 97.", "97", "C"),
        # D-G: contact numbers and SSN
        ("Call (614) 555-0187 with results.", "(614) 555-0187", "D"),
        ("Daughter: +1 312 555 0199.", "+1 312 555 0199", "D"),
        ("Fax results to 617.555.0122 please.", "617.555.0122", "E"),
        ("Emailed kmorrow88@gmail.com yesterday.", "kmorrow88@gmail.com", "F"),
        ("Form lists 412-55-9087 as SSN.", "412-55-9087", "G"),
        ("SSN: 412559087 on the form.", "SSN: 412559087", "G"),
        # H-M, P, R: labelled and shaped numbers
        ("Her MRN is 4471902 here.", "MRN is 4471902", "H"),
        ("Member ID XJH847261003 was denied.", "Member ID XJH847261003", "I"),
        ("Card shows 1EG4-TE5-MK73 on the list.", "1EG4-TE5-MK73", "I"),
        ("Account number 0042-778-913 disputed.", "Account number 0042-778-913", "J"),
        ("Prescriber DEA BK1234563 listed.", "DEA BK1234563", "K"),
        ("Referring NPI 1245319599.", "NPI 1245319599", "K"),
        ("Plate 7KXR492 in the report.", "Plate 7KXR492", "L"),
        ("VIN 1HGCM82633A004352 from police.", "VIN 1HGCM82633A004352", "L"),
        ("The car was 1HGCM82633A004352 per police.", "1HGCM82633A004352", "L"),
        ("ICD serial number PJN604217S.", "serial number PJN604217S", "M"),
        ("Cycler IMEI 356938035643809.", "IMEI 356938035643809", "M"),
        (
            "Portal https://myhealth.example.org/r/88213 shows it.",
            "https://myhealth.example.org/r/88213",
            "N",
        ),
        ("See www.valleyendo-clinic.com for hours.", "www.valleyendo-clinic.com", "N"),
        ("Sent from 192.168.14.207 at night.", "192.168.14.207", "O"),
        ("Header showed 2001:db8:85a3::8a2e:370:7334 too.", "2001:db8:85a3::8a2e:370:7334", "O"),
        ("Fingerprint ID FP-20931-77 enrolled.", "Fingerprint ID FP-20931-77", "P"),
        ("Photo uploaded as IMG_20230611_142233.jpg today.", "IMG_20230611_142233.jpg", "Q"),
        ("Accession S23-048817 sent out.", "Accession S23-048817", "R"),
        ("Reference 88123456 for the claim.", "88123456", "R"),
    ],
)
def test_finds_identifier(text: str, excerpt: str, category: str) -> None:
    found = the_finding(text, excerpt)
    assert found.category == category
    assert found.category_name == CATEGORY_NAMES[category]
    assert text[found.start : found.end] == excerpt


CLINICAL_LANGUAGE = [
    "Parkinson disease on carbidopa/levodopa 25/100 tid; Crohn's disease on adalimumab.",
    "Graves disease with ophthalmopathy; Hodgkin lymphoma stage IIB; Cushing syndrome.",
    "Addison disease on hydrocortisone; Wilson disease with Kayser-Fleischer rings.",
    "Bell palsy, Down syndrome, Alzheimer disease, Hashimoto thyroiditis, Huntington chorea.",
    "Wolff-Parkinson-White pattern, Austin Flint murmur, Charles Bonnet syndrome.",
    "BP 132/84, HR 64, grade 2/6 systolic murmur, strength 5/5 and 4/5 in the neck flexors.",
    "Apgar 8 and 9, GCS 14 (E3V5M6), NIHSS 4, MoCA 26/30, Wells score 4.5, CHA2DS2-VASc 1.",
    "Na 133, K 6.1, Hb 10.1, WBC 12,000, platelets 250,000, LDL 162 mg/dL, HbA1c 6.9%.",
    "ICD-10 I35.1 and E11.9; CPT 99213 and 93306 for the echo.",
    "Diagnosed in 2019, transplant in 2008, relapse since 2021.",
    "A 67-year-old man; an 89-year-old woman; the patient is 45.",
    "Day 3 of IVIG, two weeks ago, post-operative day 5, 6 weeks later.",
    "Moved from Texas to Oregon; a patient from Ohio; winters in Minnesota.",
    "Will repeat the ECG. May we continue ondansetron? Mark the result as reassuring.",
    "Monday morning cortisol is not needed; the 3rd heart sound was heard on the 2nd day.",
    "Blood cultures 4/4 bottles; pain 0/10; cultures at 24/7 coverage.",
    "Metoprolol 25 mg bid, apixaban 5 mg bid, Lasix 40 mg, Keppra 500 mg, Eliquis.",
    "EGFR exon 19 deletion, BRCA1, JAK2 V617F, t(15;17), CYP2C19 poor metabolizer.",
    "Tokyo guidelines grade II, Child-Pugh C, Gleason 4+5=9, Breslow 1.4 mm.",
    "E. coli and P. falciparum; Staphylococcus aureus in 2 of 2 sets.",
    "St. John's wort interacts with cyclosporine; St. Louis encephalitis is rare.",
]


@pytest.mark.parametrize("text", CLINICAL_LANGUAGE)
def test_leaves_clinical_language_alone(text: str) -> None:
    assert findings_for(text) == []


def test_suggestions_keep_the_year_or_aggregate_the_age() -> None:
    text = "Admitted 07/22/2019, seen March 3, and a 94-year-old, age 101."
    assert the_finding(text, "07/22/2019").suggestion == "2019"
    assert the_finding(text, "March 3").suggestion == "day N"
    assert the_finding(text, "94-year-old").suggestion == "90+-year-old"
    assert the_finding(text, "age 101").suggestion == "age 90+"


def test_confidence_follows_the_evidence() -> None:
    text = "Dr. Okafor saw her. Later Kowalczyk called. Call 555-1234."
    assert the_finding(text, "Dr. Okafor").confidence == "high"
    assert the_finding(text, "Kowalczyk").confidence == "low"
    assert the_finding(text, "555-1234").confidence == "low"


def test_a_name_seen_with_a_title_is_found_again_alone() -> None:
    text = "Mr. Delgado has AF. Delgado was started on metoprolol."
    found = [f for f in scan(text) if f.excerpt(text) == "Delgado"]
    assert found and found[0].confidence == "high"
    assert found[0].rule == "name-repeat"


def test_findings_are_ordered_and_never_overlap() -> None:
    text = (
        "Dr. Fred Hutchinson at Fred Hutchinson Cancer Center, 1100 Fairview Ave N, on 2019-05-17."
    )
    found = scan(text)
    assert found
    for earlier, later in zip(found, found[1:], strict=False):
        assert earlier.end <= later.start


def test_offsets_index_the_original_text() -> None:
    text = "Café owner, né 1931. Seen by Dr.\u00a0Žáková on 3/4/2021 — call (505) 555-0172."
    for item in scan(text):
        assert 0 <= item.start < item.end <= len(text)
    assert the_finding(text, "3/4/2021").category == "C"
    assert the_finding(text, "(505) 555-0172").category == "D"


def test_empty_and_blank_text_have_no_findings() -> None:
    assert scan("") == []
    assert scan("   \n\t ") == []


def test_finding_is_immutable_and_quotes_its_span() -> None:
    text = "Call 617-555-0100."
    found = scan(text)[0]
    assert found.excerpt(text) == "617-555-0100"
    with pytest.raises(AttributeError):
        found.start = 0  # type: ignore[misc]

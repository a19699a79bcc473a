"""Plates, biometrics, licence labels and short extensions, and their clinical look-alikes."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

from .test_scanner import EVERY_CASE, the_finding


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Pt's car (grey Corolla, MA plate 7XK 492, VIN pending) was towed.", "7XK 492"),
        ("STILL DRIVES HIS TRUCK (PLATE 4RT-L92) TO THE STORE", "4RT-L92"),
        ("The striking vehicle's plate, per CPD, is IL DGT 4481.", "IL DGT 4481"),
        ("her car (mn plate kxt 219) was towed.", "kxt 219"),
        ("highway patrol ran the plate KS 412 MDV on the pickup", "KS 412 MDV"),
        ("HPD report lists plate TX NKW-5521.", "TX NKW-5521"),
        ("license plate was 7XK 492 when towed", "7XK 492"),
    ],
)
def test_a_plate_after_its_label_is_found_whole(text: str, excerpt: str) -> None:
    found = the_finding(text, excerpt)
    assert (found.category, found.confidence) == ("L", "high")


@pytest.mark.parametrize(
    "text",
    [
        "A 10-hole LCP plate was applied with 12 screws.",
        "Plate and 12 cortical screws; 8-hole plate, 3.5 mm.",
        "The plate was towed away at 5 pm.",
        "Skin tag 2x3 mm removed; blood agar plate grew GPC.",
    ],
)
def test_a_bone_plate_or_a_skin_tag_is_no_vehicle(text: str) -> None:
    assert [f for f in scan(text) if f.category == "L"] == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("ID confirmed 0300 by fingerprint match run by police.", "fingerprint match"),
        ("COLLECTED FINGERPRINTS AND PALM PRINTS AND A PHOTO", "FINGERPRINTS AND PALM PRINTS"),
        ("identity confirmed via patientsecure palm vein scan", "palm vein scan"),
        ("Registered by palm-vein biometric scan on arrival.", "palm-vein biometric scan"),
        ("bank verified her voiceprint", "voiceprint"),
    ],
)
def test_a_biometric_taken_to_identify_is_asked_about(text: str, excerpt: str) -> None:
    found = the_finding(text, excerpt)
    assert (found.category, found.confidence) == ("P", "low")


@pytest.mark.parametrize(
    "text",
    [
        "Thumbprinting of the colon on KUB; retinal scan normal.",
        "Facial recognition impaired since the stroke (prosopagnosia).",
        "Palmar erythema; biometric screening at work showed LDL 160.",
    ],
)
def test_clinical_look_alikes_of_biometrics_stay_words(text: str) -> None:
    assert [f for f in scan(text) if f.category == "P"] == []


@pytest.mark.parametrize(
    ("text", "excerpt", "category"),
    [
        ("cdl number d4471932, renewal due", "cdl number d4471932", "K"),
        ("CDL # S28715590 ON FILE FOR DOT FORM", "CDL # S28715590", "K"),
        ("T. Mokoena MA lic # 268410.", "MA lic # 268410", "K"),
        ("taxi medallion 5T42 (his words)", "medallion 5T42", "K"),
        ("insured via medicaid, id ut8830021745", "id ut8830021745", "R"),
    ],
)
def test_a_licence_or_id_label_in_any_case(text: str, excerpt: str, category: str) -> None:
    assert the_finding(text, excerpt).category == category


@pytest.mark.parametrize(
    "text",
    [
        "GLUCOSE 145 MG/DL 145 TODAY",  # "DL" after a slash is a decilitre
        "hdl 45 ldl 130 mg/dl 145",
        "id consult 3/12 re: 2024 cultures, id 300 mg",  # "id" is infectious disease
    ],
)
def test_a_unit_or_a_service_is_no_licence_label(text: str) -> None:
    assert [f for f in scan(text) if f.category in "KR"] == []


def test_a_pager_after_is_and_a_bare_extension() -> None:
    text = "My pager is 4-7719. Dr. S. Castellanos, ID fellow, x4471."
    assert the_finding(text, "4-7719").confidence == "high"
    assert the_finding(text, "x4471").confidence == "low"
    assert [f for f in scan("x1000 oil immersion; x4000 magnification") if f.category == "D"] == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("ABG sample # 4471-22 sent to the lab.", "# 4471-22"),
        ("Valuables in belongings bag #227184.", "#227184"),
        ("Prior auth # PA-2291847 approved.", "# PA-2291847"),
        ("Incident report # ir-2024-05517 filed.", "report # ir-2024-05517"),
    ],
)
def test_a_number_after_a_hash_sign_is_an_identifier(text: str, excerpt: str) -> None:
    for recase in EVERY_CASE:
        assert the_finding(recase(text), recase(excerpt)).category == "R"


def test_a_size_or_a_count_after_a_hash_sign_is_none() -> None:
    text = "ETT #7.5, drain #2, #1000 bolus; #hashtag #12."
    for recase in EVERY_CASE:
        assert scan(recase(text)) == [], recase(text)


@pytest.mark.parametrize(
    ("text", "excerpt", "category"),
    [
        ("Phonak, serial nos. 1843A0772 (L) and 1843A0791 (R).", "1843A0791", "M"),
        ("Detective callback pending, case 24-118033.", "case 24-118033", "R"),
        ("BCBS PPO, group 00917; auth pending.", "group 00917", "I"),
        ("Security pulled his plate (7KQM218) off the parking cam.", "7KQM218", "L"),
        ("Reported to FDA MedWatch (report no. MW5091127).", "report no. MW5091127", "R"),
        ("Biomed paged, ticket BME-771203; unit tagged out.", "ticket BME-771203", "R"),
        ("Driver's license in wallet, CA DL D8812047, gray Civic.", "DL D8812047", "K"),
        ("Signed: A. Lindgren, MD   License OH 35.118802", "License OH 35.118802", "K"),
        ("Tulsa police, badge TPD 1142, at bedside.", "badge TPD 1142", "R"),
        ("Blue Cross NE, member YRB902377145, group 00877410.", "member YRB902377145", "I"),
        ("The RCA is complete (safety report SR-2023-06612).", "report SR-2023-06612", "R"),
    ],
)
def test_a_label_that_also_counts_things_before_five_digits_in_every_case(
    text: str, excerpt: str, category: str
) -> None:
    for recase in EVERY_CASE:
        found = [
            f
            for f in scan(recase(text))
            if recase(excerpt) in recase(text)[f.start : f.end] and f.category == category
        ]
        assert found, recase(text)


def test_a_case_a_group_or_a_ticket_that_counts_is_no_identifier() -> None:
    text = (
        "Case 2 of 3; group 2 therapy; case 12; glu 200 mg/dL 13000; report on 12345 patients;"
        " member of 2 teams; MRN 1234567 and 2 others."
    )
    for recase in EVERY_CASE:
        found = [(f.category, f.excerpt(recase(text))) for f in scan(recase(text))]
        assert found == [("H", recase("MRN 1234567"))], recase(text)

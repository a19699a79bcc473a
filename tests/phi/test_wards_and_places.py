"""Wards, buildings and hospital initials; generic units, shorthand and instruments left alone."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

from .test_scanner import EVERY_CASE, the_finding


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        # a donor's name and a floor, after a cue of transfer or page, or before a ward word
        ("Patient transferred to Blake 12 overnight.", "Blake 12"),
        ("Back to Ellison 4 after the cath.", "Ellison 4"),
        ("transferred to wang 3 this morning", "wang 3"),
        ("TRANSFERRED TO BLAKE 12 TODAY", "BLAKE 12"),
        ("Night float note, page from Stoneman 2 RN about pain.", "Stoneman 2"),
        ("Reisman 11 Neuro ICU RN progress note", "Reisman 11"),
        ("Location: 6 Lindner    Date: 10/30", "6 Lindner"),
        ("Patient: A. B.   Room Ellis 812   Date", "Ellis 812"),
        ("ok for floor Phillips House 20 when bed", "Phillips House 20"),
        # buildings
        ("Seen in the Lunder building.", "Lunder building"),
        ("Tower B, room 1204.", "Tower B"),
        ("Follow-up in Clinics 2.", "Clinics 2"),
        # a hospital's initials after a cue
        ("Transferred from MGH for ECMO.", "MGH"),
        ("transfer from BIDMC yesterday", "BIDMC"),
        ("seen at VAMC last week", "VAMC"),
        ("transferred from mgh overnight", "mgh"),
        ("listed at BWH for transplant", "BWH"),
        ("back to the GH tomorrow", "the GH"),
        ("admitted to St. V's in March", "St. V's"),
        ("I'm a hospitalist at the VAMC in Tuskegee.", "the VAMC"),
        # a hospital named for a person who also named a disease
        ("Reintubated at Carney Hospital for stridor.", "Carney Hospital"),
    ],
)
def test_finds_a_ward_building_or_hospital_initials(text: str, excerpt: str) -> None:
    found = the_finding(text, excerpt)
    assert (found.category, found.confidence) == ("B", "high")
    assert text[found.start : found.end] == excerpt


@pytest.mark.parametrize(
    "text",
    [
        "She is on 5 North.",
        "Moved to 4 west step-down.",
        "TRANSFERRED TO 6 WEST HD 4, O2 WEANED.",
        "ccu -> 3 west, tele.",
    ],
)
def test_a_floor_and_a_wing_is_no_identifier(text: str) -> None:
    # Every hospital has a "5 North": it tells nobody which hospital, so nothing is asked.
    assert scan(text) == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("RRT called to Blake 12 rm 1207 at 2300.", "Blake 12"),
        ("Date: 3/21, 1400, family room Ellison 4.", "Ellison 4"),
        ("Location: Kessler 3, treatment room.", "Kessler 3"),
        ("Requesting: hospitalist, Kessler 2 North.", "Kessler 2"),
        ("RT note 2200 - called stat to Feldberg 6 rm 14 for distress.", "Feldberg 6"),
        ("HFNC 30L/40%. Can go to floor (Lowry 4) in AM if stable.", "Lowry 4"),
    ],
)
def test_a_donor_ward_after_a_call_a_family_room_or_a_location_in_every_case(
    text: str, excerpt: str
) -> None:
    # "Blake", "Ellison" and "Kessler" also name a disease or a scale: the cue decides.
    for recase in EVERY_CASE:
        assert the_finding(recase(text), recase(excerpt)).category == "B", recase(text)


def test_a_score_after_an_arrow_is_no_ward() -> None:
    text = "100% proximal RCA, TIMI 0 -> TIMI 3 after DES; improved to NYHA class I."
    for recase in EVERY_CASE:
        assert scan(recase(text)) == [], recase(text)


def test_a_donor_ward_beside_a_floor_and_wing_is_still_found() -> None:
    text = "Moved from 5 North to Lunder 6."
    assert [text[f.start : f.end] for f in scan(text)] == ["Lunder 6"]


@pytest.mark.parametrize(
    "text",
    [
        "Admitted to the MICU, then SICU, then PACU, then step-down, then the floor.",
        "Seen in Spine Clinic; Newborn Nursery; Same Day Surgery; Post Anesthesia Care Unit.",
        "Admitted to the Burn Unit. F/u Pulmonary Vascular Clinic and Neuromuscular Clinic.",
        "Sent to CT. Went to ICU from ED. Seen by PT. At baseline. Records at OSH.",
        "Fisher 3 SAH; on Lasix 40 mg; Lantus 20 units; trisomy 21; Mobitz 2 block.",
        "Murmur loudest at the RUSB; on MMF; went to the DMV; GCA on biopsy.",
        "Came via Foley catheter; placed to Foley drainage; lives in Pa.",
        "Micu Progress Note: vaso weaned, nitro off, AKI improving, VAC changed, OSA on CPAP.",
        "I-125 seeds placed; I-131 ablation next month.",
        "Instruments on the Mayo stand; head in Mayfield pins.",
    ],
)
def test_leaves_units_shorthand_and_instruments_alone(text: str) -> None:
    assert [f for f in scan(text) if f.category == "B"] == []


def test_a_person_before_a_verb_is_not_a_place() -> None:
    text = "Taylor noticed jaundice."
    assert [f for f in scan(text) if f.category == "B"] == []


def test_an_interstate_is_still_a_road() -> None:
    assert the_finding("Crashed on I-95 north.", "I-95").category == "B"


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("A welder at Bayou Steel Fabricators in Houma presented.", "Bayou Steel Fabricators"),
        ("HVAC tech at Carrier Enterprise, seen 6/7.", "Carrier Enterprise"),
        ("Employed by Raytheon since 2010.", "Raytheon"),
        ("Works at Home Depot on weekends.", "Home Depot"),
        (
            "Residing at Cedar Hollow Nursing and Rehabilitation in Visalia.",
            "Cedar Hollow Nursing and Rehabilitation",
        ),
    ],
)
def test_an_employer_or_a_home_after_a_verb_of_work_or_a_trade(text: str, excerpt: str) -> None:
    start = text.index(excerpt)
    places = [f for f in scan(text) if f.category == "B"]
    assert any(f.start <= start and f.end >= start + len(excerpt) for f in places), places


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Works as cashier at Market Basket on Broadway.", "Market Basket"),
        ("Pt works at Harbor Freight in Seekonk, exposure to fumes.", "Harbor Freight"),
        ("Work note provided for employer (Fidelity) x3 days.", "Fidelity"),
        ("Employer: Fidelity Investments, Back Bay.", "Fidelity Investments"),
    ],
)
def test_an_employer_is_found_in_every_letter_case(text: str, excerpt: str) -> None:
    for recase in EVERY_CASE:
        assert the_finding(recase(text), recase(excerpt)).category == "B"


@pytest.mark.parametrize(
    "text",
    [
        "Employee badge on file and employer letter requested by patient.",
        "Works at night as a nurse at the hospital; she works for the state.",
    ],
)
def test_a_qualifier_or_a_setting_after_work_is_no_employer(text: str) -> None:
    for recase in EVERY_CASE:
        assert [f for f in scan(recase(text)) if f.rule == "workplace"] == [], recase(text)


@pytest.mark.parametrize(
    "text",
    [
        "The tech at Bedside Echo called.",
        "She works at Emergency Medicine on the weekend.",
        "A nurse at Triage noticed it; works for Medicaid review.",
    ],
)
def test_a_service_or_a_setting_after_a_trade_is_no_employer(text: str) -> None:
    assert [f for f in scan(text) if f.rule == "workplace"] == []


@pytest.mark.parametrize(
    "text",
    [
        "85 yo F who lives at home with her son; mechanical fall.",
        "F/U: IR drain clinic 1 wk, general surgery 4 wk.",
        "Asked for info on the hospital's smoking cessation clinic.",
        "Polycythemia vera; linezolid is a weak MAO inhibitor; back to TC 1700.",
        "Stable to varus/valgus stress.",
    ],
)
def test_home_units_and_acronyms_are_no_places_in_any_case(text: str) -> None:
    for recase in EVERY_CASE:
        assert [f for f in scan(recase(text)) if f.category == "B"] == [], recase(text)


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Body released to Kovacs-Maher Funeral Home.", "Kovacs-Maher Funeral Home"),
        ("Trach, from Hebrew Rehab; accepted to Oak Knoll Rehab and Nursing.", "Hebrew Rehab"),
        ("Accepted to Oak Knoll Rehab and Nursing pending auth.", "Oak Knoll Rehab and Nursing"),
        ("She attends Grace Baptist Church on Sundays.", "Grace Baptist Church"),
        ("Staying at the Red Roof Motel this week.", "Red Roof Motel"),
    ],
)
def test_a_funeral_home_a_rehab_a_church_or_a_motel_is_a_place(text: str, excerpt: str) -> None:
    assert the_finding(text, excerpt).category == "B"


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Came with him from Gracewood Nursing Home.", "Gracewood Nursing Home"),
        ("Referring: Cedar Valley Family Medicine, fax pending.", "Cedar Valley Family Medicine"),
        ("In custody of Cedar Ridge Correctional Facility.", "Cedar Ridge Correctional Facility"),
        ("Housekeeper at the Kahala Hotel for 20 years.", "Kahala Hotel"),
        ("Accepted by Willow Creek Rehab for SNF.", "Willow Creek Rehab"),
        ("Attends the Wesleyan Church most Sundays.", "Wesleyan Church"),
        ("Imam from Masjid Al-Noor requested; son will call.", "Masjid Al-Noor"),
        ("Remains in custody of Cook County Dept of Corrections.", "Cook County"),
        ("Sleep study done in 2022 at Wasatch Valley Sleep Center.", "Wasatch Valley Sleep Center"),
        (
            "One prior admission to Laurelate Psychiatric Hospital in 2016.",
            "Laurelate Psychiatric Hospital",
        ),
        (
            "Brought in from Coyote Ridge Corrections Center last night.",
            "Coyote Ridge Corrections Center",
        ),
        ("Referring: Lakeside Family Practice (fax on file).", "Lakeside Family Practice"),
        (
            "Discharged to inpatient rehab at the Rehabilitation Institute of Michigan.",
            "Rehabilitation Institute of Michigan",
        ),
        (
            "Date of surgery: 3/14. Facility: Meadowlark Orthopedic Surgery Center",
            "Meadowlark Orthopedic Surgery Center",
        ),
        (
            "Sued with Valley Women's Health Associates last year.",
            "Valley Women's Health Associates",
        ),
    ],
)
def test_a_named_facility_of_a_newer_kind_is_found_in_every_letter_case(
    text: str, excerpt: str
) -> None:
    for recase in EVERY_CASE:
        assert the_finding(recase(text), recase(excerpt)).category == "B"


@pytest.mark.parametrize(
    "text",
    [
        "Lives at the homeless shelter; went home with family medicine follow-up.",
        "Discussed nursing home placement; attends a local church; internal medicine to see.",
        "Per county protocol; each county differs; the county jail; every county.",
        "Follow up at the sleep center; cardiac surgery clinic; urgent care if worse.",
        "On the Good Samaritan statute question someone asked about liability.",
        "We used the University of Michigan criteria; a sunrise walk helps.",
        "Cord structures dissected free from the vas deferens and testicular vessels.",
        "Family to contact funeral home of their choice; plan: confidential DV shelter bed.",
        "Trach change per ENT: Shiley 8 DCFS -> Shiley 6 DCFS (downsize).",
        "Asked to place tulsi leaves and ganga jal at bedside; RN agreed.",
        "Follow up at the sleep center; seen at the Eye Center; Wound Treatment Center visit.",
        "Vs septal myectomy at a high-volume center; check EF every 4 weeks.",
    ],
)
def test_a_kind_of_home_shelter_or_practice_with_no_name_is_no_place(text: str) -> None:
    for recase in EVERY_CASE:
        assert [f for f in scan(recase(text)) if f.category == "B"] == [], recase(text)


def test_a_kind_of_rehab_is_no_facility() -> None:
    text = "Cardiac rehab 3x/wk; inpatient rehab; return to ALF vs short-term rehab."
    for recase in EVERY_CASE:
        assert [f for f in scan(recase(text)) if f.category == "B"] == [], recase(text)


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Struck near the corner of Halsted and 18th in Pilsen.", "Halsted and 18th"),
        ("Lives near 63rd and Halsted.", "63rd and Halsted"),
        ("Found at the intersection of Main St and Elm St at 2 am.", "Main St and Elm St"),
    ],
)
def test_a_street_corner_is_found_in_every_letter_case(text: str, excerpt: str) -> None:
    for recase in EVERY_CASE:
        assert the_finding(recase(text), recase(excerpt)).category == "B"


def test_two_ordinals_without_a_corner_are_no_streets() -> None:
    text = "Syndactyly of the 2nd and 3rd digits; pain between the 4th and 5th ribs."
    for recase in EVERY_CASE:
        assert [f for f in scan(recase(text)) if f.category == "B"] == [], recase(text)


def test_a_town_between_an_address_and_its_zip_is_part_of_the_place() -> None:
    text = "Lived at 2217 N. Fulton Ave, Baltimore, 21217. Mail goes to 02115-4412."
    assert the_finding(text, "Baltimore, 21217").category == "B"
    assert the_finding(text, "02115-4412").category == "B"


def test_the_town_after_an_address_and_its_unit_is_found_in_every_case() -> None:
    text = "Lives alone at 22 Larkspur Ln, Apt 3, Gardner, works as a bus driver."
    for recase in EVERY_CASE:
        assert the_finding(recase(text), recase("Gardner")).category == "B"
    assert [f.excerpt("14 Elm St, Home, then") for f in scan("14 Elm St, Home, then")] == [
        "14 Elm St"
    ]


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("Transferred from St. Vincent's Regional (SVR) 4/12. Records from SVR pending.", "SVR"),
        ("Accepted by Willow Creek Rehab & Nursing (WCRN); bed at WCRN Monday.", "WCRN"),
        ("Admitted from Sunrise LTACH (Sunrise); may return to Sunrise.", "Sunrise"),
    ],
)
def test_a_short_name_given_after_a_place_is_found_there_and_later_in_every_case(
    text: str, short: str
) -> None:
    for recase in EVERY_CASE:
        written = recase(text)
        places = [f.excerpt(written) for f in scan(written) if f.category == "B"]
        assert places.count(recase(short)) == written.count(recase(short)), (written, places)


def test_a_bracket_the_place_does_not_spell_is_no_short_name() -> None:
    text = "Seen at Mercy Hospital (ICU) then Baystate (2019); Boston Medical Center (ED)."
    for recase in EVERY_CASE:
        written = recase(text)
        short = [f for f in scan(written) if f.rule == "short-name"]
        assert short == [], written


def test_a_saint_in_capitals_or_lower_case_names_its_hospital() -> None:
    text = "Transferred from St. Vincent's Regional this morning."
    for recase in EVERY_CASE:
        assert the_finding(recase(text), recase("St. Vincent's")).category == "B"


@pytest.mark.parametrize(
    "text",
    [
        "ICP now controlled with Camino bolt; Posey mitts on per restraint order.",
        "Interpreter: ASL interpreter in person. Follow-up: ID OPAT clinic 2 weeks.",
        "Pacer turned to backup VVI 50 per CT surgery. Census 10/12 beds.",
        "RT and ICU resident at bedside within 2 min. Open abdomen with Abthera VAC.",
        "Long-term care, unresponsive.\nPatient's values: per wife and sons, no machines.",
        "Pt's older sister, neurocritical care attending, neurosurgery NP present.",
    ],
)
def test_devices_services_and_settings_of_an_icu_are_no_identifiers(text: str) -> None:
    for recase in EVERY_CASE:
        assert scan(recase(text)) == [], recase(text)


def test_a_month_alone_is_asked_about_and_a_dated_month_blocks() -> None:
    asked = scan("Hopes to see her grandson graduate in June.")
    assert [(f.category, f.confidence) for f in asked] == [("C", "low")]
    dated = scan("Symptoms began in mid-June after the trip.")
    assert [(f.category, f.confidence) for f in dated] == [("C", "high")]


def test_a_generic_hospital_of_a_named_region_is_a_place() -> None:
    text = "She is a respiratory therapist at Children's Hospital of the Rockies."
    assert the_finding(text, "Children's Hospital of the Rockies").category == "B"


def test_an_associates_practice_of_a_town_is_a_place() -> None:
    text = "Follows with pulm at Pulmonary Associates of Newton for asthma."
    assert the_finding(text, "Pulmonary Associates of Newton").category == "B"

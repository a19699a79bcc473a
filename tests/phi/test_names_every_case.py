"""Names found by their context in any letter case, and clinical shorthand left alone."""

from __future__ import annotations

import pytest

from casecrowd.phi import lexicon, scan
from casecrowd.phi.rules_names import ROLES, TITLE_WORDS


def _names(text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.confidence) for f in scan(text) if f.category == "A"]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Patient: FOLEY, Bridget    MRN 20448817", "FOLEY, Bridget"),
        ("Hematology consult Bell, Harriet, requested today", "Bell, Harriet"),
        ("Garcia, Maria was seen in clinic.", "Garcia, Maria"),
        ("Assistant: K. Obuya, PA-C", "K. Obuya"),
        ("Note signed by J. Smith, RN at 0700.", "J. Smith"),
        ("Plan reviewed with Kalani (RN) overnight.", "Kalani"),
        ("Anush (dtr) informed, she asked about moving", "Anush"),
        ("Overnight we paged Foley about the drain.", "Foley"),
        ("The wound was treated by Okonkwo last week.", "Okonkwo"),
        ("Hunter was her nurse for the whole stay.", "Hunter"),
        ("Priya, 6 years old, new-onset absence seizures.", "Priya"),
        ("Sign-out: Siosaia Taufa 35M, necrotizing fasciitis.", "Siosaia Taufa"),
        ('Pt: Rosario "Chayo" Mendoza referred for transplant.', 'Rosario "Chayo" Mendoza'),
        ("Results per Dr.Whitfield this morning.", "Dr.Whitfield"),
        ("Will (the patient) is a 16M with rhabdo.", "Will"),
        ("0700 pt Will Baker remains intubated", "Will Baker"),
        ("Mrs. Foley (Imogen) 78F s/p inferior STEMI", "Mrs. Foley (Imogen)"),
        ("1u PRBC per PA Rourke, post 8.3.", "PA Rourke"),
        ("discharge summary Olusegun Bakare   MRN 0091567", "Olusegun Bakare"),
        ("restraint per policy (officer pruitt, officer dunn)", "dunn"),
        ("His teammate, Viliami, performed CPR.", "Viliami"),
        ("case mgr rhonda says the bed is approved", "rhonda"),
        ("f/u joslin 3/22 w/ np delacroix", "delacroix"),
        ("Seen by NP Delacroix today.", "Delacroix"),
        ("We saw Okafor in clinic; met with Joyce and her husband.", "Okafor"),
        ("The paperwork. Harpreet Sandhu, 41, long-haul trucker.", "Harpreet Sandhu"),
    ],
)
def test_a_name_is_found_by_its_context(text: str, excerpt: str) -> None:
    start = text.index(excerpt)
    found = [f for f in scan(text) if f.category == "A"]
    assert any(f.start <= start and f.end >= start + len(excerpt) for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Levo 0.1, Vaso 0.04, Prop 20, Fent 50; Nitro gtt off; Lido patch; Temp wire in.",
        "Two 19 Fr Blake drains placed; a 56 Fr Bougie was passed by anesthesia.",
        "Azure XT DR MRI, serial number on the card.",
        "Le Fort III osteotomy planned with plastics.",
        "See Carevue for vitals.",
        "Exam: PERRL, MAE. Heparin gtt per nomogram.",
        "Hyponatremia, Na 118, in an elderly woman.",
        "Scalp flap reflected with Raney clips; Penfield dissectors; Hohmann retractors.",
        "C.O. 4.2, G.U. normal, H.O. aware.",
        "Vitamin D. Home PT with Otago program.",
        "Brought in by EMS. Driver, 33M, GCS 14, seatbelt sign.",
        "Seattle Heart Failure Model 1-year mortality 18%.",
        "Ref MD: attending on call.",
        "short PR 100 ms. EPS showed a left lateral pathway",
        "Child-Pugh C. Paracentesis every 10 days.",
        "Originally seen in Oxford, MS. In-situ repair planned.",
        "catheter-directed tPA via bilat PA catheters",
        "PA cath: RA 14, PA 58/30, wedge 22.",
        "Note by respiratory, RRT, Vocera ext on the board.",
        "1:1 sitter, Section 12 signed by psychiatry.",
        "Saw improvement in the LE; saw no change in the rash.",
        "She is Brazilian, 34, a nurse; Na, 128, then 131.",
        "Tonsils 4+ (Brodsky); Hertel 24 mm; Rummel vessel loops; del Nido cardioplegia.",
        "Sleeve gastrectomy under GETA; TBI w/ DAI; systemic JIA; surfactant via LISA.",
        "Brugada pattern at 37 °C. Ajmaline was not available.",
        "The NG put out 1.8 L in the first 6 h. Gastrografin reached the colon.",
        "Drinks 6-8 beers daily per ED note; discussed with IR, planned for tonight.",
        "Requested by: ED attending\nReason: RLQ pain, rule out appendicitis.",
        "Insulin gtt 4 units/hr. Plan per endo: when AG closed give glargine.",
        "POD 0 Whipple, 71F: MAP goal >65. S/p Nissen, 64M, doing well.",
        "Predicted mortality 35%. ALDEN score for lamotrigine 6 (very probable).",
        "Saw de Winter T waves in a 56F last week.",
        "Thanks - nephrology fellow, Midwest",
        "Glioblastoma, IDH wild-type, MGMT unmethylated.",
        "He plays tennis in Arizona summers and sweats a lot.",
        "Laparoscopic Heller myotomy with Dor fundoplication.",
        "Our attending wouldn't. The nurse didn't mention it; per RN flowsheet, RASS -1.",
        "Discussed with neuro-ophthalmology attending; our biller says add it.",
        "This week:\n- Monday: 64F, A1C 8.9, prior CABG.",
        "MALDI-TOF grew F. necrophorum; T. whipplei PCR of duodenal tissue positive.",
        "The V sign of Naclerio; left medial visceral rotation (Mattox); leaning hemi.",
        "HLA-B*58:01 done, he's of Han Chinese descent; single-site Crescent/Avalon.",
        "Edge dissection, no geographic miss.\nFinal result: 0% residual, TIMI 3 flow.",
        "Tattooed 3 cm distal with Spot (India ink-based) in 2 quadrants.",
        "Nucleus divided with a Chang chopper; IOL cross-checked with Kane and SRK/T.",
        "FICA: F - strong; I - high. MOI: 19 yo M unrestrained driver; +3 station, ROA.",
        "Pt on confidential/alias status per hospital policy; attending co-signature pending.",
        "Found unresponsive by night RN, pulseless, rhythm VF; Barbeau B; drop spiro to 12.5.",
        "His next question was whether a June wedding was still realistic.",
    ],
)
def test_clinical_shorthand_is_no_name(text: str) -> None:
    assert _names(text) == []
    assert _names(text.upper()) == []
    assert _names(text.lower()) == []


def test_last_first_spans_both_names_with_high_confidence() -> None:
    text = "Patient: FOLEY, Bridget    MRN 20448817"
    (found,) = [f for f in scan(text) if f.category == "A"]
    assert (text[found.start : found.end], found.confidence) == ("FOLEY, Bridget", "high")
    assert found.rule == "last-first-name"


def test_an_instrument_list_is_no_last_first_name() -> None:
    assert _names("Instruments: Kelly, Allis, Babcock and Metzenbaum scissors.") == []


def test_a_town_before_a_state_credential_is_a_place_not_a_name() -> None:
    found = scan("She lives in Bethesda, MD with her son.")
    assert [f.category for f in found] == ["B"]


def test_the_cue_words_of_the_recasing_stay_exported() -> None:
    assert {"Dr", "Mrs", "Prof"} <= TITLE_WORDS
    assert {"wife", "daughter", "dtr", "hcp", "proxy", "attending", "rn", "np"} <= ROLES


def test_every_clinical_vocabulary_file_counts() -> None:
    terms = lexicon.clinical_terms()
    assert {"levo", "metzenbaum", "bovie", "raney", "bougie"} <= terms
    assert "micu" in terms  # from data/clinical_acronyms.txt


def test_an_instrument_or_a_suture_named_for_a_surgeon_is_no_name() -> None:
    text = (
        "Metzenbaum scissors; Penfield dissector; Freer elevator; Frazier suction; "
        "Veress needle; Hasson trocar; Lembert sutures; Connell stitch; Roux limb; Bier block."
    )
    assert _names(text) == []
    assert _names(text.upper()) == []
    assert _names(text.lower()) == []

"""The civility check: slurs, insults aimed at groups and harassment are found with
their exact spans; clinical look-alikes and swearing at a shift are not."""

from __future__ import annotations

import time
from importlib import resources as package_files

import pytest

from casecrowd.client.civility import CivilityFinding, find
from casecrowd.client.civility.check import CATEGORIES
from casecrowd.client.civility.lexicon import words
from tests.civility.score import DEV, rows, score

HELDOUT_1 = DEV.parent / "heldout-1.jsonl"
HELDOUT_2 = DEV.parent / "heldout-2.jsonl"


def _only(text: str) -> CivilityFinding:
    (finding,) = find({"body": text})
    return finding


@pytest.mark.parametrize(
    ("text", "excerpt", "category"),
    [
        ("honestly what a faggot", "faggot", "slur"),
        ("the wetbacks in bay 3 again", "wetbacks", "slur"),
        ("nurses are lazy, every single night", "nurses are lazy", "group-insult"),
        ("those fucking immigrants", "fucking immigrants", "group-insult"),
        ("surgeons are arrogant pricks", "surgeons are arrogant pricks", "group-insult"),
        ("immigrants should be deported", "immigrants should be deported", "group-insult"),
        ("typical jew, counting every penny", "typical jew", "group-insult"),
        ("read the guideline. you're an idiot", "you're an idiot", "harassment"),
        ("kys", "kys", "harassment"),
        ("I know where you work, doc", "I know where you work", "harassment"),
        ("people like you should not practise", "people like you should", "harassment"),
        ("shut up you worthless little prick.", "you worthless little prick", "harassment"),
        ("my attending is a moron", "my attending is a moron", "harassment"),
    ],
)
def test_each_category_fires_with_its_exact_span(text, excerpt, category):
    finding = _only(text)
    assert (finding.excerpt, finding.category) == (excerpt, category)
    assert text[finding.start : finding.end] == excerpt
    assert finding.category in CATEGORIES


@pytest.mark.parametrize(
    "text",
    [
        "congenital hypothyroidism, cretinism in the older literature",
        "spastic diplegia, GMFCS II, baclofen",
        "idiot savant presentation in ASD",
        "XR: bone age retarded by 2 yrs; retarded bone age fits constitutional delay",
        "mongolian spots over the sacrum, not NAI",
        "coxsackie A16, classic HFMD",
        "Dick test is only of historical interest",
        "smokes 20 fags a day, wants to cut down",
        "back from a fag break",
        "6yo spayed bitch with pyometra, vet referred",
        "deaf and dumb since birth, BSL interpreter booked",
        "mental nerve block for the lip laceration",
        "Kuntscher nail removed in 2019",
        "Aspergillus niger in the sputum; substantia nigra on the DaT scan",
        "he is a pig farmer, ?strep suis",
        "incompetent cervix, cerclage at 14 wks",
        "patients are incompetent to consent when delirious",
        "pts shouldn't be allowed to drive for 6 months after a first seizure",
        "typical angina; the typical patient is a 60yo smoker",
        "exposures: dogs, cats, rats.",
        "you're a star, thanks for covering",
    ],
)
def test_clinical_look_alikes_are_not_findings(text):
    assert find({"body": text}) == []


@pytest.mark.parametrize(
    "text",
    [
        "this fucking EHR crashed again",
        "what a shit shift",
        "fuck this, 3 arrests and no break",
        "damn, crap, the pager again",
        "the new glucometers, they are useless",
    ],
)
def test_swearing_not_aimed_at_anyone_is_not_a_finding(text):
    assert find({"body": text}) == []


def test_quoted_words_after_a_reporting_word_are_someone_elses():
    assert find({"body": "pt called the HCA a 'p*ki', datix filed"}) == []
    assert find({"body": 'son shouted "you fucking idiot" at the nurse'}) == []
    assert _only("lol 'retard' is the right word for them").excerpt == "retard"


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [("f4g", "f4g"), ("n1gger", "n1gger"), ("sp4z", "sp4z"), ("f*g", "f*g"), ("faaaag", "faaaag")],
)
def test_simple_disguises_are_seen_through(text, excerpt):
    assert _only(f"lol {text} lol").excerpt == excerpt


def test_disguises_do_not_loosen_the_words():
    assert find({"body": "woop woop, discharged. Niger trip, fever."}) == []


def test_offsets_hold_in_every_field_in_field_order():
    texts = {
        "title": "Rash ?SJS",
        "body": "Day 3.\nNurses are lazy here.",
        "question": "what now, moron?  you\u2019re an idiot",
    }
    found = find(texts)
    assert [f.field for f in found] == ["body", "question", "question"]
    for finding in found:
        assert texts[finding.field][finding.start : finding.end] == finding.excerpt
    assert found[-1].excerpt == "you\u2019re an idiot"  # the original apostrophe is kept


def test_empty_input_has_no_findings():
    assert find({}) == []
    assert find({"body": "", "title": "   "}) == []


def test_data_files_load_from_the_installed_package():
    data = package_files.files("casecrowd.client.civility").joinpath("data")
    assert data.joinpath("NOTICE.md").is_file()
    assert "MIT License" in data.joinpath("NOTICE.md").read_text("utf-8")
    assert "nigger" in words("slurs.txt")
    assert "nurses" in words("groups.txt")


def test_a_long_draft_is_checked_quickly():
    find({"body": "warm-up"})
    draft = "pt with fever and rash, hx of smoking, on metformin; you idiot. " * 300
    started = time.perf_counter()
    assert len(find({"body": draft})) == 300
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("you absolute thicko, stop posting", "harassment"),
        ("that stupid cunt from bed management hung up", "harassment"),
        ("the schizo in bay 2 again", "harassment"),
        ("hey fatty, gym maybe", "harassment"),
        ("scumbag. snake. liar.", "harassment"),
        ("nice try love, ask your husband to explain the ECG", "harassment"),
        ("go back to paeds where you belong", "harassment"),
        ("would be a shame if people turned up at your door", "harassment"),
        ("I'm sending your real name and hospital to the papers", "harassment"),
        ("your kids go to the school on the hill, don't they", "harassment"),
        ("I'll complain until they suspend you", "harassment"),
        ("hope your next pt dies", "harassment"),
        ("told it to undress, the trans pt", "harassment"),
        ("all Nigerian doctors bought their degrees", "group-insult"),
        ("the Irish pts are always drunk", "group-insult"),
        ("refugees in the hotel are animals", "group-insult"),
        ("the homeless are vermin", "group-insult"),
        ("immigrants are draining the NHS", "group-insult"),
        ("female registrars are only good for making tea", "group-insult"),
        ("these people always exaggerate", "group-insult"),
        ("typical muslim family, no respect", "group-insult"),
        ("these gypsies breed like rabbits", "group-insult"),
        ("like the rest of his tribe", "group-insult"),
        ("(((them))) again", "group-insult"),
        ("great replacement is real", "group-insult"),
    ],
)
def test_name_calling_generalisations_threats_and_dog_whistles_fire(text, category):
    assert {f.category for f in find({"body": text})} == {category}


@pytest.mark.parametrize(
    "text",
    [
        "tranny went on the Corsa, late for his appt",
        "Jap encephalitis vaccine before the trip",
        "SPIKES is fine for breaking bad news",
        "classroom taunts like 'spaz' came up at school",
        "'Jap' appears in the old chart",
        "bitten by a snake on holiday, antivenom given",
        "sharp scratch, small prick",
        "pussy discharge from the wound",
        "schizo-affective disorder, on clozapine",
        "this insurance denial is a bloody disgrace",
        "the homeless are at high risk of TB",
        "unless you stop the statin, the myalgia persists",
        "thanks love, see you tomorrow",
        "the idiot savant case from last week",
        "the slag heap near the old mine",
        "F1s are always late to handover, needs a rota fix",
    ],
)
def test_look_alikes_of_the_new_rules_are_not_findings(text):
    assert find({"body": text}) == []


def test_shouted_slurs_are_not_read_as_acronyms():
    assert _only("NIGGERS").category == "slur"


def test_development_set_scores_do_not_regress():
    result = score(rows(DEV))
    assert result.ordinary == 120 and result.hostile == 60
    assert result.false_fire_rate <= 0.02
    assert result.hit_rate >= 0.93


def test_first_held_out_set_scores_do_not_regress():
    result = score(rows(HELDOUT_1))
    assert result.ordinary == 200 and result.hostile == 100
    assert result.false_fire_rate <= 0.02
    assert result.hit_rate >= 0.90


def test_second_held_out_set_does_not_fall_below_its_first_score():
    """Scored once, after the last change to the rules: 5/200 false fires, 46/100 hits."""
    result = score(rows(HELDOUT_2))
    assert result.ordinary == 200 and result.hostile == 100
    assert result.false_fire_rate <= 0.025
    assert result.hit_rate >= 0.46

"""Facilities by brand or shape, places no list names, and regions that are not PHI."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan

from .test_scanner import findings_for, the_finding


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        # a health-system brand after "at/to/from", with a place, or with a facility word
        ("She was seen at Mercy in Joplin last year.", "Mercy in Joplin"),
        ("He was seen at Mercy overnight.", "Mercy"),
        ("Admitted to Presbyterian overnight.", "Presbyterian"),
        ("Splenectomy at Baptist Health Louisville?", "Baptist Health Louisville"),
        ("Dialysis at Fresenius Kidney Care Hoboken.", "Fresenius Kidney Care Hoboken"),
        ("Originally presented to Baptist Memorial in Oxford.", "Baptist Memorial in Oxford"),
        ("Transplant evaluation at Duke was declined.", "Duke"),
        ("Dialyzes at DaVita three times a week.", "DaVita"),
        ("Followed at UPMC for years.", "UPMC"),
        # brands of several words anywhere
        ("Her OB at Sacred Heart wants labetalol.", "Sacred Heart"),
        ("Referred to Kaiser Permanente last spring.", "Kaiser Permanente"),
        # a name before a facility word, saints, "Our Lady", a town's VA
        ("Removed by GI at Rady Children's.", "Rady Children's"),
        ("Seen at Wills Eye on a Friday.", "Wills Eye"),
        ("She moved from Children's of Alabama.", "Children's of Alabama"),
        ("Admitted to Children's Minnesota.", "Children's Minnesota"),
        ("Transferred from Lake Cumberland Regional.", "Lake Cumberland Regional"),
        ("Seen at Marquette General.", "Marquette General"),
        ("A stay at Our Lady of Lourdes in Lafayette.", "Our Lady of Lourdes in Lafayette"),
        ("Sees Dr. Okafor at the Hines VA monthly.", "Hines VA"),
        ("A sophomore at UC Davis with mania.", "UC Davis"),
    ],
)
def test_finds_a_facility(text: str, excerpt: str) -> None:
    found = the_finding(text, excerpt)
    assert found.category == "B"
    assert found.confidence == "high"


def test_a_brand_that_is_no_everyday_word_alone_is_a_possible_facility() -> None:
    found = the_finding("Her Kaiser card was in the wallet.", "Kaiser")
    assert (found.category, found.confidence) == ("B", "low")


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("After a trip to Belize City he had an ulcer.", "Belize City"),
        ("Family arriving from Ft. Myers tonight.", "Ft. Myers"),
        ("He fishes near Horseshoe Beach in summer.", "Horseshoe Beach"),
        ("Brought by EMS from 63rd and Halsted.", "63rd and Halsted"),
        ("Found at the corner of Maple and Vine.", "Maple and Vine"),
        ("The Walmart on Rangeline Rd was where he fell.", "Rangeline Rd"),
        ("Lives near Togiak with her sister.", "Togiak"),
        ("He is from Ciudad Juarez originally.", "Ciudad Juarez"),
        ("Returned from Port-au-Prince with fever.", "Port-au-Prince"),
        ("Seen at the VA in Togus last week.", "Togus"),
    ],
)
def test_finds_a_place_no_street_or_city_rule_lists(text: str, excerpt: str) -> None:
    assert the_finding(text, excerpt).category == "B"


@pytest.mark.parametrize(
    "text",
    [
        "Back from Mexico last week; returned from India with fever; a trip to Peru.",
        "Travelled to Southeast Asia and West Africa. Lives in New England.",
        "She speaks Spanish and Tagalog; he is a Southern Baptist and a Methodist deacon.",
        "Ottawa ankle rules negative; San Francisco syncope rule positive.",
        "Canadian CT Head Rule positive; Kansas City cardiomyopathy questionnaire 38.",
        "Prague C2M5 Barrett's; Montreal A2 L3 B2; Hurley III; St. Gallen consensus.",
        "Lake Louise criteria met; Rift Valley fever; Jamestown Canyon virus.",
        "Recurrent Falls: a geriatric syndrome.",
        "Transferred from Neurology to Medicine; moved to Memory Care; came from Triage.",
        "Admitted to Internal Medicine; Peritoneal Dialysis failed; Endocrine Clinic follow-up.",
        "A Good Samaritan did CPR; the Mayo score was 9; Duke criteria with 2 major.",
        "Improvement in Hgb; rise in Cr; published in Lancet; enrolled in Medicaid.",
        "Christmas disease is hemophilia B; an Easter egg sign; a Christmas tree bladder.",
    ],
)
def test_leaves_regions_peoples_and_named_instruments_alone(text: str) -> None:
    assert findings_for(text) == []


def test_a_listed_town_with_a_state_abbreviation_still_needs_it_to_be_a_state() -> None:
    assert the_finding("Lives in Joplin MO 64801.", "Joplin").rule == "city-state"
    assert [f for f in scan("The Canadian CT Head Rule applies.") if f.category == "B"] == []

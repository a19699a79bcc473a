"""Where a differential put the final diagnosis."""

from __future__ import annotations

from casecrowd.diagnoses.scoring import rank_of


def dx(*names: str | tuple[str, str]) -> list[dict]:
    return [
        {"diagnosis": name[0], "code": name[1]} if isinstance(name, tuple) else {"diagnosis": name}
        for name in names
    ]


STILL = {"diagnosis": "Adult-onset Still's disease", "code": "M06.1"}


def test_a_hit_at_the_first_rank():
    assert rank_of(dx(("AOSD", "M06.1"), "Lymphoma"), STILL) == 1


def test_a_hit_at_the_third_rank():
    assert rank_of(dx("Lymphoma", "Sepsis", ("AOSD", "M06.1")), STILL) == 3


def test_a_miss():
    assert rank_of(dx("Lymphoma", "Sepsis"), STILL) is None
    assert rank_of([], STILL) is None


def test_the_first_matching_item_counts():
    assert rank_of(dx("Sepsis", "Still disease", ("AOSD", "M06.1")), STILL) == 2


def test_a_hit_by_code_ancestry_either_way():
    final_child = {"diagnosis": "PD", "code": "G20.A1"}
    assert rank_of(dx("Lymphoma", ("PD", "G20")), final_child) == 2
    assert rank_of(dx(("PD", "G20.A1")), {"diagnosis": "Parkinson disease", "code": "G20"}) == 1


def test_a_sibling_code_is_a_miss():
    assert rank_of(dx(("PD", "G20.A2")), {"diagnosis": "PD", "code": "G20.A1"}) is None


def test_a_hit_by_text_merging():
    assert rank_of(dx("Lymphoma", "Still disease"), STILL) == 2
    assert rank_of(dx(("AOSD", "M06.1")), {"diagnosis": "Still disease"}) == 1
    assert rank_of(dx("Kikuchi disease"), {"diagnosis": "Kikuchi-Fujimoto disease"}) == 1


def test_text_naming_a_code_hits_the_coded_final():
    assert rank_of(dx("Sepsis", "Parkinson's disease"), {"diagnosis": "PD", "code": "G20"}) == 2


def test_an_ambiguous_text_is_a_miss():
    # "Still disease" could be the adult or the juvenile form the differential also names.
    differential = dx("Juvenile Still disease", "Still disease")
    assert rank_of(differential, STILL) is None

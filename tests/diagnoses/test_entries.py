"""An answer's differential as the forum indexes it."""

from __future__ import annotations

from casecrowd.diagnoses.entries import entries_of, search_text


def test_entries_keep_rank_text_the_code_sent_and_the_key():
    differential = [
        {"diagnosis": "AOSD", "code": "M06.1", "note": "ferritin"},
        {"diagnosis": "Parkinson disease", "note": ""},
        {"diagnosis": "Kikuchi disease", "note": ""},
    ]
    assert entries_of(differential) == [
        (1, "AOSD", "M06.1", "icd:M06.1"),
        (2, "Parkinson disease", None, "icd:G20"),
        (3, "Kikuchi disease", None, "text:kikuchi"),
    ]
    assert entries_of([]) == []


def test_search_text_holds_diagnoses_descriptions_and_codes_once():
    differential = [
        {"diagnosis": "Parkinson disease"},
        {"diagnosis": "PD", "code": "G20"},
        {"diagnosis": "Kikuchi disease", "note": "never indexed"},
    ]
    assert search_text(differential).split("\n") == [
        "Parkinson disease",
        "Parkinson's disease",
        "G20",
        "PD",
        "Kikuchi disease",
    ]
    assert search_text([]) == ""

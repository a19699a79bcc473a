"""The detector: the writer's own voice fires, clinical writing about patients does not."""

from __future__ import annotations

import pytest

from casecrowd.client.crisis import Mention, mentions

FIRST_PERSON = [
    "I want to die",
    "I've been thinking about ending it",
    "sometimes I think everyone would be better off without me",
    "I stockpiled my pills",
    "kms",
    "I keep thinking about killing myself",
    "I\u2019ve been thinking about ending it",  # a curly apostrophe, as phones type it
]
CLINICAL = [
    "pt presented with SI after an overdose",
    "assess suicidal ideation",
    "self-harm history: cutting at 15",
    'Pt states "I want to kill myself" and has a plan.',
    "Patient states I want to die, per triage note.",
    "She said everyone would be better off without her.",
    "I worry she'll want to die once she hears the diagnosis.",
    "I ran 5 kms before clinic.",
    "I'm thinking about ending it with my partner.",
    "This rota is killing me.",
]


@pytest.mark.parametrize("text", FIRST_PERSON)
def test_first_person_distress_is_found(text):
    assert mentions({"body": text})


@pytest.mark.parametrize("text", CLINICAL)
def test_clinical_and_ordinary_text_is_not(text):
    assert mentions({"body": text}) == []


def test_spans_point_into_the_field_they_came_from():
    texts = {"title": "Fevers and a rash", "body": "Long week. I want to die.\nAnyway: AOSD?"}
    (found,) = mentions(texts)
    assert isinstance(found, Mention) and found.field == "body"
    assert texts["body"][found.start : found.end] == found.excerpt
    assert "want to die" in found.excerpt


def test_every_field_is_read():
    found = mentions({"presentation": "kms", "question": "I keep thinking about killing myself"})
    assert [m.field for m in found] == ["presentation", "question"]


def test_curly_apostrophes_keep_offsets():
    text = "Honestly I\u2019ve been thinking about ending it."
    (found,) = mentions({"body": text})
    assert text[found.start : found.end] == found.excerpt and "\u2019" in found.excerpt

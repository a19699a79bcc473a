"""The forum's PHI policy: high findings block, low ones block until acknowledged."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from flask import Flask
from marshmallow import ValidationError

from casecrowd.forum.errors import PhiDetected
from casecrowd.forum.service.phi_guard import screen
from casecrowd.phi import scan
from casecrowd.phi.policy import Acknowledgement, span_hash
from casecrowd.problems import PROBLEM_JSON, handle_domain_error
from casecrowd.protocol.phi_ack import acknowledgement_schema

CLEAN = {"presentation": "67-year-old man, BP 148/92, grade 2/6 murmur.", "question": "CABG?"}
# "Kowalczyk" alone is only a possible name (low); the phone number is certain (high).
LOW_ONLY = {"history": "Later Kowalczyk called about the results."}
HIGH = {"history": "Call (614) 555-0187 with the echo.", "question": "Seen by Dr. Okafor."}


def ack_for(fields: dict[str, str]) -> list[Acknowledgement]:
    acks = []
    for text in fields.values():
        for item in scan(text):
            acks.append(Acknowledgement(item.rule, span_hash(item.excerpt(text))))
    return acks


def test_clean_fields_pass_with_nothing_to_keep() -> None:
    assert screen(CLEAN, []) == []


def test_high_findings_block_and_list_each_one() -> None:
    with pytest.raises(PhiDetected) as caught:
        screen(HIGH, [])
    findings = caught.value.extra["findings"]
    assert {(f["field"], f["excerpt"]) for f in findings} == {
        ("history", "(614) 555-0187"),
        ("question", "Dr. Okafor"),
    }
    phone = next(f for f in findings if f["field"] == "history")
    assert phone["category"] == "D"
    assert phone["category_name"] == "Telephone numbers"
    assert phone["confidence"] == "high"
    assert HIGH["history"][phone["start"] : phone["end"]] == "(614) 555-0187"
    assert phone["span_hash"] == span_hash("(614) 555-0187")
    assert set(phone) == {
        "field",
        "category",
        "category_name",
        "rule",
        "confidence",
        "start",
        "end",
        "excerpt",
        "suggestion",
        "span_hash",
    }


def test_acknowledging_a_high_finding_does_not_unblock_it() -> None:
    with pytest.raises(PhiDetected) as caught:
        screen(HIGH, ack_for(HIGH))
    assert len(caught.value.extra["findings"]) == 2


def test_unacknowledged_low_finding_blocks() -> None:
    with pytest.raises(PhiDetected) as caught:
        screen(LOW_ONLY, [])
    (finding,) = caught.value.extra["findings"]
    assert (finding["rule"], finding["confidence"]) == ("possible-name", "low")


def test_acknowledged_low_finding_is_kept_without_its_text() -> None:
    kept = screen(LOW_ONLY, ack_for(LOW_ONLY))
    assert kept == [
        {
            "field": "history",
            "rule": "possible-name",
            "category": "A",
            "span_hash": span_hash("Kowalczyk"),
        }
    ]
    assert "Kowalczyk" not in str(kept)


@pytest.mark.parametrize(
    "wrong",
    [
        Acknowledgement("possible-name", span_hash("Kowalczik")),  # another span
        Acknowledgement("possible-city", span_hash("Kowalczyk")),  # another rule
        Acknowledgement("possible-name", span_hash("Kowalczyk").upper()),  # not the hex we send
    ],
)
def test_an_acknowledgement_must_match_rule_and_span(wrong: Acknowledgement) -> None:
    with pytest.raises(PhiDetected):
        screen(LOW_ONLY, [wrong])


def test_one_unacknowledged_finding_blocks_everything() -> None:
    fields = {**LOW_ONLY, "question": "Any advice from Brzezinski?"}
    with pytest.raises(PhiDetected) as caught:
        screen(fields, ack_for(LOW_ONLY))
    assert [f["field"] for f in caught.value.extra["findings"]] == ["question"]


def test_span_hash_is_sha256_of_nfc_text() -> None:
    decomposed = "Zoe\u0308"  # "Zoë" with a combining diaeresis
    composed = unicodedata.normalize("NFC", decomposed)
    assert span_hash(decomposed) == span_hash(composed)
    assert span_hash(composed) == hashlib.sha256(composed.encode()).hexdigest()


def test_acknowledgement_schema_loads_an_envelope_item() -> None:
    digest = span_hash("Kowalczyk")
    loaded = acknowledgement_schema.load({"rule": "possible-name", "span": digest})
    assert loaded == Acknowledgement("possible-name", digest)


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"span": "0" * 64}, "rule"),
        ({"rule": "possible-name"}, "span"),
        ({"rule": "possible-name", "span": "abc"}, "span"),
        ({"rule": "possible-name", "span": "G" * 64}, "span"),
        ({"rule": "Possible Name!", "span": "0" * 64}, "rule"),
        ({"rule": "x" * 65, "span": "0" * 64}, "rule"),
        ({"rule": 7, "span": "0" * 64}, "rule"),
        ({"rule": "possible-name", "span": "0" * 64, "excerpt": "Kowalczyk"}, "excerpt"),
    ],
)
def test_acknowledgement_schema_rejects_bad_items(item: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        acknowledgement_schema.load(item)
    assert field in caught.value.messages


def test_blocked_submission_is_a_422_problem_with_the_findings(app: Flask) -> None:
    with pytest.raises(PhiDetected) as caught:
        screen(HIGH, [])
    with app.app_context():
        response = handle_domain_error(caught.value)
    body = response.get_json()
    assert response.status_code == 422
    assert response.mimetype == PROBLEM_JSON
    assert body["type"] == "urn:casecrowd:problem:phi-detected"
    assert body["status"] == 422
    assert len(body["findings"]) == 2
    # The detail is ours; the author's words appear only in the findings list.
    assert "Okafor" not in body["detail"] and "555" not in body["detail"]

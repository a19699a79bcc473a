"""The crisis panel through the real CLI: shown to the author, never to the forum.

Every request the client makes is recorded at its HTTP layer. A post whose text
speaks of suicide must produce exactly the requests an ordinary post produces:
same paths, same headers, same members, values differing only where two ordinary
posts differ from each other (nonces, signatures, times) and in the text itself.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from tests.client.support import CASE_MARKDOWN

DISTRESS = "I keep thinking about killing myself."
ORDINARY = "I keep thinking about the differential."
TEXT = "<the post's text>"
CLINICAL_CASE = CASE_MARKDOWN.replace(
    "No travel. No new medications.",
    "Admitted after an overdose; pt endorses suicidal ideation. Self-harm history: cutting"
    ' at 15. She said "I want to die" on arrival; suicide risk assessed as high.',
)


# Three comments in a row: room for them under the forum's limits.
BUSY = {"forum": {"limits": {"new_pseudonym_days": 0, "posts": "1000/minute"}}}


@pytest.fixture
def server(served: Any) -> Any:
    return served(BUSY)


@pytest.fixture
def traffic(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every request any requests session sends from now on (the client's HTTP layer,
    :class:`ApiClient`, sends through one): method, URL and all it carried."""
    sent: list[dict[str, Any]] = []
    original = requests.Session.request

    def recording(self: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
        carried = {k: v for k, v in kwargs.items() if k != "timeout"}
        sent.append({"method": method, "url": url, **carried, "session": dict(self.headers)})
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", recording)
    return sent


def _opened(value: Any, text: str) -> Any:
    """``value`` with JSON inside strings parsed (a signed envelope) and ``text`` marked."""
    if isinstance(value, dict):
        return {key: _opened(item, text) for key, item in value.items()}
    if isinstance(value, list):
        return [_opened(item, text) for item in value]
    if isinstance(value, str):
        if value == text:
            return TEXT
        if value[:1] in "{[":
            try:
                return _opened(json.loads(value), text)
            except ValueError:
                return value
    return value


def _same_shape(control: Any, other_control: Any, candidate: Any, where: str = "") -> None:
    """``candidate`` equals the controls wherever they agree, and where they differ
    (random or timed values) has the same type and length."""
    if isinstance(control, dict):
        assert isinstance(candidate, dict) and sorted(candidate) == sorted(control), where
        for key in control:
            _same_shape(control[key], other_control[key], candidate[key], f"{where}.{key}")
    elif isinstance(control, list):
        assert isinstance(candidate, list) and len(candidate) == len(control), where
        for n, item in enumerate(control):
            _same_shape(item, other_control[n], candidate[n], f"{where}[{n}]")
    elif control == other_control:
        assert candidate == control, where
    else:
        assert type(candidate) is type(control), where
        assert len(str(candidate)) == len(str(control)), where


def _comment(author: Any, case_id: int, text: str, traffic: list[dict[str, Any]]) -> tuple:
    del traffic[:]
    result = author.run("comment", "--case", case_id, text, "--json")
    assert result.exit_code == 0, result.stderr
    return result, [_opened(request, text) for request in traffic]


def test_the_panel_is_shown_and_the_post_still_made(author, case_id, traffic):
    result, _ = _comment(author, case_id, DISTRESS, traffic)
    assert "Support, if you need it" in result.stderr
    assert "Physician Support Line" in result.stderr and "116 123" in result.stderr
    assert "does not see that this panel was shown" in result.stderr
    posted = json.loads(result.stdout)  # stdout is still exactly the verb's document
    assert "Support" not in result.stdout
    comments = author.json("case", "show", case_id)["comments"]
    assert [(c["id"], c["body"]) for c in comments] == [(posted["comment_id"], DISTRESS)]


def test_the_forum_cannot_tell_the_panel_was_shown(author, case_id, traffic):
    ordinary, before = _comment(author, case_id, ORDINARY, traffic)
    distress, during = _comment(author, case_id, DISTRESS, traffic)
    _, after = _comment(author, case_id, ORDINARY, traffic)
    assert "Support, if you need it" in distress.stderr
    assert "Support, if you need it" not in ordinary.stderr
    assert before and [r["method"] for r in during] == [r["method"] for r in before]
    _same_shape(before, after, during)
    assert sorted(json.loads(distress.stdout)) == sorted(json.loads(ordinary.stdout))


def test_an_answer_shows_the_panel_in_a_human_console(author, case_id, traffic):
    result = author.run("answer", case_id, "Honestly I want to die. Consider AOSD anyway.")
    assert result.exit_code == 0, result.stderr
    assert "Support, if you need it" in result.stderr
    assert "Support, if you need it" not in result.stdout


def test_a_clinical_case_about_a_suicidal_patient_shows_no_panel(author, traffic):
    result = author.run("case", "new", "--file", author.write_case(CLINICAL_CASE, "si.md"))
    assert result.exit_code == 0, result.stderr
    assert "Support, if you need it" not in result.stderr + result.stdout


def test_support_makes_no_request_at_all(author, traffic):
    shown = author.run("support")
    assert shown.exit_code == 0, shown.stderr
    assert "Samaritans" in shown.stdout and "Lifeline Australia" in shown.stdout
    document = author.json("support")
    assert {r["country"] for r in document["resources"]} >= {"US", "UK", "IE", "CA", "AU"}
    assert all(r["source"].startswith("https://") for r in document["resources"])
    assert traffic == []

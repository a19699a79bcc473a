"""Reading a case from Markdown or TOML, and the client's own checks of its fields."""

from __future__ import annotations

import pytest

from casecrowd.client import case_input
from casecrowd.client.case_input import from_markdown, normalise, read_case_file
from casecrowd.client.errors import ClientError, ExitCode
from casecrowd.protocol import cases
from tests.client.support import CASE_MARKDOWN
from tests.conftest import PROJECT_ROOT


def test_markdown_sections_become_fields():
    case = normalise(from_markdown(CASE_MARKDOWN))
    assert case["title"] == "Recurrent fevers with a migratory rash"
    assert (case["age"], case["sex"]) == (34, "female")
    assert case["tags"] == ["rheumatology", "infectious-disease"]
    assert case["history"] == "No travel. No new medications."
    assert case["question"] == "What else should be excluded before treating?"


def test_a_section_keeps_its_own_markdown_whole():
    text = CASE_MARKDOWN.replace(
        "No travel. No new medications.",
        "- No travel\n- Takes **no** medications\n\n```\n# not a heading\n```",
    )
    history = from_markdown(text)["history"]
    assert history == "- No travel\n- Takes **no** medications\n\n```\n# not a heading\n```"


def test_metadata_may_be_a_list():
    text = CASE_MARKDOWN.replace("Age: 34\nSex: female", "- age: 34\n- sex: Female")
    assert normalise(from_markdown(text))["sex"] == "female"


def test_metadata_may_be_in_bold():
    text = CASE_MARKDOWN.replace("Age: 34\nSex: female", "**Age:** 34  \n- **Sex**: female")
    case = normalise(from_markdown(text))
    assert (case["age"], case["sex"]) == (34, "female")


def test_a_misplaced_line_is_told_where_it_goes():
    text = CASE_MARKDOWN.replace("Age: 34", "A 34-year-old woman")
    with pytest.raises(ClientError) as raised:
        from_markdown(text)
    message = str(raised.value)
    assert "between the # title and the first ## section" in message
    assert "## Presentation, ## History, ## Examination, ## Investigations, ## Question" in message


def test_the_shipped_example_is_a_complete_case():
    case = normalise(read_case_file(PROJECT_ROOT / "examples" / "case.md"))
    assert set(case) == set(case_input.CASE_FIELDS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("## Question", "## Plan"), "unknown section '## Plan'"),
        (("Age: 34", "Patient is 34"), "line 3: 'Patient is 34' is not an 'Age:', 'Sex:' or"),
        (("# Recurrent", "Seen last week.\n\n# Recurrent"), "line 1: 'Seen last week.'"),
        (("# Recurrent", "# One\n\n# Recurrent"), "more than one # title"),
        (("Age: 34", "Age: thirty"), "whole years"),
        (("Age: 34", "Age: -3"), "must not be negative"),
        (("## Question\nWhat else should be excluded before treating?", ""), "lacks question"),
    ],
)
def test_markdown_mistakes_are_named(change, message):
    text = CASE_MARKDOWN.replace(*change)
    with pytest.raises(ClientError, match=message) as raised:
        normalise(from_markdown(text))
    assert raised.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(("age", "sent"), [(89, 89), (90, "90+"), (104, "90+"), ("90+", "90+")])
def test_ages_over_89_are_aggregated(age, sent):
    assert normalise({**from_markdown(CASE_MARKDOWN), "age": age})["age"] == sent


def test_toml_files(tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(
        'title = "A title"\nage = 5\nsex = "male"\ntags = ["paediatrics"]\n'
        'presentation = "Fever."\nquestion = "Why?"\n'
    )
    assert normalise(read_case_file(path))["tags"] == ["paediatrics"]
    path.write_text('title = "A title"\nunknown = 1\n')
    with pytest.raises(ClientError, match="unknown case field"):
        normalise(read_case_file(path))
    path.write_text("title = \n")
    with pytest.raises(ClientError, match="not valid TOML"):
        read_case_file(path)


def test_an_edit_may_give_few_fields():
    assert normalise({"question": " New? "}, partial=True) == {"question": "New?"}
    with pytest.raises(ClientError, match="lacks"):
        normalise({"question": "New?"})


def test_a_missing_file(tmp_path):
    with pytest.raises(ClientError, match="cannot read"):
        read_case_file(tmp_path / "absent.md")


def test_the_client_knows_the_same_case_fields_as_the_forum():
    # The client imports nothing of the forum (it speaks HTTP); both take the
    # case vocabulary from the protocol they share.
    assert case_input.CASE_FIELDS == cases.CASE_FIELDS
    required = {name for name, field in cases.CaseFieldsSchema().fields.items() if field.required}
    assert set(case_input.REQUIRED) == required

"""A case as the author writes it: a Markdown or TOML file, or fields from the command line.

Markdown: the ``#`` heading is the title, ``Key: value`` lines between it and the first
``##`` give age, sex and tags, and each ``##`` section is a field::

    # Recurrent fevers with a migratory rash
    Age: 34
    Sex: female
    Tags: rheumatology, infectious-disease

    ## Presentation
    Three months of evening fevers ...

    ## Question
    What else should be excluded before treating?

TOML: the same names as keys (``tags`` a list of strings). Values are checked only
as far as the client must (an age over 89 becomes "90+"); the forum validates the rest
and names any field it refuses. ``examples/case.md`` is a complete case and
``docs/case-file.md`` describes the format for authors.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from casecrowd.client.errors import ClientError, ExitCode
from casecrowd.protocol.cases import CASE_FIELDS
from casecrowd.protocol.cases import REQUIRED_CASE_FIELDS as REQUIRED
from casecrowd.protocol.fields import AGGREGATED_AGE, OLDEST_EXACT_AGE

META_FIELDS = ("age", "sex", "tags")
SECTIONS = ("presentation", "history", "examination", "investigations", "question")
OPTIONAL = tuple(name for name in CASE_FIELDS if name not in REQUIRED)


def _section_list() -> str:
    return ", ".join("## " + name.capitalize() for name in SECTIONS)


FORMAT_SUMMARY = (
    "A Markdown case file has a '# Title' line; then 'Age: 34', 'Sex: female' and"
    f" 'Tags: cardiology, nephrology' lines; then the sections {_section_list()}"
    f" ({', '.join(OPTIONAL)} optional). A .toml file uses the same names as keys."
)


def input_error(message: str) -> ClientError:
    return ClientError(message, exit_code=ExitCode.USAGE)


def normalise_age(value: Any) -> int | str:
    """Whole years, or "90+" for any age over 89 (45 CFR 164.514(b)(2)(i)(C))."""
    text = str(value).strip()
    if text == AGGREGATED_AGE:
        return text
    try:
        years = int(text)
    except ValueError:
        raise input_error('age must be whole years or "90+"') from None
    if years < 0:
        raise input_error("age must not be negative")
    return AGGREGATED_AGE if years > OLDEST_EXACT_AGE else years


def normalise_tags(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(item).strip().lower() for item in items if str(item).strip()]


def normalise(fields: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Known fields only, age and tags in the forum's form; all required ones unless partial."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise input_error(f"unknown case field(s): {', '.join(sorted(unknown))}")
    case = {name: value for name, value in fields.items() if value not in (None, "", [], ())}
    if "age" in case:
        case["age"] = normalise_age(case["age"])
    if "tags" in case:
        case["tags"] = normalise_tags(case["tags"])
    if "sex" in case:
        case["sex"] = str(case["sex"]).strip().lower()
    for name in SECTIONS + ("title",):
        if name in case:
            case[name] = str(case[name]).strip()
    missing = [name for name in REQUIRED if name not in case]
    if missing and not partial:
        raise input_error(f"the case lacks {', '.join(missing)}")
    return case


def from_toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise input_error(f"not valid TOML: {exc}") from None


def from_markdown(text: str) -> dict[str, Any]:
    lines = text.splitlines()
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [
        (index, token)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag in ("h1", "h2")
    ]
    fields: dict[str, Any] = {}
    first_section_line = len(lines)
    for position, (index, token) in enumerate(headings):
        name = tokens[index + 1].content.strip()
        start = token.map[1] if token.map else 0
        following = headings[position + 1][1].map if position + 1 < len(headings) else None
        end = following[0] if following else len(lines)
        if token.tag == "h1":
            if "title" in fields:
                raise input_error("the Markdown has more than one # title")
            fields["title"] = name
            continue
        first_section_line = min(first_section_line, token.map[0] if token.map else 0)
        key = name.lower()
        if key not in SECTIONS:
            raise input_error(f"unknown section '## {name}'; the sections are {_section_list()}")
        fields[key] = "\n".join(lines[start:end]).strip()
    title_lines = {
        line
        for _, token in headings
        if token.tag == "h1" and token.map
        for line in range(token.map[0], token.map[1])
    }
    for number, line in enumerate(lines[:first_section_line], start=1):
        if number - 1 in title_lines:
            continue
        stripped = line.strip().lstrip("-*").strip()
        if not stripped:
            continue
        key, sep, value = stripped.partition(":")
        # "**Age:** 34" and "**Age**: 34" are how many people write such a line.
        key, value = key.strip(" *_").lower(), value.strip(" *_")
        if not sep or key not in META_FIELDS:
            raise input_error(
                f"line {number}: {line.strip()!r} is not an 'Age:', 'Sex:' or 'Tags:' line,"
                " the only lines that go between the # title and the first ## section;"
                f" other text goes under a section ({_section_list()})"
            )
        fields[key] = value
    return fields


def read_case_file(path: Path) -> dict[str, Any]:
    """Fields of a case from ``path`` (``.toml``, else Markdown), not yet normalised."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise input_error(f"cannot read {path}: {exc}") from None
    return from_toml(text) if Path(path).suffix.lower() == ".toml" else from_markdown(text)

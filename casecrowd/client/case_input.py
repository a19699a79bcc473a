"""A case as the author writes it: a Markdown or TOML file, or fields from the command line.

Markdown: the ``#`` heading is the title, ``Key: value`` lines before the first ``##``
give age, sex and tags, and each ``##`` section is a field::

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
and names any field it refuses.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from casecrowd.client.errors import ClientError, ExitCode

CASE_FIELDS = (
    "title",
    "age",
    "sex",
    "tags",
    "presentation",
    "history",
    "examination",
    "investigations",
    "question",
)
REQUIRED = ("title", "age", "sex", "tags", "presentation", "question")
META_FIELDS = ("age", "sex", "tags")
SECTIONS = ("presentation", "history", "examination", "investigations", "question")
OLDEST_EXACT_AGE = 89  # Safe Harbor: ages over 89 are aggregated as "90+"


def input_error(message: str) -> ClientError:
    return ClientError(message, exit_code=ExitCode.USAGE)


def normalise_age(value: Any) -> int | str:
    """Whole years, or "90+" for any age over 89 (45 CFR 164.514(b)(2)(i)(C))."""
    text = str(value).strip()
    if text == "90+":
        return text
    try:
        years = int(text)
    except ValueError:
        raise input_error('age must be whole years or "90+"') from None
    if years < 0:
        raise input_error("age must not be negative")
    return "90+" if years > OLDEST_EXACT_AGE else years


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
            raise input_error(f"unknown section '## {name}'; sections are {', '.join(SECTIONS)}")
        fields[key] = "\n".join(lines[start:end]).strip()
    title_end = headings[0][1].map[1] if headings and headings[0][1].tag == "h1" else 0
    for line in lines[title_end:first_section_line]:
        stripped = line.strip().lstrip("-*").strip()
        if not stripped:
            continue
        key, sep, value = stripped.partition(":")
        if not sep or key.strip().lower() not in META_FIELDS:
            raise input_error(f"before the first section only {', '.join(META_FIELDS)} lines go")
        fields[key.strip().lower()] = value.strip()
    return fields


def read_case_file(path: Path) -> dict[str, Any]:
    """Fields of a case from ``path`` (``.toml``, else Markdown), not yet normalised."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise input_error(f"cannot read {path}: {exc}") from None
    return from_toml(text) if Path(path).suffix.lower() == ".toml" else from_markdown(text)

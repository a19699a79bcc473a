"""base64url: written padded (or not, on request), read strictly in either form."""

from __future__ import annotations

import pytest

from casecrowd.crypto import base64url
from casecrowd.crypto.errors import MalformedInput


@pytest.mark.parametrize("size", range(7))
def test_round_trip_padded_and_unpadded(size: int) -> None:
    data = bytes((251 + i) % 256 for i in range(size))  # every padding case, 0 to 2 "="
    padded = base64url.encode(data)
    assert len(padded) % 4 == 0
    assert base64url.decode(padded, "x") == data
    unpadded = base64url.encode(data, padded=False)
    assert "=" not in unpadded
    assert base64url.decode(unpadded, "x") == data


def test_uses_the_url_safe_alphabet() -> None:
    assert base64url.encode(b"\xfb\xff\xbf") == "-_-_"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+/+/", "not base64url"),
        ("AA AA", "not base64url"),
        ("AAAA\n", "not base64url"),
        ("A", "not base64url"),
        ("AAAAA", "not base64url"),
        ("A=AA", "not base64url"),
        ("AA=", "padding"),
        ("AAA==", "padding"),
        ("AA===", "padding"),
        ("AB", "not canonical"),
        ("AAB", "not canonical"),
        ("AB==", "not canonical"),
    ],
)
def test_refuses_anything_but_one_spelling_per_value(text: str, message: str) -> None:
    with pytest.raises(MalformedInput, match=f"the value .*{message}"):
        base64url.decode(text, "the value")


def test_refuses_non_strings() -> None:
    with pytest.raises(MalformedInput, match="must be a base64url string"):
        base64url.decode(b"AAAA", "the value")

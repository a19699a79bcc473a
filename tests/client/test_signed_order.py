"""Which of one key's votes counts in a recount: the forum's order, never the listing's."""

from __future__ import annotations

from casecrowd.protocol.votes import signed_order


def test_the_later_signed_time_counts_whatever_the_envelope_ids():
    earlier = {"created": "2026-12-02T10:00:00.000Z", "id": "zzzz"}
    later = {"created": "2026-12-02T10:00:00.001Z", "id": "aaaa"}
    assert max([earlier, later], key=signed_order) is later
    assert max([later, earlier], key=signed_order) is later


def test_at_the_same_signed_time_the_greater_envelope_id_counts_in_either_order():
    first = {"created": "2026-12-02T10:00:00.000Z", "id": "aaaa"}
    second = {"created": "2026-12-02T10:00:00Z", "id": "bbbb"}
    assert max([first, second], key=signed_order) is second
    assert max([second, first], key=signed_order) is second

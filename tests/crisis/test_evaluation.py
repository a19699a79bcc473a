"""Precision and recall floors on the labelled set (figures in :mod:`tests.crisis.evalset`)."""

from __future__ import annotations

from tests.crisis.evalset import labelled, score


def test_the_development_set_is_large_enough_and_both_kinds_are_there():
    rows = labelled("distress", "clinical")
    assert sum(1 for _, wanted in rows if wanted) >= 60
    assert sum(1 for _, wanted in rows if not wanted) >= 100


def test_development_set_floors():
    result = score(labelled("distress", "clinical"))
    assert result.precision >= 0.95, result
    assert result.recall >= 0.95, result


def test_sealed_set_floors():
    # Never tuned against: lower floors, and the clinical texts must stay quiet.
    result = score(labelled("sealed_distress", "sealed_clinical"))
    assert result.precision >= 0.9, result
    assert result.recall >= 0.55, result

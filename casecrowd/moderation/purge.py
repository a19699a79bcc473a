"""The PHI purge (work in progress)."""

from __future__ import annotations


def purge_target(target_kind: str, target_id: int, log_seq: int) -> None:
    raise NotImplementedError

"""Every column of both databases that holds a time: what its rows are tied to, how fine it is.

Nothing here names a table or a column of the schema except the two anchors a time
could be joined through (a membership, a pseudonym): the tables are reflected from
the databases, so a column added tomorrow is audited tomorrow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from casecrowd.audit.precision import Precision, measure, names_time
from casecrowd.desk.models import Membership
from casecrowd.forum.models import Pseudonym

MEMBERSHIP, PSEUDONYM = "membership", "pseudonym"
ANCHORS = {Membership.__tablename__: MEMBERSHIP, Pseudonym.__tablename__: PSEUDONYM}


@dataclass(frozen=True)
class TimeColumn:
    bind: str
    table: str
    column: str
    sql_type: str
    tied_to: tuple[str, ...]  # MEMBERSHIP and/or PSEUDONYM, or empty
    precision: Precision
    assumed: bool  # no value was stored in the run: the type or name decided
    values: int
    written_during: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"


def time_kind(column: sa.Column) -> str | None:
    """``"datetime"``, ``"date"``, ``"integer"``, ``"string"``, or None for no time."""
    type_ = column.type
    if isinstance(type_, sa.DateTime):
        return "datetime"
    if isinstance(type_, sa.Date):
        return "date"
    if not names_time(column.name):
        return None
    if isinstance(type_, sa.Integer):
        return "integer"
    if isinstance(type_, sa.String):
        return "string"
    return None


def _referred_table(fk: sa.ForeignKey) -> str:
    return fk.target_fullname.rsplit(".", 1)[0].split(".")[-1]


def ties(metadatas: Iterable[sa.MetaData]) -> dict[str, tuple[str, ...]]:
    """Table name -> the anchors its rows belong to.

    A table is tied to an anchor if it is the anchor or reaches it through foreign
    keys, or if it holds a column named like one that refers to the anchor elsewhere
    (``membership_id`` in a database that cannot hold the foreign key).
    """
    tables = [table for metadata in metadatas for table in metadata.tables.values()]
    refers = {t.name: {_referred_table(fk) for fk in t.foreign_keys} for t in tables}
    link_names: dict[str, set[str]] = {anchor: set() for anchor in ANCHORS}
    for table in tables:
        for fk in table.foreign_keys:
            if _referred_table(fk) in ANCHORS:
                link_names[_referred_table(fk)].add(fk.parent.name)
    result = {}
    for table in tables:
        reached = _reachable(table.name, refers)
        names = {column.name for column in table.columns}
        tied = {
            ANCHORS[anchor] for anchor in ANCHORS if anchor in reached or link_names[anchor] & names
        }
        result[table.name] = tuple(sorted(tied))
    return result


def _reachable(start: str, refers: Mapping[str, set[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in refers.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def classify(
    bind: str,
    table: sa.Table,
    rows: list[Mapping[str, object]],
    tied_to: tuple[str, ...],
    now_micros: int,
    written: Mapping[str, tuple[str, ...]] | None = None,
) -> list[TimeColumn]:
    """The time columns of one reflected table, measured on ``rows`` (raw driver values)."""
    found = []
    for column in table.columns:
        kind = time_kind(column)
        if kind is None:
            continue
        values = [row[column.name] for row in rows if row.get(column.name) is not None]
        precision, assumed = measure(column.name, kind, values, now_micros)
        found.append(
            TimeColumn(
                bind,
                table.name,
                column.name,
                type(column.type).__name__,
                tied_to,
                precision,
                assumed,
                len(values),
                (written or {}).get(column.name, ()),
            )
        )
    return found

"""Rows that are no person (hamlet rows, subtotals) set aside before the stages clean people,
and put back in their place, marked, when the rows are written.

A hamlet row names the hamlet of the people below it, up to the next hamlet row or subtotal:
it fills the street/hamlet part of their address where that is empty, logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from dataclean.reading.row_kinds import row_kind
from dataclean.schema import audit
from dataclean.schema.row_kinds import GROUP, PERSON

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)
KIND, GROUP_LABEL = "row_kind", "group_label"


@dataclass
class RowSplit:
    people: pl.LazyFrame  # the person rows, with ``group_label`` when the list has hamlet rows
    others: pl.DataFrame  # the other rows, as read, with ``row_kind`` (few: held in memory)
    events: pl.LazyFrame  # the hamlet filled in from the hamlet rows


def split_rows(lf: pl.LazyFrame, columns: list[str], roles: dict[str, str]) -> RowSplit:
    """The person rows and the others (one look at the rows finds the others)."""
    kind = row_kind(columns, roles)
    others = (
        lf.filter(kind != PERSON.code).with_columns(kind.alias(KIND)).collect(engine="streaming")
    )
    if others.height == 0:
        return RowSplit(lf, others, audit.no_events().lazy())
    people = lf.filter(~pl.col("__row").is_in(others["__row"].implode()))
    groups = others.select(
        "__row",
        pl.when(pl.col(KIND) == GROUP.code).then(pl.coalesce(pl.col(c) for c in columns)),
    ).to_series(1)
    if groups.null_count() == groups.len():
        return RowSplit(people, others, audit.no_events().lazy())
    # The last hamlet row or subtotal above each person: a subtotal ends its hamlet.
    above = pl.lit(others["__row"]).search_sorted(pl.col("__row"), side="right").cast(pl.Int64) - 1
    label = pl.when(above >= 0).then(pl.lit(groups.str.strip_chars()).gather(above.clip(0)))
    people = people.with_columns(label.alias(GROUP_LABEL))
    people, events = _fill_street(people, roles)
    return RowSplit(people, others, events)


def _fill_street(lf: pl.LazyFrame, roles: dict[str, str]) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The street/hamlet column, where empty, from the hamlet row above (a table with only a
    free-text address gets it in its new address instead, see :mod:`pipeline.units`)."""
    street = roles.get("street")
    if street is None:
        return lf, audit.no_events().lazy()
    new = pl.coalesce(pl.col(street), pl.col(GROUP_LABEL))
    why = pl.concat_str(
        [pl.lit("thôn/tổ theo dòng nhóm phía trên (the hamlet row above): "), pl.col(GROUP_LABEL)]
    )
    events = audit.changes(lf, street, new, "group_row", why)
    return lf.with_columns(new.alias(street)), events


def with_other_rows(people: Frame, others: pl.DataFrame) -> Frame:
    """The person rows and the others together, in sheet order; ``row_kind`` says which is
    which (a list without other rows gets no such column)."""
    if others.height == 0:
        return people
    schema = people.collect_schema()
    aligned = others.select(
        (pl.col(c) if c in others.columns else pl.lit(None)).cast(dtype).alias(c)
        for c, dtype in schema.items()
        if c != KIND
    ).with_columns(others[KIND])
    people = people.with_columns(pl.lit(PERSON.code).alias(KIND))
    if isinstance(people, pl.LazyFrame):
        return people.merge_sorted(aligned.lazy(), key="__row")
    return pl.concat([people, aligned]).sort("__row")

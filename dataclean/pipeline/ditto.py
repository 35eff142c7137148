"""Ditto marks ("Như trên", "nt", "-nt-") take the value of the row above, logged.

Registers copied by hand write "như trên" rather than the same address again. Resolved as
they stand, such cells are unresolved addresses and empty names. Only a whole cell is a mark;
the first row has nothing above it and keeps its mark.
"""

from __future__ import annotations

import polars as pl

from dataclean.schema import audit

# A whole cell that says "as above": "Như trên", "như trên (chủ hộ)", "nt", "-nt-", "n.t".
DITTO_PATTERN = r"(?i)^\s*[-–]?\s*(như\s+trên|nhu\s+tren|n\.?\s?t\.?)(\s*\([^)]*\))?\s*[-–]?\s*$"
WHY = "Như trên: lấy giá trị dòng trên (ditto mark: the value of the row above)"
WHY_SAME_ROW = "Như trên: chỗ ở hiện nay là nơi thường trú (ditto mark: the permanent address)"


def fill_in(
    lf: pl.LazyFrame, columns: list[str], same_row: dict[str, pl.Expr] | None = None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Each ditto mark in ``columns`` (those found to hold marks) replaced by the
    value above it, with its events; in a column of ``same_row``, by that expression over the
    same row instead (the current address "như trên" is the permanent one beside it)."""
    if not columns:
        return lf, audit.no_events().lazy()
    same_row = same_row or {}
    fixes, events = [], []
    for column in columns:
        if column in same_row:
            continue
        mark = is_ditto(column)
        # The nearest row above that is no mark, even where its cell is blank: "nt" under a
        # blank cell says blank, never a value from further up the list.
        here = pl.int_range(pl.len(), dtype=pl.Int64)
        source = pl.when(mark).then(None).otherwise(here).forward_fill()
        above = pl.col(column).gather(source.fill_null(here))
        new = pl.when(mark).then(above).otherwise(pl.col(column))
        fixes.append(new.alias(column))
        events.append(audit.changes(lf, column, new, "ditto", WHY))
    lf = lf.with_columns(fixes)
    # After the rows above are filled in: the permanent address may itself be a mark.
    beside = []
    for column in (c for c in columns if c in same_row):
        new = pl.when(is_ditto(column)).then(same_row[column]).otherwise(pl.col(column))
        events.append(audit.changes(lf, column, new, "ditto", WHY_SAME_ROW))
        beside.append(new.alias(column))
    return lf.with_columns(beside), audit.concat(events)


def is_ditto(column: str) -> pl.Expr:
    """Whether each cell of ``column`` is a ditto mark (never null)."""
    return pl.col(column).str.contains(DITTO_PATTERN).fill_null(False)

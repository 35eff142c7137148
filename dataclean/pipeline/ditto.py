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


def marked(column: str) -> pl.Expr:
    """Whether any cell of ``column`` is a ditto mark (for the stage's one look at the data)."""
    return pl.col(column).str.contains(DITTO_PATTERN).fill_null(False).any().alias(column)


def fill_in(lf: pl.LazyFrame, columns: list[str]) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Each ditto mark in ``columns`` (those :func:`marked` found marks in) replaced by the
    value above it, with its events."""
    if not columns:
        return lf, audit.no_events().lazy()
    fixes, events = [], []
    for column in columns:
        is_ditto = pl.col(column).str.contains(DITTO_PATTERN).fill_null(False)
        # The nearest row above that is no mark, even where its cell is blank: "nt" under a
        # blank cell says blank, never a value from further up the list.
        here = pl.int_range(pl.len(), dtype=pl.Int64)
        source = pl.when(is_ditto).then(None).otherwise(here).forward_fill()
        above = pl.col(column).gather(source.fill_null(here))
        new = pl.when(is_ditto).then(above).otherwise(pl.col(column))
        fixes.append(new.alias(column))
        events.append(audit.changes(lf, column, new, "ditto", WHY))
    return lf.with_columns(fixes), audit.concat(events)

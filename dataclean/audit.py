"""Audit events: one row per changed cell, with the rule and the reason.

Every stage returns its events beside its frame. They are built with polars from the column
before and after, never row by row.
"""

from __future__ import annotations

import polars as pl

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64,  # row number in the original sheet
    "column": pl.String,
    "old": pl.String,
    "new": pl.String,
    "rule": pl.String,
    "reason": pl.String,
}


def no_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def changes(
    before: pl.DataFrame,
    after: pl.DataFrame,
    column: str,
    rule: str,
    reason: pl.Expr | str,
) -> pl.DataFrame:
    """Events for the cells of ``column`` that differ between two frames of the same rows.

    ``reason`` is a text, or an expression evaluated on ``after`` (e.g. a reason column).
    """
    old = before.get_column(column).cast(pl.String)
    frame = after.select(
        pl.col("__row").cast(pl.Int64).alias("row"),
        pl.lit(column).alias("column"),
        old.alias("old"),
        pl.col(column).cast(pl.String).alias("new"),
        pl.lit(rule).alias("rule"),
        (pl.lit(reason) if isinstance(reason, str) else reason).cast(pl.String).alias("reason"),
    )
    return frame.filter(pl.col("old").ne_missing(pl.col("new")))


def concat(events: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [e for e in events if e.height]
    return pl.concat(frames) if frames else no_events()

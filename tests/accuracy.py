"""Score resolved rows against a generator's ground truth (shared by tests and bench)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

CONFIDENT = ("exact", "matched", "already_new")


def load_truth(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False).with_columns(
        pl.col("sheet_row").cast(pl.Int64), pl.col("candidates").fill_null("")
    )


def score(resolved: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    """Truth joined to results on the sheet row, with ``correct`` and ``silently_wrong``."""
    j = truth.rename({"candidates": "expect_candidates"}).join(
        resolved.select(
            pl.col("__row").alias("sheet_row"),
            "unit_status",
            "new_commune_code",
            pl.col("candidate_codes").list.sort().list.join(" ").alias("got_candidates"),
        ),
        on="sheet_row",
        how="left",
    )
    kind, status = pl.col("kind"), pl.col("unit_status")
    got = pl.col("got_candidates").fill_null("")
    expected = pl.col("expect_candidates")
    correct = (
        pl.when(kind.is_in(["whole", "island", "new"]))
        .then(pl.col("new_commune_code") == pl.col("expect_code"))
        .when(kind.is_in(["split", "disputed"]))
        .then((status == kind) & (got == expected))
        .when(kind == "ambiguous")
        .then(
            (status == "unresolved")
            & expected.str.split(" ").list.set_difference(got.str.split(" ")).list.len().eq(0)
        )
        .otherwise(False)
        .fill_null(False)
    )
    return j.with_columns(correct.alias("correct")).with_columns(
        (~pl.col("correct") & status.is_in(CONFIDENT)).alias("silently_wrong")
    )


def summary(scored: pl.DataFrame) -> pl.DataFrame:
    return (
        scored.group_by("kind")
        .agg(
            pl.len().alias("rows"),
            pl.col("correct").mean().alias("correct"),
            pl.col("silently_wrong").sum().alias("silently_wrong"),
        )
        .sort("kind")
    )

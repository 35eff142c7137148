"""The cleaned table's schema (pandera), and the words an official reads when a row fails it.

The schema says what a valid row is: each field rule's verdict, a CCCD that agrees with the
gender and year of birth beside it, and no CCCD twice in a file. pandera finds the failing
rows; a failure never drops a row: it is marked ``invalid`` with its checks in plain words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from dataclean.schema.columns import OTHER_PROBLEMS, PROBLEM_PREFIX, SHARED_ID

if TYPE_CHECKING:
    import pandera.polars as pa

VALID, INVALID = "valid", "invalid"
CONFLICT = "__conflict_id"


def _pandera():
    # Imported when first used (pandera brings pandas: half a second), so that a run can load
    # it beside the reading of its file; see :mod:`dataclean.runtime.warm_up`.
    import pandera.polars as pa

    return pa


def _no_problem(role: str) -> pa.Check:
    pa = _pandera()
    return pa.Check(lambda data: data.lazyframe.select(pl.col(data.key).is_null()),
                    name=f"{role}_valid", error=f"{role}: giá trị không hợp lệ")  # fmt: skip


def schema(frame: pl.DataFrame, roles: dict[str, str]) -> pa.DataFrameSchema:
    """The schema of a cleaned table whose fields have these roles (role -> column label)."""
    pa = _pandera()
    columns: dict[str, Any] = {}
    for role, label in roles.items():
        if role in ("name", "dob", "gender", "id", "phone") and label in frame.columns:
            columns[label] = pa.Column(pl.String, nullable=True, unique=role == "id")
    for column in frame.columns:
        if column.startswith(PROBLEM_PREFIX) or column == CONFLICT:
            columns[column] = pa.Column(
                pl.String, nullable=True, checks=_no_problem(column.removeprefix(PROBLEM_PREFIX))
            )
    return pa.DataFrameSchema(columns, name="dataclean cleaned table")


def validate(checked: pl.DataFrame, roles: dict[str, str]) -> pl.DataFrame:
    """``__row``, ``data_status`` (valid/invalid), ``data_problems`` (plain words), and the
    helpers ``OTHER_PROBLEMS`` and ``SHARED_ID`` (see :mod:`dataclean.schema.columns`).

    ``checked`` holds ``__row``, the fields and the rules' problem columns; it is narrow, so a
    table streamed from a large file is validated without holding its other columns.
    """
    pa = _pandera()
    try:
        schema(checked, roles).validate(checked, lazy=True)
        failures = pl.DataFrame(
            schema={"index": pl.Int64, "message": pl.String, "shared": pl.Boolean}
        )
    except pa.errors.SchemaErrors as errors:
        failures = _messages(errors.failure_cases, checked, roles)
    per_row = failures.group_by("index").agg(
        pl.col("message").unique(maintain_order=True).str.join("; ").alias("data_problems"),
        pl.col("message")
        .filter(~pl.col("shared"))
        .unique(maintain_order=True)
        .str.join("; ")
        .alias(OTHER_PROBLEMS),
        pl.col("shared").any().alias(SHARED_ID),
    )
    return (
        checked.select("__row")
        .with_row_index("index")
        .with_columns(pl.col("index").cast(pl.Int64))
        .join(per_row, on="index", how="left", maintain_order="left")
        .select(
            "__row",
            pl.when(pl.col("data_problems").is_null())
            .then(pl.lit(VALID))
            .otherwise(pl.lit(INVALID))
            .alias("data_status"),
            "data_problems",
            pl.when(pl.col(OTHER_PROBLEMS) != "")
            .then(pl.col(OTHER_PROBLEMS))
            .alias(OTHER_PROBLEMS),
            pl.col(SHARED_ID).fill_null(False),
        )
    )


def _messages(cases: pl.DataFrame, frame: pl.DataFrame, roles: dict[str, str]) -> pl.DataFrame:
    """Row index and message for each failure pandera found."""
    cases = cases.filter(pl.col("index").is_not_null()).with_columns(pl.col("index").cast(pl.Int64))
    # A rule's verdict is the failure case itself: the problem text of that cell.
    is_verdict = pl.col("column").str.starts_with(PROBLEM_PREFIX) | (pl.col("column") == CONFLICT)
    verdicts = cases.filter(is_verdict).select(
        "index", pl.col("failure_case").alias("message"), pl.lit(False).alias("shared")
    )
    duplicate = cases.filter(pl.col("check") == "field_uniqueness")
    if duplicate.height and "id" in roles:
        rows = frame.select(pl.col("__row"), pl.col(roles["id"]).alias("id")).with_row_index(
            "index"
        )
        where = rows.group_by("id").agg(pl.col("__row").cast(pl.String).str.join(", ").alias("at"))
        duplicate = (
            duplicate.select("index")
            .join(rows.with_columns(pl.col("index").cast(pl.Int64)), on="index")
            .join(where, on="id")
            .select(
                "index",
                pl.concat_str(
                    [pl.lit("Số CCCD "), pl.col("id"), pl.lit(" có ở các dòng "), pl.col("at"),
                     pl.lit(" (the same ID on several rows)")]
                ).alias("message"),
                pl.lit(True).alias("shared"),
            )
        )  # fmt: skip
    else:
        duplicate = duplicate.select(
            "index", pl.lit("trùng").alias("message"), pl.lit(True).alias("shared")
        )
    other = cases.filter(~is_verdict & (pl.col("check") != "field_uniqueness")).select(
        "index",
        pl.concat_str([pl.col("column"), pl.lit(": "), pl.col("check")]).alias("message"),
        pl.lit(False).alias("shared"),
    )
    return pl.concat([verdicts, duplicate, other])

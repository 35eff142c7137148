"""What dedupe adds to a cleaned table: per-row marks, the pairs for a person to read, and the
deduplicated table."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dataclean.dedupe.engines import Engine
from dataclean.dedupe.find import DedupeResult, Thresholds, find_duplicates
from dataclean.schema.columns import (
    MERGES_SHEET,
    OTHER_PROBLEMS,
    PAIR_HEADERS,
    REVIEW_SHEET,
    SHARED_ID,
)

_FIELDS = ("name", "dob", "gender", "id", "phone")


def _row_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("rid"), "__row")


def _numbered(df: pl.DataFrame, frame: pl.DataFrame, rid: str, name: str) -> pl.DataFrame:
    """``df`` with the row number of its ``rid`` column as ``name``."""
    numbers = _row_numbers(frame).rename({"rid": rid, "__row": name})
    return df.join(numbers, on=rid, how="left", maintain_order="left")


def mark_rows(frame: pl.DataFrame, result: DedupeResult) -> pl.DataFrame:
    """``frame`` with dup_cluster (the kept row's number), dup_status, dup_score, dup_review."""
    marks = _numbered(result.rows, frame, "survivor", "dup_cluster")
    review = _numbered(result.review, frame, "rid_l", "row_l")
    review = _numbered(review, frame, "rid_r", "row_r")
    partners = (
        pl.concat(
            [review.select(pl.col("rid_l").alias("rid"), pl.col("row_r").alias("other")),
             review.select(pl.col("rid_r").alias("rid"), pl.col("row_l").alias("other"))]
        )
        .group_by("rid")
        .agg(pl.col("other").sort().cast(pl.String).str.join(", ").alias("dup_review"))
    )  # fmt: skip
    marks = marks.join(partners, on="rid", how="left").sort("rid")
    row = frame["__row"]
    status = (
        pl.when(pl.col("dup_cluster").is_null())
        .then(None)
        .when(pl.col("__row") == pl.col("dup_cluster"))
        .then(pl.lit("giữ lại (kept)"))
        .otherwise(pl.concat_str([pl.lit("gộp vào dòng "), pl.col("dup_cluster").cast(pl.String)]))
    )
    marks = marks.with_columns(row.alias("__row")).with_columns(status.alias("dup_status"))
    return frame.with_columns(
        marks["dup_cluster"], marks["dup_status"], marks["best_score"].alias("dup_score"),
        marks["dup_review"],
    )  # fmt: skip


def pair_table(pairs: pl.DataFrame, frame: pl.DataFrame, roles: dict[str, str]) -> pl.DataFrame:
    """Pairs with both rows' numbers and names, the score and the evidence, for a person."""
    names = frame.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("rid"),
        "__row",
        (pl.col(roles["name"]) if "name" in roles else pl.lit(None, pl.String)).alias("name"),
    )
    left = names.rename({"rid": "rid_l", "__row": "row_a", "name": "name_a"})
    right = names.rename({"rid": "rid_r", "__row": "row_b", "name": "name_b"})
    return (
        pairs.join(left, on="rid_l")
        .join(right, on="rid_r")
        .select(
            "row_a", "name_a", "row_b", "name_b", "score", "evidence",
            pl.col("decision").alias("verdict"),
        )
        .sort("row_a", "row_b")
    )  # fmt: skip


def deduplicated(frame: pl.DataFrame, result: DedupeResult, roles: dict[str, str]) -> pl.DataFrame:
    """One row per resident: rows in no cluster as they are; for each cluster the kept row,
    its empty fields filled from its twins, and the rows it stands for (``merged_rows``)."""
    members = (
        result.kept.select("survivor", pl.col("members").alias("rid"))
        .explode("rid")
        .join(_row_numbers(frame), on="rid")
        .group_by("survivor")
        .agg(pl.col("__row").sort().cast(pl.String).str.join(", ").alias("merged_rows"))
    )
    sources = {"name": "name", "dob": "dob", "gender": "gender", "phone": "phone", "id": "id"}
    kept = result.kept.with_columns(pl.coalesce("cccd", "cmnd").alias("id")).join(
        members, on="survivor"
    )
    fills = kept.select(
        pl.col("survivor").alias("rid"),
        "merged_rows",
        *(pl.col(src).alias(f"__fill_{role}") for role, src in sources.items() if role in roles),
    )
    gone = set(kept["members"].explode().to_list()) - set(kept["survivor"].to_list())
    out = (
        frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("rid"))
        .filter(~pl.col("rid").is_in(sorted(gone)))
        .join(fills, on="rid", how="left", maintain_order="left")
    )
    return out.with_columns(
        pl.coalesce(pl.col(roles[r]), pl.col(f"__fill_{r}")).alias(roles[r])
        for r in _FIELDS
        if r in roles
    ).drop("rid", *(f"__fill_{r}" for r in _FIELDS if r in roles))


@dataclass
class Deduplicated:
    marked: pl.DataFrame  # every row, with the dup_* columns
    found: DedupeResult
    sheets: dict[str, pl.DataFrame]  # the merges, and the pairs to review with a decision column
    # (keyed by PAIR_HEADERS: the headers are put on when written, see :func:`headed`)
    kept: pl.DataFrame  # one row per resident


def deduplicate(
    frame: pl.DataFrame,
    roles: dict[str, str],
    thresholds: Thresholds | None = None,
    engine: Engine | None = None,
) -> Deduplicated:
    """Duplicates found in a cleaned table (scored on ``engine``, DuckDB by default), and
    everything written about them."""
    found = find_duplicates(frame, roles, thresholds, engine)
    marked = merged_ids_are_no_error(mark_rows(frame, found), roles)
    review = pair_table(found.review, marked, roles).with_columns(
        pl.lit(None, pl.String).alias("decision")
    )
    sheets = {MERGES_SHEET: pair_table(found.merged, marked, roles), REVIEW_SHEET: review}
    return Deduplicated(marked, found, sheets, deduplicated(marked, found, roles))


def merged_ids_are_no_error(marked: pl.DataFrame, roles: dict[str, str]) -> pl.DataFrame:
    """A CCCD shared only by rows merged as one person is no error: the check leaves such
    rows' problems, and a row it was the only problem of is valid (one count per problem)."""
    if SHARED_ID not in marked.columns or "id" not in roles:
        return marked
    cluster = pl.col("dup_cluster")
    one_person = (
        marked.filter(pl.col(roles["id"]).is_not_null())
        .group_by(roles["id"])
        .agg(((cluster.n_unique() == 1) & cluster.is_not_null().all()).alias("one"))
        .filter(pl.col("one"))[roles["id"]]
    )
    forgiven = pl.col(SHARED_ID) & pl.col(roles["id"]).is_in(one_person.implode())
    status = (
        pl.when(pl.col(OTHER_PROBLEMS).is_null()).then(pl.lit("valid")).otherwise(pl.lit("invalid"))
    )
    return marked.with_columns(
        pl.when(forgiven).then(status).otherwise(pl.col("data_status")).alias("data_status"),
        pl.when(forgiven)
        .then(pl.col(OTHER_PROBLEMS))
        .otherwise(pl.col("data_problems"))
        .alias("data_problems"),
    )


def headed(sheets: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The pair tables with the headers they have in the cleaned workbook."""
    return {name: df.rename(PAIR_HEADERS, strict=False) for name, df in sheets.items()}

"""Duplicate residents in a cleaned table: pairs, scores, clusters, survivors."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dataclean.dedupe.blocking import candidate_pairs
from dataclean.dedupe.clusters import clusters, survivors
from dataclean.dedupe.comparison import compare
from dataclean.dedupe.people import people_frame
from dataclean.dedupe.settings import Thresholds


@dataclass
class DedupeResult:
    rows: pl.DataFrame  # per row: rid, cluster_id, cluster_size, survivor, best_score
    pairs: pl.DataFrame  # every candidate pair compared: levels, score, evidence, decision
    kept: pl.DataFrame  # one record per cluster of two or more, gaps filled
    candidate_pairs: int
    skipped_blocks: dict[str, int]

    @property
    def merged(self) -> pl.DataFrame:
        return self.pairs.filter(pl.col("decision") == "merge")

    @property
    def review(self) -> pl.DataFrame:
        return self.pairs.filter(pl.col("decision") == "review")


# Pairs compared at a time: a million rows give millions of pairs, and each compared pair
# carries both records for a moment.
CHUNK = 1_000_000


def _decide(compared: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """The decision for each pair; the levels dropped, and the words kept where a person may
    read them: pairs merged or to review, and pairs of the same name kept apart."""
    decision = (
        pl.when(pl.col("score") >= thresholds.merge)
        .then(pl.lit("merge"))
        .when(pl.col("score") >= thresholds.review)
        .then(pl.lit("review"))
        .otherwise(pl.lit("distinct"))
    )
    same_name = pl.col("name").is_in(["exact", "same_without_marks"])
    return compared.with_columns(decision.alias("decision")).select(
        "rid_l",
        "rid_r",
        "score",
        pl.when((pl.col("decision") != "distinct") | same_name).then(pl.col("evidence")),
        "decision",
    )


def find_duplicates(
    cleaned: pl.DataFrame, roles: dict[str, str], thresholds: Thresholds | None = None
) -> DedupeResult:
    """Find the same resident listed more than once in ``cleaned`` (rows in order)."""
    thresholds = thresholds or Thresholds()
    people = people_frame(cleaned, roles)
    pairs, skipped = candidate_pairs(people)
    decided = pl.concat(
        [
            _decide(compare(pairs.slice(start, CHUNK), people), thresholds)
            for start in range(0, max(pairs.height, 1), CHUNK)
        ]
    )
    cluster_of, refused = clusters(
        people.height, decided.filter(pl.col("decision") == "merge"), people["cccd"].to_list()
    )
    if refused.height:  # two CCCDs would share a cluster: a person decides instead
        decided = (
            decided.join(
                refused.select("rid_l", "rid_r", pl.lit(True).alias("__refused")),
                on=["rid_l", "rid_r"],
                how="left",
            )
            .with_columns(
                pl.when(pl.col("__refused"))
                .then(pl.lit("review"))
                .otherwise("decision")
                .alias("decision")
            )
            .drop("__refused")
        )
    people = people.with_columns(pl.Series("cluster_id", cluster_of, dtype=pl.Int64))
    sizes = people.group_by("cluster_id").len().rename({"len": "cluster_size"})
    kept = survivors(people.join(sizes, on="cluster_id").filter(pl.col("cluster_size") > 1))
    best = pl.concat(
        [decided.select(pl.col("rid_l").alias("rid"), "score"),
         decided.select(pl.col("rid_r").alias("rid"), "score")]
    ).group_by("rid").agg(pl.col("score").max().alias("best_score"))  # fmt: skip
    rows = (
        people.select("rid", "cluster_id")
        .join(sizes, on="cluster_id", how="left")
        .join(kept.select("cluster_id", "survivor"), on="cluster_id", how="left")
        .join(best, on="rid", how="left")
        .sort("rid")
    )
    return DedupeResult(rows, decided, kept, pairs.height, skipped)

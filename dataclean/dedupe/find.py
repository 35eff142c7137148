"""Duplicate residents in a cleaned table: pairs, scores, clusters, survivors."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dataclean.dedupe.clusters import clusters, survivors
from dataclean.dedupe.engines import Engine
from dataclean.dedupe.people import people_frame
from dataclean.dedupe.scoring import score_pairs
from dataclean.dedupe.settings import Thresholds


@dataclass
class DedupeResult:
    rows: pl.DataFrame  # per row: rid, cluster_id, cluster_size, survivor, best_score
    pairs: pl.DataFrame  # the pairs merged or to review: levels, score, evidence, decision
    kept: pl.DataFrame  # one record per cluster of two or more, gaps filled
    candidate_pairs: int
    skipped_blocks: dict[str, int]

    @property
    def merged(self) -> pl.DataFrame:
        return self.pairs.filter(pl.col("decision") == "merge")

    @property
    def review(self) -> pl.DataFrame:
        return self.pairs.filter(pl.col("decision") == "review")


def find_duplicates(
    cleaned: pl.DataFrame,
    roles: dict[str, str],
    thresholds: Thresholds | None = None,
    engine: Engine | None = None,
) -> DedupeResult:
    """Find the same resident listed more than once in ``cleaned`` (rows in order); the
    pairs are scored on ``engine`` (DuckDB here by default, or Spark)."""
    thresholds = thresholds or Thresholds()
    people = people_frame(cleaned, roles)
    scored = score_pairs(people, thresholds, engine)
    merge = pl.col("score") >= thresholds.merge
    decision = pl.when(merge).then(pl.lit("merge")).otherwise(pl.lit("review"))
    decided = scored.pairs.select("rid_l", "rid_r", "score", "evidence", decision.alias("decision"))
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
    rows = (
        people.select("rid", "cluster_id")
        .join(sizes, on="cluster_id", how="left")
        .join(kept.select("cluster_id", "survivor"), on="cluster_id", how="left")
        .join(scored.best, on="rid", how="left")
        .sort("rid")
    )
    return DedupeResult(rows, decided, kept, scored.candidates, scored.skipped)

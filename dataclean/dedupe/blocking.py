"""Candidate pairs: only rows that share a blocking key are compared, never all pairs."""

from __future__ import annotations

import polars as pl

from dataclean.dedupe.settings import MAX_BLOCK, blocking_keys


def candidate_pairs(people: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """Pairs (rid_l < rid_r) sharing any key, and how many rows sat in blocks left out."""
    pairs, skipped = [], {}
    for name, key in blocking_keys().items():
        keyed = people.select("rid", key.alias("key")).drop_nulls("key")
        sizes = keyed.group_by("key").len()
        too_big = sizes.filter(pl.col("len") > MAX_BLOCK)
        skipped[name] = int(too_big["len"].sum())
        keyed = keyed.join(
            sizes.filter((pl.col("len") > 1) & (pl.col("len") <= MAX_BLOCK)).select("key"),
            on="key",
        )
        joined = keyed.join(keyed, on="key", suffix="_r").filter(pl.col("rid") < pl.col("rid_r"))
        pairs.append(joined.select(pl.col("rid").alias("rid_l"), "rid_r"))
    out = (
        pl.concat(pairs).unique()
        if pairs
        else pl.DataFrame(schema={"rid_l": pl.Int64, "rid_r": pl.Int64})
    )
    return out.sort("rid_l", "rid_r"), skipped

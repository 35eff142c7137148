"""Clusters from the pairs above the merge threshold, and the record each cluster keeps."""

from __future__ import annotations

import polars as pl


def clusters(
    n: int, merges: pl.DataFrame, cccd: list[str | None]
) -> tuple[list[int], pl.DataFrame]:
    """A cluster id for each of ``n`` rows (its smallest rid), joining the strongest pairs
    first; a join that would put two different CCCDs in one cluster is refused and returned."""
    parent = list(range(n))
    ids: dict[int, str] = {i: c for i, c in enumerate(cccd) if c}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    refused = []
    strongest_first = merges.sort(["score", "rid_l", "rid_r"], descending=[True, False, False])
    for rid_l, rid_r, score in strongest_first.select("rid_l", "rid_r", "score").iter_rows():
        a, b = root(rid_l), root(rid_r)
        if a == b:
            continue
        if a in ids and b in ids and ids[a] != ids[b]:
            refused.append((rid_l, rid_r, score))
            continue
        low, high = min(a, b), max(a, b)
        parent[high] = low
        if high in ids:
            ids.setdefault(low, ids.pop(high))
    refused_frame = pl.DataFrame(
        refused, schema={"rid_l": pl.Int64, "rid_r": pl.Int64, "score": pl.Float64}, orient="row"
    )
    return [root(i) for i in range(n)], refused_frame


def completeness(people: pl.DataFrame) -> pl.Expr:
    """How much a record tells: a field filled counts 1, a full date of birth 1 more."""
    fields = ["name", "dob", "gender", "cccd", "cmnd", "phone", "unit"]
    filled = pl.sum_horizontal(pl.col(f).is_not_null().cast(pl.Int32) for f in fields)
    return filled + (pl.col("dob").str.len_chars() == 10).fill_null(False).cast(pl.Int32)


def survivors(people: pl.DataFrame) -> pl.DataFrame:
    """One record per cluster: the most complete (the first listed among equals), its gaps
    filled from its twins in order of completeness; ``filled_from`` names where each came."""
    fields = ["name", "dob", "gender", "cccd", "cmnd", "phone", "unit"]
    ranked = people.with_columns(completeness(people).alias("__complete")).sort(
        ["cluster_id", "__complete", "rid"], descending=[False, True, False]
    )
    full_date = pl.col("dob").str.len_chars() == 10
    # A full date of birth from a twin fills a record that gives the year only.
    dob = pl.coalesce(pl.col("dob").filter(full_date).first(), pl.col("dob").drop_nulls().first())
    dob_from = pl.coalesce(
        pl.col("rid").filter(full_date).first(),
        pl.col("rid").filter(pl.col("dob").is_not_null()).first(),
    )
    others = [f for f in fields if f != "dob"]
    return ranked.group_by("cluster_id", maintain_order=True).agg(
        pl.col("rid").first().alias("survivor"),
        pl.col("rid").alias("members"),
        *(pl.col(f).drop_nulls().first().alias(f) for f in others),
        dob.alias("dob"),
        *(pl.col("rid").filter(pl.col(f).is_not_null()).first().alias(f"{f}_from") for f in others),
        dob_from.alias("dob_from"),
    )

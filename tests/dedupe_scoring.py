"""Pairwise precision and recall of a dedupe result against the generator's person ids."""

from collections import defaultdict
from itertools import combinations

import polars as pl


def pairs_of(groups: dict) -> set[tuple[int, int]]:
    return {(a, b) for rows in groups.values() for a, b in combinations(sorted(rows), 2)}


def pairwise(cluster_ids: list[int], person_ids: list[str]) -> dict[str, float]:
    truth, found = defaultdict(list), defaultdict(list)
    for rid, (cluster, person) in enumerate(zip(cluster_ids, person_ids, strict=True)):
        truth[person].append(rid)
        found[cluster].append(rid)
    true, predicted = pairs_of(truth), pairs_of(found)
    hits = len(true & predicted)
    return {
        "true_pairs": len(true),
        "found_pairs": len(predicted),
        "precision": hits / len(predicted) if predicted else 1.0,
        "recall": hits / len(true) if true else 1.0,
    }


def person_ids(truth_csv, sheet_rows: list[int]) -> list[str]:
    truth = pl.read_csv(truth_csv, infer_schema=False).with_columns(
        pl.col("sheet_row").cast(pl.Int64)
    )
    lookup = dict(truth.select("sheet_row", "person_id").iter_rows())
    return [lookup[r] for r in sheet_rows]

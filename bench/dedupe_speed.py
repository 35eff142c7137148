"""Deduplicating 1,000,000 generated residents: time, candidate pairs, peak memory, accuracy.

    python bench/dedupe_speed.py [--rows 1000000]

The rows are a generated commune list (6 % residents listed twice with variations, 3 %
namesakes). They are cleaned first as `normalize` cleans them (timed apart); then
`find_duplicates` runs: blocking, comparison, scoring, clusters and survivors. Target: under
2 minutes for 1,000,000 rows on this 2-core machine. For reference, splink's published figure
is about a million records a minute on a laptop with DuckDB. Pairwise precision and recall are
scored against the generator's person ids.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_data"))
sys.path.insert(0, str(ROOT / "tests"))

from dedupe_scoring import pairwise, person_ids  # noqa: E402
from generate import generate  # noqa: E402

from dataclean.dedupe import find_duplicates  # noqa: E402
from dataclean.pipeline import normalize_table  # noqa: E402
from dataclean.reading.tables import read_tables  # noqa: E402


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / f"residents_{args.rows}.csv"
    truth = data.with_name(data.stem + "_truth.csv")
    if not data.exists():
        t0 = time.perf_counter()
        generate(data, rows=args.rows, seed=99, layout="columns", fmt="csv")
        print(f"generated {data.name} in {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    (table,) = read_tables(data)
    cleaned = normalize_table(table).frame
    clean_time = time.perf_counter() - t0
    print(f"rows: {cleaned.height:,}; read + cleaned in {clean_time:.1f} s (not counted below)")
    print(f"peak memory before dedupe: {peak_gib():.2f} GiB")
    t0 = time.perf_counter()
    found = find_duplicates(cleaned, table.layout.roles())
    took = time.perf_counter() - t0
    scores = pairwise(
        found.rows["cluster_id"].to_list(), person_ids(truth, cleaned["__row"].to_list())
    )
    print(f"dedupe: {took:.1f} s (target: under 120 s), {cleaned.height / took:,.0f} rows/s")
    print(f"candidate pairs: {found.candidate_pairs:,}; rows left out of oversized blocks: "
          f"{found.skipped_blocks}")  # fmt: skip
    print(f"merged pairs: {found.merged.height:,}; pairs to review: {found.review.height:,}")
    print(f"peak memory of the process: {peak_gib():.2f} GiB")
    print(f"pairwise precision {scores['precision']:.4f}, recall {scores['recall']:.4f} "
          f"({scores['true_pairs']:,} true pairs, {scores['found_pairs']:,} found)")  # fmt: skip


if __name__ == "__main__":
    main()

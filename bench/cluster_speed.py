"""Duplicates scored on a local Spark with 1, 2 and 4 workers, beside DuckDB in this process:
throughput, and whether every result is identical.

    python bench/cluster_speed.py [--rows 200000]

Uses the cleaned generated table of `bench/dedupe_speed.py` (run that first for its data), the
first ``--rows`` rows. Each engine runs `find_duplicates` on the same table; a Spark session is
started for each worker count (its start-up is printed apart, not counted). This 2-core machine
cannot show what more machines give; it shows the cost of the engine and that the results
agree. Needs `pip install -e ".[cluster]"` and a JVM.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import polars as pl

from dataclean.dedupe import find_duplicates
from dataclean.runtime.cluster import spark_engine

DATA = Path(__file__).resolve().parent / "data"


def same(a, b) -> bool:
    return all(x.equals(y) for x, y in ((a.rows, b.rows), (a.pairs, b.pairs), (a.kept, b.kept)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    cleaned = pl.read_parquet(DATA / "residents_1000000.cleaned.parquet").head(args.rows)
    roles = json.loads((DATA / "residents_1000000.roles.json").read_text())

    t = time.perf_counter()
    here = find_duplicates(cleaned, roles)
    took = time.perf_counter() - t
    print(f"DuckDB here: {took:.1f} s, {args.rows / took:,.0f} rows/s, "
          f"{here.candidate_pairs:,} candidate pairs")  # fmt: skip
    for workers in (1, 2, 4):
        t = time.perf_counter()
        with spark_engine(f"local[{workers}]") as engine:
            started = time.perf_counter() - t
            t = time.perf_counter()
            there = find_duplicates(cleaned, roles, engine=engine)
            took = time.perf_counter() - t
        print(
            f"Spark local[{workers}]: {took:.1f} s, {args.rows / took:,.0f} rows/s "
            f"(session start {started:.1f} s, not counted); identical to DuckDB: "
            f"{same(here, there)}"
        )


if __name__ == "__main__":
    main()

"""100,000 rows through every field rule and the validation schema, beside polars reading them.

    python bench/rules_speed.py [--rows 100000]

The rows are a generated commune form's people (name, date of birth, gender, CCCD, phone),
typed the ways offices type them. Timed: the rules stage (all five rules and their change log)
and the pandera validation, as `normalize` runs them. Baseline, in the same run: polars merely
reading the same rows from a CSV. Target: rules + validation under 2 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_data"))

from generate import generate  # noqa: E402

from dataclean.pipeline import apply_rules, validate_rows  # noqa: E402

ROLES = {"name": "name", "dob": "dob", "gender": "gender", "id": "id", "phone": "phone"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / f"people_{args.rows}.csv"
    if not data.exists():
        generate(data, rows=args.rows, seed=77, layout="address", fmt="csv")
    header = pl.read_csv(data, n_rows=0).columns
    names = dict(zip(header[1:6], ROLES, strict=True))  # the generator's person columns
    best_read = best_rules = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        df = pl.read_csv(data, infer_schema=False)
        best_read = min(best_read, time.perf_counter() - t0)
        frame = df.select(list(names)).rename(names).with_row_index("__row", offset=2)
        frame = frame.with_columns(pl.col("__row").cast(pl.Int64))
        t0 = time.perf_counter()
        lf, events = apply_rules(frame.lazy(), ROLES, materialize=lambda s: s.collect().lazy())
        cleaned, log = pl.collect_all([lf, events])  # as normalize does for a table in memory
        out = validate_rows(cleaned.lazy(), ROLES).collect()
        best_rules = min(best_rules, time.perf_counter() - t0)
    assert out.height == args.rows
    print(f"rows: {args.rows:,}; best of {args.repeat}")
    print(f"polars read_csv of the file: {best_read:.2f} s")
    print(f"all rules + change log + pandera validation: {best_rules:.2f} s (target: under 2 s)")
    print(f"ratio to reading: {best_rules / best_read:.1f}x")
    print(
        f"changes logged: {log.height:,}; rows invalid: {(out['data_status'] == 'invalid').sum():,}"
    )
    print(log.group_by("rule").len().sort("rule"))


if __name__ == "__main__":
    main()

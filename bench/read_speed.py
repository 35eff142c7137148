"""Read-and-normalise speed of a 200,000-row commune workbook, beside polars merely reading it.

    python bench/read_speed.py [--rows 200000]

The baseline is ``pl.read_excel`` (calamine) loading the same sheet, measured in the same run.
"normalise" is everything `dataclean normalize` does before writing: find the layout, convert
legacy-font text, resolve every address. Writing the cleaned workbook is timed on its own line.
Target: read + normalise at most 3 times the plain read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "sample_data"))

from generate import generate  # noqa: E402

PLAIN = """
import sys, time, polars as pl
t0 = time.perf_counter()
df = pl.read_excel(sys.argv[1], engine="calamine", has_header=False, infer_schema_length=0)
print(time.perf_counter() - t0, df.height)
"""
# Everything `normalize` does before writing, from a cold start, in the order `normalize_file`
# does it: the warm-up thread (the resolver built from the shipped tables, pandera imported)
# beside the reading, then finding the layout, legacy text, the field rules, every distinct
# address resolved, validation.
OURS = """
import sys, time
import polars as pl
t0 = time.perf_counter()
from pathlib import Path
from dataclean.pipeline import normalize_table, read_tables
from dataclean.warm_up import warm_up
t1 = time.perf_counter()
warm_up()
(table,) = read_tables(Path(sys.argv[1]))
t2 = time.perf_counter()
result = normalize_table(table)
t3 = time.perf_counter()
roles = table.layout.roles()
distinct = table.table.select(roles[k] for k in ("commune", "district", "province")).n_unique()
print(t3 - t0, t1 - t0, t2 - t1, t3 - t2, result.frame.height, distinct)
"""


def run(script: str, data: Path) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", script, str(data)], capture_output=True, text=True, check=True
    )
    return [float(x) for x in out.stdout.split()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / f"xa_{args.rows}.xlsx"
    if not data.exists():
        t0 = time.perf_counter()
        generate(data, rows=args.rows, seed=2025, layout="columns")
        print(f"generated {data} in {time.perf_counter() - t0:.1f} s")
    print(f"file: {data.name}, {data.stat().st_size / 1e6:.1f} MB, {args.rows:,} data rows")
    print(f"cores: {os.cpu_count()}; each figure is the best of {args.repeat} fresh processes")
    plain = min((run(PLAIN, data) for _ in range(args.repeat)), key=lambda r: r[0])
    ours = min((run(OURS, data) for _ in range(args.repeat)), key=lambda r: r[0])
    total, imports, read, normalise, rows, distinct = ours
    assert int(rows) == args.rows, rows
    print(f"polars read_excel (calamine), {int(plain[1]):,} sheet rows: {plain[0]:.2f} s")
    print(
        f"dataclean read + normalise: {total:.2f} s (imports {imports:.2f}, read + layout with the "
        f"warm-up beside it {read:.2f}, stages {normalise:.2f}; {int(distinct):,} distinct "
        "addresses)"
    )
    print(f"ratio: {total / plain[0]:.2f}x   (target: at most 3x)")

    from dataclean.pipeline import normalize_table, read_tables
    from dataclean.writing.clean_workbook import needs_review, output_frame, write_output

    (table,) = read_tables(data)
    result = normalize_table(table)
    out = output_frame(result.frame, table.original_columns)
    t0 = time.perf_counter()
    write_output(out, ROOT / "bench" / "data" / "out_clean.xlsx", needs_review(result.frame),
                 result.events)  # fmt: skip
    print(f"writing the cleaned workbook ({out.width} columns, {result.events.height:,} changes"
          f" logged): {time.perf_counter() - t0:.2f} s")  # fmt: skip
    print(f"rows in {table.table.height:,}, rows out {out.height:,}")


if __name__ == "__main__":
    main()

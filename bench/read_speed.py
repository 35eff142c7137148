"""Read-and-normalise speed of 200,000-row workbooks, beside polars merely reading each.

    python bench/read_speed.py [--rows 200000] [--repeat 5] [--only commune|country] [--write]

Two generated files, each in the government form layout:

* ``commune``: one new commune's residents, as its office holds them. Their old addresses are
  in the old communes that formed it, typed every way the generator knows, with rows already
  new, split and disputed; the island and ambiguous rows (2.6 %) come from anywhere. 6,431
  distinct addresses.
* ``country``: the stress case, addresses from the whole country (58,456 distinct addresses,
  one for every 3.4 rows): what a province-wide merge of files might hold.

The baseline is ``pl.read_excel`` (calamine) loading the same sheet, measured in the same run.
"normalise" is everything `dataclean normalize` does before writing: find the layout, convert
legacy-font text, run the field rules, resolve every distinct address, validate. ``--write``
also times writing the cleaned workbook. Target: read + normalise at most 3 times the plain
read.
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
# and the .xlsx parts calamine does not read (hidden rows, PivotTables) beside the reading,
# then finding the layout, legacy text, the field rules, every distinct address resolved,
# validation.
OURS = """
import sys, time
import polars as pl
t0 = time.perf_counter()
from pathlib import Path
from dataclean.reading.tables import read_tables
from dataclean.pipeline import normalize_table
from dataclean.reading.sheet_xml import sheet_facts
from dataclean.runtime.warm_up import beside, warm_up
t1 = time.perf_counter()
warm_up()
facts = beside(lambda: sheet_facts(Path(sys.argv[1])))  # also the sheets' size guard
(table,) = read_tables(Path(sys.argv[1]), facts=facts)
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


FILES = {  # label -> (file name, generator options)
    "commune": ("xa_mot_xa_{rows}.xlsx", {"commune_file": True}),
    "country": ("xa_{rows}.xlsx", {}),
}


def measure(label: str, data: Path, rows: int, repeat: int) -> None:
    # Each pair runs back to back, so that a noisy neighbour slows both alike.
    pairs = [(run(PLAIN, data), run(OURS, data)) for _ in range(repeat)]
    plain = min((p for p, _ in pairs), key=lambda r: r[0])
    ours = min((o for _, o in pairs), key=lambda r: r[0])
    ratios = sorted(o[0] / p[0] for p, o in pairs)
    total, imports, read, normalise, height, distinct = ours
    assert int(height) == rows, height
    print(f"{label}: {data.name}, {data.stat().st_size / 1e6:.1f} MB, {rows:,} data rows, "
          f"{int(distinct):,} distinct addresses")  # fmt: skip
    print(f"  polars read_excel (calamine), {int(plain[1]):,} sheet rows: {plain[0]:.2f} s")
    print(
        f"  dataclean read + normalise: {total:.2f} s (imports {imports:.2f}, read + layout with "
        f"the warm-up beside it {read:.2f}, stages {normalise:.2f})"
    )
    median = ratios[len(ratios) // 2]
    print(f"  ratio of the best times: {total / plain[0]:.2f}x; median ratio of the {repeat} "
          f"pairs: {median:.2f}x   (target: at most 3x)")  # fmt: skip


def write_time(data: Path) -> None:
    from dataclean.pipeline import normalize_table
    from dataclean.reading.tables import read_tables
    from dataclean.writing.clean_workbook import needs_review, output_frame, write_output

    (table,) = read_tables(data)
    result = normalize_table(table)
    out = output_frame(result.frame, table.original_columns)
    t0 = time.perf_counter()
    target = ROOT / "bench" / "data" / "out_clean.xlsx"
    write_output(out, target, needs_review(result.frame), result.events)
    took = time.perf_counter() - t0
    print(f"writing the cleaned workbook of {data.name} ({out.width} columns, "
          f"{result.events.height:,} changes logged): {took:.2f} s")  # fmt: skip
    print(f"rows in {table.table.height:,}, rows out {out.height:,}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="also time writing the workbook")
    ap.add_argument("--only", choices=sorted(FILES), help="measure one of the files")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}; times are the best of {args.repeat} fresh processes each")
    for label, (pattern, options) in FILES.items():
        if args.only and label != args.only:
            continue
        data = ROOT / "bench" / "data" / pattern.format(rows=args.rows)
        if not data.exists():
            t0 = time.perf_counter()
            generate(data, rows=args.rows, seed=2025, layout="columns", **options)
            print(f"generated {data} in {time.perf_counter() - t0:.1f} s")
        measure(label, data, args.rows, args.repeat)
    if args.write:
        write_time(ROOT / "bench" / "data" / FILES["country"][0].format(rows=args.rows))


if __name__ == "__main__":
    main()

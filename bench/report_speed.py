"""Writing the officials' report for a 100,000-row run, beside writing the cleaned workbook.

    python bench/report_speed.py [--rows 100000]

The rows are a generated commune list (CSV), cleaned and deduplicated as `normalize` does;
timed: building the report's five sheets and writing the workbook. The cleaned workbook's own
write is timed in the same run as a baseline. Target: the report in under 20 s.
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

from dataclean.dedupe import find_duplicates  # noqa: E402
from dataclean.dedupe.report import mark_rows, pair_table  # noqa: E402
from dataclean.pipeline import normalize_table  # noqa: E402
from dataclean.reading.tables import read_tables  # noqa: E402
from dataclean.reporting.report import ReportInput, build_report  # noqa: E402
from dataclean.schema.columns import MERGES_SHEET, REVIEW_SHEET  # noqa: E402
from dataclean.writing.clean_workbook import needs_review, output_frame, write_output  # noqa: E402
from dataclean.writing.report_workbook import write_report  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / f"residents_{args.rows}.csv"
    if not data.exists():
        generate(data, rows=args.rows, seed=99, layout="columns", fmt="csv")
    (table,) = read_tables(data)
    result = normalize_table(table)
    roles = table.layout.roles()
    found = find_duplicates(result.frame, roles)
    frame = mark_rows(result.frame, found)
    sheets = {
        MERGES_SHEET: pair_table(found.merged, frame, roles),
        REVIEW_SHEET: pair_table(found.review, frame, roles),
    }
    out = output_frame(frame, table.original_columns)
    folder = ROOT / "bench" / "data"
    t0 = time.perf_counter()
    write_output(out, folder / "bench_clean.xlsx", needs_review(frame), result.events, sheets)
    clean_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = build_report(
        ReportInput(
            out,
            roles,
            result.events,
            pl.concat(list(sheets.values())),
            {"file": str(data)},
            table.table.height,
        )
    )
    built = time.perf_counter() - t0
    write_report(report, folder / "bench_report.xlsx")
    took = time.perf_counter() - t0
    print(f"rows: {out.height:,}; changes: {result.events.height:,}; "
          f"pairs listed: {sum(s.height for s in sheets.values()):,}")  # fmt: skip
    print(f"cleaned workbook written in {clean_time:.1f} s (baseline)")
    print(f"report: built in {built:.1f} s, built and written in {took:.1f} s (target: under 20 s)")
    print("sheet rows: " + ", ".join(f"{k} {v.table.height:,}" for k, v in report.sheets.items()))


if __name__ == "__main__":
    main()

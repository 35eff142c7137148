"""Peak memory and time of `dataclean normalize` on a 5,000,000-row CSV, streamed to Parquet.

    python bench/large_file.py [--rows 5000000]

The file is a generated 200,000-row commune list repeated to the size asked (a merged
province's export). Baseline, measured in the same run: polars merely reading the same file
into memory (``pl.read_csv``). Each command runs in a fresh process whose peak resident memory
(its own, or its largest worker's) is read from the kernel. Target: within 4 GiB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_data"))

from generate import generate  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
took = time.perf_counter() - t0
if done.returncode:
    sys.exit(done.stdout + done.stderr)
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def measure(*cmd: str) -> tuple[float, int]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True
    )
    took, peak = out.stdout.split()
    return float(took), int(peak)


def _other_people(rows: pl.DataFrame, copy: int) -> pl.DataFrame:
    """The same addresses and names with other IDs and phones: other residents, not the same
    people again (which would make every row a duplicate)."""
    if copy == 0:
        return rows
    cccd, phone = rows.columns[4], rows.columns[5]
    serial = (pl.int_range(pl.len()) * 7919 + copy * 104729) % 100_000
    tail = serial.cast(pl.String).str.zfill(5)
    return rows.with_columns(
        pl.col(cccd).str.replace(r"\d{5}$", "") + tail,
        pl.col(phone).str.replace(r"\d{5}$", "") + tail,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    args = ap.parse_args()
    folder = ROOT / "bench" / "data"
    base = folder / "base_200000.csv"
    big = folder / f"big_{args.rows}.csv"
    if not base.exists():
        generate(base, rows=200_000, seed=2026, layout="columns", fmt="csv")
    if not big.exists():
        one = pl.read_csv(base, infer_schema=False)
        copies = -(-args.rows // one.height)
        pl.concat([_other_people(one, k) for k in range(copies)]).head(args.rows).write_csv(big)
    print(f"file: {big.name}, {big.stat().st_size / 2**20:.0f} MiB, {args.rows:,} rows")

    read = f"import polars as pl; pl.read_csv({str(big)!r}, infer_schema=False)"
    base_time, base_peak = measure(sys.executable, "-c", read)
    out = folder / "big_out"
    ours_time, ours_peak = measure(
        sys.executable, "-m", "dataclean", "normalize", str(big), "-o", str(out), "-f", "parquet"
    )
    written = pl.scan_parquet(out / f"{big.stem}_clean.parquet").select(pl.len()).collect().item()
    gib = 2**30
    print(f"polars read_csv (all in memory): {base_time:.1f} s, peak {base_peak / gib:.2f} GiB")
    print(f"dataclean normalize -f parquet:  {ours_time:.1f} s, peak {ours_peak / gib:.2f} GiB")
    print(f"ratio: time {ours_time / base_time:.1f}x, memory {ours_peak / base_peak:.2f}x")
    print(f"rows written: {written:,} (rows in: {args.rows:,}); target: peak within 4 GiB")
    assert written == args.rows


if __name__ == "__main__":
    main()

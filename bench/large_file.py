"""Peak memory and time of `dataclean normalize` on a 5,000,000-row CSV, streamed to Parquet.

    python bench/large_file.py [--rows 5000000]

The file is a generated 200,000-row commune list repeated to the size asked (a merged
province's export). Baseline, measured in the same run: polars merely reading the same file
into memory (``pl.read_csv``). Each command runs in a fresh process whose peak resident memory
(its own, or its largest worker's) is read from the kernel, and the memory of all its
processes together is sampled (their proportional set sizes, so that pages a fork shares count
once). Target: within 4 GiB; with ``--distinct-addresses 2500000`` (one free-text address
column), within 3 GiB for all processes together (issue 17).
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
import os, resource, subprocess, sys, time
from pathlib import Path

def tree(pid):
    # the process and every process below it
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for t in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (t / "children").read_text().split()]
            except OSError:
                pass
    return out

def pss(pid):
    # proportional set size: pages shared after a fork counted once across the processes
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

t0 = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
together = 0
while child.poll() is None:
    together = max(together, sum(pss(p) for p in tree(child.pid)))
    time.sleep(0.25)
output = child.stdout.read()
took = time.perf_counter() - t0
if child.returncode:
    sys.exit(output)
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, together)
"""


def measure(*cmd: str) -> tuple[float, int, int]:
    """Time, the largest process's peak, and the peak of all the processes together (the sum
    of their proportional set sizes, sampled four times a second)."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True
    )
    took, peak, together = out.stdout.split()
    return float(took), int(peak), int(together)


def _one_address_column(rows: pl.DataFrame, distinct: int) -> pl.DataFrame:
    """The units typed as one free-text address with a hamlet number: the first ``distinct``
    rows' addresses, each a different one, repeated down the file."""
    street, commune, district, province = rows.columns[6:10]
    first = rows.head(distinct)
    address = pl.concat_str(
        [pl.format("Tổ {}", pl.int_range(pl.len())), pl.col(street), pl.col(commune),
         pl.col(district), pl.col(province)],
        separator=", ",
        ignore_nulls=True,
    )  # fmt: skip
    addresses = first.select(address).to_series()
    which = pl.int_range(rows.height, eager=True) % addresses.len()
    return rows.select(*rows.columns[:6]).with_columns(
        addresses.gather(which).alias("Địa chỉ thường trú")
    )


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
    ap.add_argument(
        "--distinct-addresses",
        type=int,
        default=0,
        help="one free-text address column with about this many distinct addresses",
    )
    args = ap.parse_args()
    folder = ROOT / "bench" / "data"
    base = folder / "base_200000.csv"
    many = args.distinct_addresses
    big = folder / (f"big_{args.rows}" + (f"_{many}_distinct" if many else "") + ".csv")
    if not base.exists():
        generate(base, rows=200_000, seed=2026, layout="columns", fmt="csv")
    if not big.exists():
        one = pl.read_csv(base, infer_schema=False)
        copies = -(-args.rows // one.height)
        rows = pl.concat([_other_people(one, k) for k in range(copies)]).head(args.rows)
        (_one_address_column(rows, many) if many else rows).write_csv(big)
    print(f"file: {big.name}, {big.stat().st_size / 2**20:.0f} MiB, {args.rows:,} rows")

    read = f"import polars as pl; pl.read_csv({str(big)!r}, infer_schema=False)"
    base_time, base_peak, _ = measure(sys.executable, "-c", read)
    out = folder / "big_out"
    ours_time, ours_peak, together = measure(
        sys.executable, "-m", "dataclean", "normalize", str(big), "-o", str(out), "-f", "parquet"
    )
    written = pl.scan_parquet(out / f"{big.stem}_clean.parquet").select(pl.len()).collect().item()
    gib = 2**30
    print(f"polars read_csv (all in memory): {base_time:.1f} s, peak {base_peak / gib:.2f} GiB")
    print(
        f"dataclean normalize -f parquet:  {ours_time:.1f} s, peak {ours_peak / gib:.2f} GiB "
        f"(largest process), {together / gib:.2f} GiB (all processes together, PSS)"
    )
    print(f"ratio: time {ours_time / base_time:.1f}x, memory {ours_peak / base_peak:.2f}x")
    print(
        f"rows written: {written:,} (rows in: {args.rows:,}); target: all processes together "
        "within 3 GiB (issue 17: 5,000,000 rows, 2,500,000 distinct addresses)"
    )
    assert written == args.rows


if __name__ == "__main__":
    main()

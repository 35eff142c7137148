"""`normalize --by-province` of one national CSV against one streamed run of the same file.

    python bench/by_province_speed.py [--rows 1000000]

The file is the 200,000-row national list of `dedupe_speed.py` (`base_200000.csv`, residents of
the whole country) repeated to the size asked. Each command runs in a fresh process, timed,
with the peak of all its processes together (proportional set sizes, see `large_file.py`):

1. `normalize <file> -f parquet`: one streamed run (the baseline);
2. `normalize <file> --by-province -f parquet --workers 1`: cut by province, then the parts one
   after the other;
3. the same with `--workers 2`: two parts at a time.

The rows written are counted in every run's outputs: they must be the file's.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from large_file import measure  # noqa: E402

DATA = ROOT / "bench" / "data"


def national(rows: int) -> Path:
    path = DATA / f"national_{rows}.csv"
    if not path.exists():
        base = pl.read_csv(DATA / "base_200000.csv", infer_schema=False)
        copies = -(-rows // base.height)
        pl.concat([base] * copies).head(rows).with_columns(
            pl.int_range(1, rows + 1).cast(pl.String).alias(base.columns[0])
        ).write_csv(path)
    return path


def rows_written(folder: Path) -> int:
    return sum(
        pl.scan_parquet(p).select(pl.len()).collect().item() for p in folder.glob("*_clean.parquet")
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    if not (DATA / "base_200000.csv").exists():
        sys.exit("bench/data/base_200000.csv is missing: run bench/dedupe_speed.py once")
    data = national(args.rows)
    runs = {
        "one streamed run": [],
        "by province, 1 worker": ["--by-province", "--workers", "1"],
        "by province, 2 workers": ["--by-province", "--workers", "2"],
    }
    print(f"input: {data.name}, {args.rows:,} rows")
    baseline = None
    for label, extra in runs.items():
        out = DATA / "by_province_out"
        shutil.rmtree(out, ignore_errors=True)
        took, _, together = measure(
            sys.executable, "-m", "dataclean", "normalize", str(data), "-f", "parquet",
            "-o", str(out), *extra,
        )  # fmt: skip
        written = rows_written(out)
        parts = len(list(out.glob("*_clean.parquet")))
        baseline = baseline or took
        print(
            f"{label}: {took:.1f} s ({took / baseline:.2f}x the streamed run), "
            f"{together / 2**30:.2f} GiB all processes, {parts} files, {written:,} rows written"
        )
        if written != args.rows:
            sys.exit(f"rows written {written:,} != rows in {args.rows:,}")


if __name__ == "__main__":
    main()

"""`normalize` of many commune files as partitions: in this process one by one (the baseline),
in 2 and 4 local processes, and on a local Spark with 1, 2 and 4 workers; throughput, and
whether every output file is the same bytes as the baseline's.

    python bench/partitions_speed.py [--files 8] [--rows 20000] [--format xlsx|csv|parquet]

Generates (once, into `bench/data/partitions_<files>x<rows>/`) ``--files`` commune lists as
CSV, each the residents of one new commune (`generate.py --commune-file`, a seed each). Every
configuration runs `normalize_files` into a folder of its own, timed from the call to its
return (a Spark session's start is inside: it is part of what `--cluster` costs). This 2-core
machine cannot show what more machines give; it shows what the partitioning costs and that
the results agree. Spark needs `pip install -e ".[cluster]"` and a JVM.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "sample_data"))

import generate  # noqa: E402

from dataclean.jobs.normalize import NormalizeOptions  # noqa: E402
from dataclean.jobs.normalize_many import normalize_files  # noqa: E402

DATA = ROOT / "bench" / "data"


def inputs(files: int, rows: int) -> list[Path]:
    folder = DATA / f"partitions_{files}x{rows}"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(files):
        path = folder / f"xa_{i:02d}.csv"
        if not path.exists():
            generate.generate(path, rows=rows, seed=200 + i, fmt="csv", commune_file=True)
            path.with_name(f"{path.stem}_truth.csv").unlink(missing_ok=True)
        out.append(path)
    return out


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--format", default="xlsx", choices=("xlsx", "csv", "parquet"))
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()
    # Each configuration is a run of its own, with its own time in the reports: one fixed time
    # (the reproducible-builds convention dataclean follows) makes them comparable byte for byte.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1751328000")
    files = inputs(args.files, args.rows)
    total = args.files * args.rows
    options = NormalizeOptions(fmt=args.format)
    runs: list[tuple[str, int, str | None]] = [
        ("here, one by one", 1, None),
        ("2 local processes", 2, None),
        ("4 local processes", 4, None),
    ]
    if not args.no_spark:
        runs += [(f"Spark local[{n}]", 1, f"local[{n}]") for n in (1, 2, 4)]
    base_time, base_files = None, None
    print(f"{args.files} files x {args.rows:,} rows, -f {args.format}")
    for name, workers, cluster in runs:
        out = Path(f"/tmp/bench_partitions/{name.replace(' ', '_')}")
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        batch = normalize_files(files, out, options, workers=workers, cluster=cluster)
        took = time.perf_counter() - t
        written = digests(out)
        base_time = base_time or took
        base_files = base_files or written
        assert not batch.failed, batch.failed
        print(
            f"{name:>18}: {took:6.1f} s, {total / took:8,.0f} rows/s, "
            f"{base_time / took:.2f}x the baseline; {len(written)} files, "
            f"identical to the baseline: {written == base_files}"
        )


if __name__ == "__main__":
    main()

"""Deduplicating generated residents: time, candidate pairs, peak memory, accuracy, against a
baseline commit in the same run.

    python bench/dedupe_speed.py [--rows 1000000] [--baseline e2b5bcd]

The rows are a generated commune list (6 % residents listed twice with variations, 3 %
namesakes). They are cleaned once as `normalize` cleans them (not timed) and kept as Parquet.
Then each side runs `find_duplicates` in a fresh process that reads the cleaned table: this
checkout, and the baseline commit checked out in a git worktree (the polars pair scoring of
before splink). Each prints its time, its process's peak memory (the cleaned table included)
and its pairwise precision and recall against the generator's person ids.

Bars (issue 17): 1,000,000 rows within 2 GiB peak and faster than the baseline; 10,000,000
rows within 16 GiB; precision >= 0.995, recall >= 0.98.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh process with the checkout to measure first on sys.path.
CHILD = """
import json, resource, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
import polars as pl
from dedupe_scoring import pairwise, person_ids
from dataclean.dedupe import find_duplicates
import dataclean
cleaned = pl.read_parquet(sys.argv[2])
roles = json.loads(open(sys.argv[3]).read())
t = time.perf_counter()
found = find_duplicates(cleaned, roles)
took = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # before the scoring below
ids = person_ids(sys.argv[4], cleaned["__row"].to_list())
scores = pairwise(found.rows["cluster_id"].to_list(), ids)
print(json.dumps({
    "code": dataclean.__file__, "seconds": took, "candidates": found.candidate_pairs,
    "merged": found.merged.height, "review": found.review.height,
    "peak_gib": peak,
    "precision": scores["precision"], "recall": scores["recall"],
    "true_pairs": scores["true_pairs"], "found_pairs": scores["found_pairs"],
}))
"""


CHUNK = 1_000_000  # larger tables are made of generated millions, one seed each


def _cleaned_chunk(rows: int, seed: int) -> tuple[Path, Path, Path]:
    """``rows`` generated rows with ``seed``, cleaned once, with roles and truth (cached)."""
    from generate import generate

    from dataclean.pipeline import normalize_table
    from dataclean.reading.tables import read_tables

    name = f"residents_{rows}" + ("" if seed == 99 else f"_s{seed}")
    data = ROOT / "bench" / "data" / f"{name}.csv"
    truth = data.with_name(data.stem + "_truth.csv")
    parquet, roles = data.with_suffix(".cleaned.parquet"), data.with_suffix(".roles.json")
    if not data.exists():
        t0 = time.perf_counter()
        generate(data, rows=rows, seed=seed, layout="columns", fmt="csv")
        print(f"generated {data.name} in {time.perf_counter() - t0:.0f} s")
    if not parquet.exists() or parquet.stat().st_mtime < data.stat().st_mtime:
        t0 = time.perf_counter()
        (table,) = read_tables(data)
        normalize_table(table).frame.write_parquet(parquet)
        roles.write_text(json.dumps(table.layout.roles()))
        print(f"read and cleaned {rows:,} rows in {time.perf_counter() - t0:.0f} s (not timed)")
    return parquet, roles, truth


def cleaned_table(rows: int) -> tuple[Path, Path, Path]:
    """The generated rows cleaned once (made on first use). Past a million, millions with
    their own seeds one after the other: their sheet rows and person ids kept apart."""
    sys.path[:0] = [str(ROOT / "sample_data")]
    if rows <= CHUNK:
        return _cleaned_chunk(rows, 99)
    import polars as pl

    out = ROOT / "bench" / "data" / f"residents_{rows}"
    parquet, roles, truth = (
        out.with_suffix(s) for s in (".cleaned.parquet", ".roles.json", ".truth.csv")
    )
    if parquet.exists():
        return parquet, roles, truth
    frames, truths, first_roles = [], [], None
    for i in range(-(-rows // CHUNK)):
        part, part_roles, part_truth = _cleaned_chunk(CHUNK, 99 + i)
        own = json.loads(part_roles.read_text())
        first_roles = first_roles or own
        # Each seed names its columns its own way: the first one's names for all.
        renamed = {own[r]: first_roles[r] for r in own if r in first_roles}
        offset = i * 10 * CHUNK
        frames.append(pl.scan_parquet(part).rename(renamed).with_columns(pl.col("__row") + offset))
        truths.append(
            pl.scan_csv(part_truth, infer_schema=False).select(
                (pl.col("sheet_row").cast(pl.Int64) + offset).alias("sheet_row"),
                pl.format("{}-{}", pl.lit(i), pl.col("person_id")).alias("person_id"),
            )
        )
    roles.write_text(json.dumps(first_roles))
    pl.concat(frames, how="diagonal_relaxed").head(rows).sink_parquet(parquet)
    pl.concat(truths).sink_csv(truth)
    return parquet, roles, truth


def measure(code: Path, parquet: Path, roles: Path, truth: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(code), str(parquet), str(roles), str(truth)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.exit(f"{code}: exit {out.returncode}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def show(label: str, m: dict, rows: int) -> None:
    print(
        f"{label} ({Path(m['code']).parent.parent}): {m['seconds']:.1f} s "
        f"({rows / m['seconds']:,.0f} rows/s), peak "
        f"{m['peak_gib']:.2f} GiB, {m['candidates']:,} candidate pairs, {m['merged']:,} merged, "
        f"{m['review']:,} to review, precision {m['precision']:.4f}, recall {m['recall']:.4f} "
        f"({m['true_pairs']:,} true pairs, {m['found_pairs']:,} found)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--baseline", default=None, help="a commit to measure in the same run")
    args = ap.parse_args()
    parquet, roles, truth = cleaned_table(args.rows)
    ours = measure(ROOT, parquet, roles, truth)
    show("this checkout", ours, args.rows)
    if not args.baseline:
        return
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), args.baseline],
            check=True,
        )
        try:
            base = measure(tree, parquet, roles, truth)
        finally:
            remove = ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)]
            subprocess.run(remove, check=False)
    show(f"baseline {args.baseline}", base, args.rows)
    print(
        f"time, baseline / this: {base['seconds'] / ours['seconds']:.2f}x; peak memory, "
        f"this / baseline: {ours['peak_gib'] / base['peak_gib']:.2f}"
    )


if __name__ == "__main__":
    main()

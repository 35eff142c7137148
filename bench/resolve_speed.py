"""Resolver throughput beside the peer package `vietnamadminunits`, measured in the same run.

    python bench/resolve_speed.py                 # 1,000,000 rows, ~20,000 distinct addresses
    python bench/resolve_speed.py --rows 100000   # quicker

The peer resolves one address per call, as its users call it; it is timed on a sample of the
same rows and its rows/s extrapolated. Needs `pip install -e ".[bench]"` for the peer.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "sample_data" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)
    return module


def addresses(distinct: int, rows: int, seed: int) -> pl.DataFrame:
    gen = _generator()
    rnd = random.Random(seed)
    ref = gen.load_reference()
    data = gen.generate_rows(ref, distinct, rnd)
    pool = [gen.full_address(cells, rnd) for cells, _ in data]
    # A commune file repeats a few addresses a lot: a Zipf-like draw over the pool.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))]
    return pl.DataFrame({"address": rnd.choices(pool, weights, k=rows)})


def load_cost() -> float:
    code = (
        "import time; t=time.perf_counter();"
        "from dataclean.units.resolver import default_resolver; default_resolver();"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--distinct", type=int, default=20_000)
    ap.add_argument("--peer-sample", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()

    print(f"reference load + resolver build (fresh process): {load_cost():.2f} s")
    df = addresses(a.distinct, a.rows, a.seed)
    n_distinct = df["address"].n_unique()
    print(f"rows: {df.height:,}  distinct addresses: {n_distinct:,}")

    from dataclean.units.column import resolve_columns
    from dataclean.units.resolver import default_resolver

    default_resolver()  # built once per process, as in the CLI; its cost is printed above
    t = time.perf_counter()
    out = resolve_columns(df, address="address")
    ours = time.perf_counter() - t
    assert out.height == df.height
    ours_rate = df.height / ours
    print(f"dataclean: {ours:.2f} s, {ours_rate:,.0f} rows/s")
    print(out["unit_status"].value_counts(sort=True))

    try:
        from vietnamadminunits import convert_address
    except ImportError:
        print("peer vietnamadminunits not installed: pip install -e '.[bench]'")
        return
    sample = df["address"].head(a.peer_sample).to_list()
    failures = 0
    t = time.perf_counter()
    for address in sample:
        try:
            convert_address(address)
        except Exception:  # noqa: BLE001 - the peer raises on addresses it cannot parse
            failures += 1
    peer = time.perf_counter() - t
    peer_rate = len(sample) / peer
    print(
        f"vietnamadminunits.convert_address: {len(sample):,} rows in {peer:.2f} s, "
        f"{peer_rate:,.0f} rows/s ({failures} raised)"
    )
    print(f"throughput ratio dataclean / peer: {ours_rate / peer_rate:,.0f}x (target >= 100x)")


if __name__ == "__main__":
    main()

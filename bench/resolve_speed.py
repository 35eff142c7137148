"""Resolver speed beside the peer `vietnamadminunits`, like for like, in the same run.

    python bench/resolve_speed.py                        # 2,000 distinct, 20,000 rows
    python bench/resolve_speed.py --distinct 5000 --rows 50000

Both tools get the same messy free-text strings (`sample_data/messy_addresses.py`) and are
measured two ways:

* **per distinct address**: our `resolve_text` against the peer's `convert_address`, one call
  per distinct string;
* **column to column**: our `resolve_columns` against the peer's `convert_address_column`, on
  a column that repeats the strings as a commune file does (a Zipf-like draw).

The peer's converter asks an online geocoder about some addresses; here that call is replaced
by a stub that answers "not found" at once, and the attempts are counted, so that neither the
network nor its failures are timed. Needs `pip install -e ".[bench]"` for the peer.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_data"))  # the messy-address writer

import messy_addresses  # noqa: E402


def load_cost() -> float:
    code = (
        "import time; t=time.perf_counter();"
        "from dataclean.units.resolver import default_resolver; default_resolver();"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


class GeocoderStub:
    """Stands in for the peer's online geocoder: answers None at once and counts the calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, address: str) -> None:
        self.calls += 1


def stub_peer_geocoder() -> GeocoderStub | None:
    try:
        from vietnamadminunits.converter import converter_2025
    except ImportError:
        print("peer vietnamadminunits not installed: pip install -e '.[bench]'")
        return None
    stub = GeocoderStub()
    converter_2025.get_geo_location = stub
    return stub


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--distinct", type=int, default=2_000)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()

    print(f"reference load + resolver build (fresh process): {load_cost():.2f} s")
    pool = [r["address"] for r in messy_addresses.messy_addresses(a.distinct, a.seed)]
    pool = list(dict.fromkeys(pool))
    rnd = random.Random(a.seed)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))]
    column = rnd.choices(pool, weights, k=a.rows)
    print(f"distinct addresses: {len(pool):,}  column rows: {len(column):,}")

    from dataclean.runtime.resolving import resolve_columns
    from dataclean.units.resolver import Resolver, default_resolver

    default_resolver()
    fresh = Resolver()  # no address seen before: its caches start empty
    t = time.perf_counter()
    for address in pool:
        fresh.resolve_text(address)
    ours_each = (time.perf_counter() - t) / len(pool)
    df = pl.DataFrame({"address": column})
    t = time.perf_counter()
    out = resolve_columns(df, address="address")
    ours_column = time.perf_counter() - t
    assert out.height == df.height
    print(f"dataclean: {ours_each * 1e6:,.0f} µs per distinct address; column {ours_column:.2f} s")

    stub = stub_peer_geocoder()
    if stub is None:
        return
    import pandas as pd
    from vietnamadminunits import convert_address
    from vietnamadminunits.pandas import convert_address_column

    raised = 0
    t = time.perf_counter()
    for address in pool:
        try:
            convert_address(address)
        except Exception:  # noqa: BLE001 - the peer raises on addresses it cannot read
            raised += 1
    peer_each = (time.perf_counter() - t) / len(pool)
    each_calls, stub.calls = stub.calls, 0
    t = time.perf_counter()
    try:
        convert_address_column(pd.DataFrame({"address": column}), "address", show_progress=False)
        column_note = ""
    except Exception as exc:  # noqa: BLE001 - one unreadable row stops the peer's whole column
        column_note = f" (stopped: {type(exc).__name__})"
    peer_column = time.perf_counter() - t
    print(
        f"peer: {peer_each * 1e6:,.0f} µs per distinct address ({raised} raised, {each_calls} "
        f"geocoder calls stubbed); column {peer_column:.2f} s{column_note} ({stub.calls} "
        "geocoder calls stubbed)"
    )
    print(f"ratio per distinct address, peer / dataclean: {peer_each / ours_each:.1f}x")
    print(f"ratio column to column, peer / dataclean: {peer_column / ours_column:.1f}x")


if __name__ == "__main__":
    main()

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
network nor its failures are timed. Each of the four timings runs in a process of its own, so
that no tool's caches are warm from an earlier timing (`--repeat N` runs each N times and gives
the medians). Needs `pip install -e ".[bench]"` for the peer.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
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


def strings(distinct: int, rows: int, seed: int) -> tuple[list[str], list[str]]:
    """The distinct strings, and the column that repeats them as a commune file does."""
    pool = [r["address"] for r in messy_addresses.messy_addresses(distinct, seed)]
    pool = list(dict.fromkeys(pool))
    rnd = random.Random(seed)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))]
    return pool, rnd.choices(pool, weights, k=rows)


def ours(how: str, pool: list[str], column: list[str]) -> dict:
    from dataclean.runtime.resolving import resolve_columns
    from dataclean.units.resolver import Resolver, default_resolver

    default_resolver()  # the reference tables, loaded before the clock starts
    if how == "each":
        fresh = Resolver()  # no address seen before: its caches start empty
        t = time.perf_counter()
        for address in pool:
            fresh.resolve_text(address)
        return {"seconds": (time.perf_counter() - t) / len(pool)}
    df = pl.DataFrame({"address": column})
    t = time.perf_counter()
    out = resolve_columns(df, address="address")
    seconds = time.perf_counter() - t
    assert out.height == df.height
    return {"seconds": seconds}


def peer(how: str, pool: list[str], column: list[str]) -> dict:
    stub = stub_peer_geocoder()
    if stub is None:
        return {}
    import pandas as pd
    from vietnamadminunits import convert_address
    from vietnamadminunits.pandas import convert_address_column

    raised, note = 0, ""
    t = time.perf_counter()
    if how == "each":
        for address in pool:
            try:
                convert_address(address)
            except Exception:  # noqa: BLE001 - the peer raises on addresses it cannot read
                raised += 1
        seconds = (time.perf_counter() - t) / len(pool)
    else:
        try:
            convert_address_column(
                pd.DataFrame({"address": column}), "address", show_progress=False
            )
        except Exception as exc:  # noqa: BLE001 - one unreadable row stops the peer's column
            note = f" (stopped: {type(exc).__name__})"
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "raised": raised, "geocoder": stub.calls, "note": note}


def timed_apart(who: str, how: str, a: argparse.Namespace) -> dict:
    """One timing in a fresh process: its result as the child printed it."""
    args = [sys.executable, __file__, "--one", f"{who}:{how}", "--distinct", str(a.distinct)]
    args += ["--rows", str(a.rows), "--seed", str(a.seed)]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--distinct", type=int, default=2_000)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # the child's part: "ours:each" and so on
    a = ap.parse_args()
    if a.one:
        who, how = a.one.split(":")
        print(
            json.dumps((ours if who == "ours" else peer)(how, *strings(a.distinct, a.rows, a.seed)))
        )
        return

    print(f"reference load + resolver build (fresh process): {load_cost():.2f} s")
    pool, column = strings(a.distinct, a.rows, a.seed)
    print(f"distinct addresses: {len(pool):,}  column rows: {len(column):,}")
    runs: dict[str, list[dict]] = {}
    for _ in range(a.repeat):  # interleaved, so that a busy spell falls on both tools
        for key in ("ours:each", "peer:each", "ours:column", "peer:column"):
            runs.setdefault(key, []).append(timed_apart(*key.split(":"), a))
    if not runs["peer:each"][0]:
        print("peer vietnamadminunits not installed: pip install -e '.[bench]'")
        return
    med = {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()}
    pe, pc = runs["peer:each"][0], runs["peer:column"][0]
    print(
        f"dataclean: {med['ours:each'] * 1e6:,.0f} µs per distinct address; "
        f"column {med['ours:column']:.2f} s"
    )
    print(
        f"peer: {med['peer:each'] * 1e6:,.0f} µs per distinct address ({pe['raised']} raised, "
        f"{pe['geocoder']} geocoder calls stubbed); column {med['peer:column']:.2f} s"
        f"{pc['note']} ({pc['geocoder']} geocoder calls stubbed)"
    )
    if a.repeat > 1:
        print(f"(medians of {a.repeat} runs, each timing in a fresh process)")
    print(
        f"ratio per distinct address, peer / dataclean: {med['peer:each'] / med['ours:each']:.1f}x"
    )
    print(
        f"ratio column to column, peer / dataclean: {med['peer:column'] / med['ours:column']:.1f}x"
    )


if __name__ == "__main__":
    main()

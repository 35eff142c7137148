"""Free text as people type it: dataclean beside `vietnamadminunits.parse_address`, field by field.

    python bench/free_text.py                  # 2,000 addresses, seed 3
    python bench/free_text.py --rows 5000 --seed 9 --show 20
    python bench/free_text.py --leave-out 1   # every address without its district, province or both

The addresses come from `sample_data/messy_addresses.py`: one old commune of the statistics
list each, typed messily, with that row's codes as the truth. Both tools read the same strings.
A field counts as recognised when its old code is the truth's. "Confidently wrong" counts our
rows marked exact, matched or already_new whose commune is not the truth's (or whose 2025
commune is not one the crosswalk gives it); the peer marks nothing, so every wrong commune it
gives is silent. Needs `pip install -e ".[bench]"` for the peer.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_data"))  # the messy-address writer

import messy_addresses  # noqa: E402

CONFIDENT = {"exact", "matched", "already_new"}


def crosswalk_targets() -> dict[str, set[str]]:
    """Old commune code -> every 2025 commune either crosswalk gives it (from the tables)."""
    targets: dict[str, set[str]] = defaultdict(set)
    for name in ("crosswalk_a.csv", "crosswalk_b.csv"):
        shared = ROOT.parent / "shared" / "reference" / name
        path = shared if shared.exists() else ROOT / "dataclean" / "mappings" / name
        with path.open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                targets[r["old_commune_code"]].add(r["new_commune_code"])
    return targets


def ours(rows: list[dict]) -> tuple[list[dict], float]:
    from dataclean.units.resolver import default_resolver

    resolver = default_resolver()
    t = time.perf_counter()
    out = []
    for r in rows:
        res = resolver.resolve_text(r["address"])
        out.append(
            {
                "province": res.old_province_code,
                "district": res.old_district_code,
                "commune": res.old_commune_code,
                "new": res.new_commune_code,
                "status": res.status,
                "reason": res.reason,
            }
        )
    return out, time.perf_counter() - t


def peer(rows: list[dict]) -> tuple[list[dict] | None, float]:
    try:
        from vietnamadminunits import parse_address
    except ImportError:
        print("peer vietnamadminunits not installed: pip install -e '.[bench]'")
        return None, 0.0
    t = time.perf_counter()
    out = []
    for r in rows:
        try:
            u = parse_address(r["address"], mode="LEGACY", level=3)
            out.append(
                {"province": u.province_code, "district": u.district_code, "commune": u.ward_code}
            )
        except Exception:  # noqa: BLE001 - the peer raises on addresses it cannot read
            out.append({"province": None, "district": None, "commune": None})
    return out, time.perf_counter() - t


def score(rows: list[dict], got: list[dict]) -> dict[str, float]:
    n = len(rows)
    return {
        field: sum(g[field] == r[f"{field}_code"] for r, g in zip(rows, got, strict=True)) / n
        for field in ("province", "district", "commune")
    }


def confidently_wrong(rows: list[dict], got: list[dict], targets: dict[str, set[str]]) -> list:
    wrong = []
    for r, g in zip(rows, got, strict=True):
        if g["status"] not in CONFIDENT:
            continue
        if (g["commune"] is not None and g["commune"] != r["commune_code"]) or (
            g["commune"] is None and g["new"] not in targets.get(r["commune_code"], ())
        ):
            wrong.append((r, g))
    return wrong


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--show", type=int, default=0, help="print this many of our misses")
    ap.add_argument(
        "--leave-out",
        type=float,
        default=0.0,
        help="share of addresses typed without their district, province or both",
    )
    a = ap.parse_args()
    rows = messy_addresses.messy_addresses(a.rows, a.seed, a.leave_out)
    print(f"{len(rows):,} messy free-text addresses (seed {a.seed})")

    mine, mine_s = ours(rows)
    theirs, theirs_s = peer(rows)
    ours_score = score(rows, mine)
    print(f"{'field':<10} {'dataclean':>10} {'peer':>10}")
    peer_score = score(rows, theirs) if theirs else {}
    for field, value in ours_score.items():
        other = f"{peer_score[field]:>10.1%}" if peer_score else f"{'-':>10}"
        print(f"{field:<10} {value:>10.1%} {other}")

    wrong = confidently_wrong(rows, mine, crosswalk_targets())
    print(f"dataclean confidently wrong (exact/matched/already_new): {len(wrong)}")
    if theirs:
        silent = sum(
            1
            for r, g in zip(rows, theirs, strict=True)
            if g["commune"] and g["commune"] != r["commune_code"]
        )
        print(f"peer: a wrong commune given (it has no status): {silent}")
    print("dataclean statuses:", dict(Counter(g["status"] for g in mine).most_common()))
    print(
        f"time per address: dataclean {mine_s / len(rows) * 1e6:,.0f} µs"
        + (f", peer {theirs_s / len(rows) * 1e6:,.0f} µs" if theirs else "")
    )
    for r, g in wrong[: a.show]:
        print("WRONG", r["address"], "|", r["commune_code"], "->", g)
    misses = [(r, g) for r, g in zip(rows, mine, strict=True) if g["commune"] != r["commune_code"]]
    for r, g in misses[: a.show]:
        print("miss ", r["address"], "|", r["commune_code"], r["style"], "->", g["status"],
              g["commune"], (g["reason"] or "")[:100])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

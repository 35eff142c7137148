"""Communes abolished since 2019, typed as they were: dataclean beside `vietnamadminunits`.

    python bench/abolished.py                 # communes removed from 2023-01-01 on
    python bench/abolished.py --since 2019-01-01 --show 10

Each commune removed for good in the change events is typed as the address of its time
("Xã A, Huyện B, Tỉnh C"). Where it went is not in the office's lists, so two references are
used, both from the shared reference set and neither from the resolver:

* **agreed**: communes whose successor the aliases and that day's events agree on (the
  resolver's own evidence, so this subset checks the chain to 2025, not the inference);
* **aliases**: every commune the upstream alias tables map, taking their successor as the
  answer (the peer's own data: its guesses for split communes count as right for it).

A row is right when its 2025 commune is one the crosswalks give the reference successor (for a
split, dataclean must say `split` and list them); flagged when dataclean does not answer but
lists a right one among its candidates; confidently wrong when it answers exact, matched or
already_new with another commune. Needs `pip install -e ".[bench]"` for the peer.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections import defaultdict
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"
CONFIDENT = {"exact", "matched", "already_new"}


def _tool(name: str):
    """A script of `tools/`, whose alias matching this bench shares."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference(since: str) -> list[dict]:
    """The removed communes with their address as typed then and both references."""
    history = SHARED / "history"
    events = pl.read_csv(history / "change_events_since_2019.csv", infer_schema=False)
    aliases = pl.read_csv(history / "aliases_commune.csv", infer_schema=False)
    legacy = pl.read_csv(SHARED / "units_legacy.csv", infer_schema=False)
    successors = pl.read_csv(
        ROOT / "dataclean" / "mappings" / "history_successors.csv", infer_schema=False
    )
    current = set(legacy["commune_code"].drop_nulls())
    derivation = _tool("derive_history")
    by_alias = derivation.alias_targets(aliases, legacy)
    certain = dict(
        successors.filter(pl.col("certainty") == "certain").select("code", "successor_code").rows()
    )
    targets: dict[str, set[str]] = defaultdict(set)
    for name in ("crosswalk_a.csv", "crosswalk_b.csv", "crosswalk_nso.csv"):
        table = pl.read_csv(SHARED / name, infer_schema=False).drop_nulls("old_commune_code")
        for old, new in table.select("old_commune_code", "new_commune_code").rows():
            targets[old].add(new)
    rows = []
    removed = events.filter(
        (pl.col("level") == "commune")
        & (pl.col("change") == "removed")
        & (pl.col("effective_date") >= since)
    )
    for r in removed.iter_rows(named=True):
        if r["code"] in current:
            continue
        named = derivation.aliases_of(by_alias, r)

        agreed = certain.get(r["code"])
        rows.append(
            {
                "address": f"{r['old_name']}, {r['old_parent_name']}, {r['old_province_name']}",
                "agreed": targets.get(agreed, set()) if agreed in current else None,
                "aliases": set().union(*(targets.get(c, set()) for c in named)) if named else None,
            }
        )
    return rows


def ours(rows: list[dict]) -> list[dict]:
    from dataclean.units.resolver import default_resolver

    resolver = default_resolver()
    return [
        {
            "status": (res := resolver.resolve_text(r["address"])).status,
            "new": res.new_commune_code,
            "candidates": {c.new_code for c in res.candidates},
            "reason": res.reason,
        }
        for r in rows
    ]


def peer(rows: list[dict]) -> list[str | None] | None:
    try:
        from vietnamadminunits import convert_address
        from vietnamadminunits.converter import converter_2025
    except ImportError:
        print("peer vietnamadminunits not installed: pip install -e '.[bench]'")
        return None
    converter_2025.get_geo_location = lambda address: None  # offline: no geocoder calls
    out: list[str | None] = []
    for r in rows:
        try:
            out.append(convert_address(r["address"]).ward_code)
        except Exception:  # noqa: BLE001 - the peer raises on addresses it cannot read
            out.append(None)
    return out


def judge(truth: set[str], got: dict) -> str:
    if got["status"] in CONFIDENT:
        return "right" if got["new"] in truth else "wrong"
    if len(truth) > 1 and got["status"] == "split" and got["candidates"] == truth:
        return "right"
    return "flagged" if got["candidates"] & truth else "missed"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--since", default="2023-01-01")
    ap.add_argument("--show", type=int, default=0, help="print this many confidently wrong rows")
    a = ap.parse_args()
    rows = reference(a.since)
    print(f"communes removed for good since {a.since}: {len(rows):,}")
    t = time.perf_counter()
    mine = ours(rows)
    print(f"dataclean: {time.perf_counter() - t:.2f} s")
    theirs = peer(rows)
    for name in ("agreed", "aliases"):
        cases = [(r, g, i) for i, (r, g) in enumerate(zip(rows, mine, strict=True)) if r[name]]
        verdicts = [judge(r[name], g) for r, g, _ in cases]
        n = len(cases)
        right, flagged = verdicts.count("right"), verdicts.count("flagged")
        line = (
            f"{name:<8} {n:>5} rows: dataclean right {right / n:.1%}, right or flagged "
            f"{(right + flagged) / n:.1%}, confidently wrong {verdicts.count('wrong')}"
        )
        if theirs is not None:
            peer_right = sum(theirs[i] in r[name] for r, _, i in cases)
            peer_wrong = sum(
                theirs[i] is not None and theirs[i] not in r[name] for r, _, i in cases
            )
            line += f"; peer right {peer_right / n:.1%}, silently wrong {peer_wrong}"
        print(line)
        shown = 0
        for (r, g, _), v in zip(cases, verdicts, strict=True):
            if v == "wrong" and shown < a.show:
                print("  WRONG", r["address"], sorted(r[name]), "->", g["new"], g["reason"][:160])
                shown += 1


if __name__ == "__main__":
    main()

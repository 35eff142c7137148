"""Derive the shipped unit history from the shared reference set.

    python tools/derive_history.py     # reads ../shared/reference/history/ and units_legacy.csv

Writes two tables into `dataclean/mappings/`:

* `history_units.csv`: every version of a commune or district listed by the statistics office
  between 2018-10-16 and 2025-03-01 that the list of 30 June 2025 no longer has as it was: a
  unit since removed, or one since renamed, retyped or moved to another district (its code
  then follows it to today's unit).
* `history_successors.csv`: for every commune removed for good, the units its area went to,
  each with a certainty. The snapshots have no successor links, so they are inferred from two
  sources: what in the same district was renamed, retyped, added or moved on the day of the
  removal (the change events), and the name aliases of abolished communes (vietnamadminunits,
  which name the unit that absorbed each on the last pre-2025 list). A link is *certain* when
  both sources name the same single unit; otherwise every unit either source names is a
  *candidate*, and none is picked.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import polars as pl
from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"
HISTORY = SHARED / "history"
OUT = ROOT / "dataclean" / "mappings"


def _key(text: str | None) -> str:
    """The aliases' key: no marks, no spaces, no punctuation."""
    return "".join(c for c in unidecode(text or "").lower() if c.isalnum())


def _short(name: str, type_word: str) -> str:
    return name[len(type_word) + 1 :] if name.startswith(type_word + " ") else name


def history_units(units: pl.DataFrame, legacy: pl.DataFrame) -> pl.DataFrame:
    communes = legacy.drop_nulls("commune_code")
    current_communes = {
        (c, " ".join(n.split()), d)
        for c, n, d in communes.select("commune_code", "commune_name", "district_code").rows()
    }
    current_districts = {
        (c, " ".join(n.split()))
        for c, n in legacy.select("district_code", "district_name").unique().rows()
    }
    rows = []
    for r in units.filter(pl.col("level") != "province").iter_rows(named=True):
        name = " ".join(r["name"].split())
        if r["level"] == "commune":
            if (r["code"], name, r["district_code"]) in current_communes:
                continue
        elif (r["code"], name) in current_districts:
            continue
        rows.append(
            {
                "level": r["level"],
                "code": r["code"],
                "name": name,
                "type": r["type"],
                "district_code": r["district_code"],
                "province_code": r["province_code"],
                "listed_from": r["listed_from"],
                "listed_to": r["listed_to"],
            }
        )
    return pl.DataFrame(rows).unique(maintain_order=True)


def alias_targets(aliases: pl.DataFrame, legacy: pl.DataFrame) -> dict[tuple, set[str]]:
    """(province key, district key, alias) -> the codes on the last list the alias names."""
    by_key = {
        (_key(p), _key(d), _key(c)): code
        for p, d, c, code in legacy.drop_nulls("commune_code")
        .select("province_name", "district_name", "commune_name", "commune_code")
        .rows()
    }
    targets: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for p, d, ward, alias in aliases.select(
        "province_key", "district_key", "ward_key", "alias_keyword"
    ).rows():
        code = by_key.get((p, d, ward))
        if code:
            targets[p, d, alias].add(code)
    return targets


def aliases_of(targets: dict[tuple, set[str]], removed: dict) -> set[str]:
    """What the aliases name for a removed commune (an event row), by its name with and
    without its type word."""
    p, d = _key(removed["old_province_name"]), _key(removed["old_parent_name"])
    short = _short(removed["old_name"], removed["old_type"])
    return targets.get((p, d, _key(short)), set()) | targets.get(
        (p, d, _key(removed["old_name"])), set()
    )


def successors(
    events: pl.DataFrame, aliases: pl.DataFrame, legacy: pl.DataFrame, units: pl.DataFrame
) -> pl.DataFrame:
    current = set(legacy["commune_code"].drop_nulls())
    listed = set(units.filter(pl.col("level") == "commune")["code"])
    by_alias = alias_targets(aliases, legacy)
    changed: dict[tuple[str, str], set[str]] = defaultdict(set)
    # What each unit changed that day is called after it: a unit that takes the removed one's
    # name ("Xã A + Xã B -> Xã A" under B's code) carries it on.
    renamed_to: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    communes = events.filter(pl.col("level") == "commune")
    for r in communes.filter(pl.col("change") != "removed").iter_rows(named=True):
        for parent in {r["old_parent_code"], r["new_parent_code"]} - {None}:
            changed[r["effective_date"], parent].add(r["code"])
            if r["new_name"]:
                renamed_to[r["effective_date"], parent][r["code"]] = _key(
                    _short(r["new_name"], r["new_type"] or "")
                )
    rows = []
    removed = communes.filter(pl.col("change") == "removed")
    for r in removed.iter_rows(named=True):
        code = r["code"]
        if code in current:
            continue  # back on the list later: not removed for good
        same_day = changed.get((r["effective_date"], r["old_parent_code"]), set()) - {code}
        named = aliases_of(by_alias, r)
        own = _key(_short(r["old_name"], r["old_type"]))
        day = renamed_to.get((r["effective_date"], r["old_parent_code"]), {})
        carries = {c for c, name in day.items() if name == own and c != code}
        # Certain: the aliases and that day's changes name the same single unit, or the one
        # unit that took the removed one's name that day, where the aliases say nothing else.
        certain = (len(named) == 1 and named <= same_day) or (
            len(carries) == 1 and named <= carries
        )
        chosen = (named or carries) if certain else named | same_day
        for target in sorted(chosen):
            if target not in listed and target not in current:
                continue
            evidence = "+".join(
                s
                for s, on in (
                    ("events", target in same_day),
                    ("aliases", target in named),
                    ("name", target in carries),
                )
                if on
            )
            rows.append(
                {
                    "code": code,
                    "name": r["old_name"],
                    "effective_date": r["effective_date"],
                    "successor_code": target,
                    "certainty": "certain" if certain else "candidate",
                    "evidence": evidence,
                    "resolutions": r["resolutions_naming_this_province"],
                }
            )
    schema = {
        k: pl.String
        for k in (
            "code",
            "name",
            "effective_date",
            "successor_code",
            "certainty",
            "evidence",
            "resolutions",
        )
    }
    return pl.DataFrame(rows, schema=schema)


def derive(shared: Path = SHARED) -> tuple[pl.DataFrame, pl.DataFrame]:
    history = shared / "history"
    units = pl.read_csv(history / "units_since_2019.csv", infer_schema=False)
    events = pl.read_csv(history / "change_events_since_2019.csv", infer_schema=False)
    aliases = pl.read_csv(history / "aliases_commune.csv", infer_schema=False)
    legacy = pl.read_csv(shared / "units_legacy.csv", infer_schema=False)
    return history_units(units, legacy), successors(events, aliases, legacy, units)


def main() -> int:
    if not HISTORY.is_dir():
        print(f"not found: {HISTORY}", file=sys.stderr)
        return 1
    units, links = derive()
    units.write_csv(OUT / "history_units.csv")
    links.write_csv(OUT / "history_successors.csv")
    certain = links.filter(pl.col("certainty") == "certain")["code"].n_unique()
    print(f"history_units.csv: {units.height:,} versions")
    print(
        f"history_successors.csv: {links.height:,} links for {links['code'].n_unique():,} "
        f"removed communes, {certain:,} with a certain successor"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What became of each old commune, from the two independent crosswalks.

* ``single``: both crosswalks send the whole commune to one new commune.
* ``split``: the commune went to several new ones (both crosswalks say so); every candidate
  is kept, from either side, and none is picked.
* ``disputed``: the crosswalks disagree on whether or where it went; both sides are shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from dataclean import mappings
from dataclean.units.gazetteer import gazetteer
from dataclean.units.names import short_name
from dataclean.vietnamese import tone_key

SINGLE, SPLIT, DISPUTED = "single", "split", "disputed"


@dataclass(frozen=True, slots=True)
class Target:
    """One new commune an old commune went to (wholly or in part)."""

    code: str
    name: str
    province_code: str
    province_name: str
    in_a: bool  # named by crosswalk A (the resolutions)
    in_b: bool  # named by crosswalk B (vietnamadminunits)
    relation: str | None  # crosswalk A: full / partial
    resolution: str | None
    clause: str | None
    legal_note: str | None  # e.g. the clause spells the old name differently

    def label(self) -> str:
        return f"{self.code} {self.name} ({self.province_name})"

    def sources(self) -> str:
        return "+".join(s for s, on in (("A", self.in_a), ("B", self.in_b)) if on)


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    targets: tuple[Target, ...]
    note: str | None = None


def _clause_note(old_name: str, clause: str) -> str | None:
    short = short_name(old_name)
    if short.lower() in clause.lower() or tone_key(short) in tone_key(clause):
        return None
    return (
        f"Nghị quyết ghi tên khác với danh mục thống kê: '{short_name(old_name)}' không có "
        "nguyên văn trong điều khoản (the clause spells the old name differently)"
    )


def _note(kind: str, a: set[str], b: set[str]) -> str | None:
    if a == b:
        return None
    only_a, only_b = sorted(a - b), sorted(b - a)
    parts = []
    if only_a:
        parts.append("chỉ bảng A (only crosswalk A): " + ", ".join(only_a))
    if only_b:
        parts.append("chỉ bảng B (only crosswalk B): " + ", ".join(only_b))
    if not b:
        return "Chỉ bảng A có mã này (only crosswalk A has this code)"
    head = "Hai bảng chuyển đổi khác nhau" if kind == DISPUTED else "Hai bảng liệt kê khác nhau"
    return f"{head} (the crosswalks disagree): " + "; ".join(parts)


@cache
def outcomes() -> dict[str, Outcome]:
    """Outcome for every old commune code either crosswalk knows."""
    gz = gazetteer()
    a_rows: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in mappings.crosswalk_a().rows(named=True):
        a_rows[r["old_commune_code"]][r["new_commune_code"]] = r
    b_rows: dict[str, set[str]] = defaultdict(set)
    for old, new in mappings.crosswalk_b().select("old_commune_code", "new_commune_code").rows():
        b_rows[old].add(new)

    result: dict[str, Outcome] = {}
    for old in sorted(set(a_rows) | set(b_rows)):
        a, b = set(a_rows.get(old, {})), b_rows.get(old, set())
        if a == b or not b or not a:
            kind = SINGLE if len(a | b) == 1 else SPLIT
        elif len(a) > 1 and len(b) > 1:
            kind = SPLIT
        else:
            kind = DISPUTED
        targets = []
        for code in sorted(a | b):
            unit = gz.new_communes.get(code)
            row = a_rows.get(old, {}).get(code)
            if unit is not None:
                province = gz.new_provinces[unit.province_code]
                name, prov_code, prov_name = unit.name, province.code, province.name
            else:  # crosswalk B names one code that is not a 2025 code
                name, prov_code, prov_name = "(mã không có trong danh mục 2025)", "", ""
            listed = gz.old_communes.get(old)
            # The statistics list's spelling is what the clause is checked against.
            old_name = listed.name if listed else (row["old_commune_name"] if row else None)
            targets.append(
                Target(
                    code=code,
                    name=name,
                    province_code=prov_code,
                    province_name=prov_name,
                    in_a=row is not None,
                    in_b=code in b,
                    relation=row["relation"] if row else None,
                    resolution=row["resolution"] if row else None,
                    clause=row["clause"] if row else None,
                    legal_note=_clause_note(old_name, row["clause"]) if row else None,
                )
            )
        result[old] = Outcome(kind, tuple(targets), _note(kind, a, b))
    return result

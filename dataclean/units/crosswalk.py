"""What became of each old commune, from the statistics office's official transition table
and the two independent crosswalks.

* ``single``: the commune, or all of its residents, went to one new commune;
* ``split``: the commune went to several new ones; every candidate is kept and none is picked;
* ``disputed``: the sources disagree and the official table does not settle it (it agrees
  with neither crosswalk, or differs from both where they agree); every side is shown.

The official table (Cục Thống kê, "Bảng chuyển đổi ĐVHC mới–cũ") is the authority for 2025:
where the crosswalks disagree and it agrees with one of them, that one is followed and the
other's view is kept in the note. A split commune whose residents all went to one successor
("Nhập một phần diện tích, toàn bộ dân số") has one answer for a resident record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from dataclean import mappings
from dataclean.units.cache import loaded
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
    in_nso: bool = False  # named by the statistics office's official table
    nso_note: str | None = None  # the office's note on the link ("Nhập toàn bộ", …)

    def sources(self) -> str:
        marks = (("A", self.in_a), ("B", self.in_b), ("TK", self.in_nso))
        return "+".join(s for s, on in marks if on)


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


NSO = "theo bảng chuyển đổi chính thức của Cục Thống kê (official NSO transition table)"
WHOLE_POPULATION = "toàn bộ dân số"


@dataclass(frozen=True, slots=True)
class Settled:
    """What the sources say of one old commune, and which targets stand."""

    kind: str
    targets: frozenset[str]
    note: str | None


def settle(
    a: set[str], b: set[str], nso: dict[str, str], names: dict[str, str] | None = None
) -> Settled:
    """Decide an old commune from crosswalk A's targets ``a``, crosswalk B's ``b`` and the
    official table's ``nso`` (target -> the office's note). ``names`` words the notes."""
    n = set(nso)

    def label(codes: set[str]) -> str:
        return ", ".join(f"{c} {(names or {}).get(c, '')}".strip() for c in sorted(codes))

    if a == b or not a or not b:
        agreed = a | b
        if n and n != agreed:
            return Settled(
                DISPUTED,
                frozenset(agreed | n),
                f"Bảng chuyển đổi chính thức ghi {label(n)}; hai bảng A, B ghi {label(agreed)} "
                "(the official table differs from both crosswalks)",
            )
        chosen, how = agreed, _note(SPLIT if len(agreed) > 1 else SINGLE, a, b)
    elif n in (a, b):
        same, other, other_name = ("A", b, "B") if n == a else ("B", a, "A")
        chosen = n
        how = (
            f"Hai bảng khác nhau (the crosswalks disagree); {NSO}, như bảng {same}; "
            f"bảng {other_name} ghi {label(other)}"
        )
    else:
        note = _note(DISPUTED, a, b)
        if n:
            note = f"{note}; bảng chính thức (official table): {label(n)}"
        return Settled(DISPUTED, frozenset(a | b | n), note)
    whole = {t for t in chosen if WHOLE_POPULATION in nso.get(t, "")}
    if len(chosen) > 1 and len(whole) == 1:
        (_target,) = whole
        land = chosen - whole
        note = (
            f"Toàn bộ dân số về {label(whole)}; chỉ một phần diện tích về {label(land)}, "
            f"{NSO} (all residents went to one successor)"
        )
        return Settled(SINGLE, frozenset(whole), "; ".join(x for x in (how, note) if x))
    return Settled(SINGLE if len(chosen) == 1 else SPLIT, frozenset(chosen), how)


@cache
def outcomes() -> dict[str, Outcome]:
    """Outcome for every old commune code any of the three tables knows."""
    return loaded("outcomes", _outcomes)


def _outcomes() -> dict[str, Outcome]:
    import polars as pl  # here: a resolver read back from its cache needs no table

    gz = gazetteer()
    a_rows: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in mappings.crosswalk_a().rows(named=True):
        a_rows[r["old_commune_code"]][r["new_commune_code"]] = r
    b_rows: dict[str, set[str]] = defaultdict(set)
    for old, new in mappings.crosswalk_b().select("old_commune_code", "new_commune_code").rows():
        b_rows[old].add(new)
    nso_rows: dict[str, dict[str, str]] = defaultdict(dict)
    for old, new, note in (
        mappings.crosswalk_nso()
        .filter(pl.col("old_commune_code").is_not_null())
        .select("old_commune_code", "new_commune_code", "note")
        .rows()
    ):
        nso_rows[old][new] = note
    names = {code: u.name for code, u in gz.new_communes.items()}

    result: dict[str, Outcome] = {}
    for old in sorted(set(a_rows) | set(b_rows) | set(nso_rows)):
        a, b, nso = set(a_rows.get(old, {})), b_rows.get(old, set()), nso_rows.get(old, {})
        settled = settle(a, b, nso, names)
        targets = []
        for code in sorted(settled.targets):
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
                    legal_note=_clause_note(old_name, row["clause"]) if row and old_name else None,
                    in_nso=code in nso,
                    nso_note=nso.get(code),
                )
            )
        result[old] = Outcome(settled.kind, tuple(targets), settled.note)
    return result


@cache
def predecessor_districts() -> dict[str, frozenset[str]]:
    """The old districts each new commune took land from (its predecessors' districts)."""
    gz = gazetteer()
    found: dict[str, set[str]] = defaultdict(set)
    for old, outcome in outcomes().items():
        unit = gz.old_communes.get(old)
        if unit is None or unit.district_code is None:
            continue
        for target in outcome.targets:
            found[target.code].add(unit.district_code)
    return {code: frozenset(districts) for code, districts in found.items()}

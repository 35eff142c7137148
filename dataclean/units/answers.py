"""The answer for an old or a 2025 unit: its fields, its candidates, its legal basis, its
status, built once for each unit and certainty (see :mod:`dataclean.units.result`)."""

from __future__ import annotations

from functools import cache

from dataclean.units.crosswalk import SINGLE, SPLIT, Outcome, Target
from dataclean.units.gazetteer import Gazetteer, Unit
from dataclean.units.matching import Context
from dataclean.units.result import ALREADY_NEW, FUZZY, UNRESOLVED, Candidate, Resolution


class Answers:
    """Results from units, over one gazetteer and the crosswalks' outcomes."""

    def __init__(self, gz: Gazetteer, outcomes: dict[str, Outcome]) -> None:
        self.gz = gz
        self.outcomes = outcomes
        self._fields: dict[str, dict] = {}  # old unit code -> its fields, never changed
        self._results: dict[tuple, Resolution] = {}
        self._resolutions: dict[str, str | None] = {}  # new province code -> its resolution

    def load_all(self) -> None:
        """Load now what would otherwise be read with polars on first use."""
        for code in self.gz.new_provinces:
            self.resolution(code)

    def resolution(self, new_province_code: str) -> str | None:
        """The resolution that made this 2025 province (see :func:`resolution_for_province`),
        kept here so that a resolver read back from its cache needs no table."""
        if new_province_code not in self._resolutions:
            self._resolutions[new_province_code] = resolution_for_province(new_province_code)
        return self._resolutions[new_province_code]

    def old_fields(self, unit: Unit) -> dict:
        if unit.code not in self._fields:
            self._fields[unit.code] = self.read_old_fields(unit)
        return self._fields[unit.code]

    def read_old_fields(self, unit: Unit) -> dict:
        gz = self.gz
        province = gz.old_provinces.get(unit.province_code)
        district = gz.old_districts.get(unit.district_code) if unit.district_code else None
        return {
            "old_province_code": unit.province_code,
            "old_province_name": province.name if province else None,
            "old_district_code": district.code if district else None,
            "old_district_name": district.name if district else None,
            "old_commune_code": unit.code,
            "old_commune_name": unit.name,
        }

    def new_fields(self, unit: Unit) -> dict:
        province = self.gz.new_provinces[unit.province_code]
        return {
            "new_commune_code": unit.code,
            "new_commune_name": unit.name,
            "new_province_code": province.code,
            "new_province_name": province.name,
        }

    @staticmethod
    def candidate(t: Target, old: Unit | None = None, old_district: str | None = None):
        return Candidate(
            t.code,
            t.name,
            t.province_name,
            old.code if old else None,
            old.name if old else None,
            old_district,
            t.sources(),
            t.resolution,
            t.clause,
        )

    def from_old(self, unit: Unit, ctx: Context) -> Resolution:
        # Many typings of an address come to the same old commune with the same certainty:
        # their (frozen) result is made once.
        key = (unit.code, ctx.quality, ctx.score, tuple(ctx.notes))
        if key not in self._results:
            self._results[key] = self.read_from_old(unit, ctx)
        return self._results[key]

    def read_from_old(self, unit: Unit, ctx: Context) -> Resolution:
        outcome: Outcome | None = self.outcomes.get(unit.code)
        old = self.old_fields(unit)
        notes = list(ctx.notes)
        if outcome is None:
            return Resolution(
                UNRESOLVED,
                reason=f"Không có {unit.name} trong bảng chuyển đổi (not in the crosswalks)",
                **old,
            )
        if outcome.note:
            notes.append(outcome.note)
        if outcome.kind == SINGLE:
            t = outcome.targets[0]
            legal_note = t.legal_note
            if t.clause is None:
                # Only crosswalk B and the official table give this link: the province's
                # resolution is cited, and the note says that no clause row was found.
                legal_note = (
                    "Bảng A không có điều khoản cho liên kết này; căn cứ bảng chuyển đổi chính "
                    "thức của Cục Thống kê (no clause row in crosswalk A; per the NSO table)"
                )
            return Resolution(
                ctx.quality,
                ctx.score,
                "; ".join(notes),
                **old,
                **self.new_fields(self.gz.new_communes[t.code]),
                resolution=t.resolution or self.resolution(t.province_code),
                clause=t.clause,
                legal_note=legal_note,
            )
        candidates = tuple(self.candidate(t) for t in outcome.targets)
        if outcome.kind == SPLIT:
            head = (
                f"{unit.name} được chia cho {len(candidates)} xã/phường mới; cần chọn một "
                f"(split into {len(candidates)} new communes: choose one)"
            )
        else:
            head = f"{unit.name}: hai bảng chuyển đổi không thống nhất (crosswalks disagree)"
        return Resolution(
            outcome.kind, ctx.score, "; ".join([head, *notes]), **old, candidates=candidates
        )

    def already_new(self, unit: Unit, ctx: Context) -> Resolution:
        status = FUZZY if ctx.quality == FUZZY else ALREADY_NEW
        return Resolution(status, ctx.score, "; ".join(ctx.notes), **self.new_fields(unit))

    @staticmethod
    def unresolved(reason: str, candidates=(), **fields) -> Resolution:
        return Resolution(UNRESOLVED, reason=reason, candidates=tuple(candidates), **fields)

    def old_candidates(self, units: list[Unit]) -> list[Candidate]:
        out = []
        for u in units:
            district = self.gz.old_districts.get(u.district_code) if u.district_code else None
            for t in self.outcomes[u.code].targets if u.code in self.outcomes else ():
                out.append(self.candidate(t, u, district.name if district else None))
        return out

    def new_candidates(self, units: list[Unit]) -> list[Candidate]:
        return [
            Candidate(u.code, u.name, self.gz.new_provinces[u.province_code].name, sources="2025")
            for u in units
        ]

    def single_target(self, unit: Unit) -> str | None:
        outcome = self.outcomes.get(unit.code)
        if outcome and outcome.kind == SINGLE:
            return outcome.targets[0].code
        return None


@cache
def resolution_for_province(new_province_code: str) -> str | None:
    import polars as pl

    from dataclean import mappings

    rows = (
        mappings.crosswalk_a()
        .filter(pl.col("new_province_code") == new_province_code)
        .get_column("resolution")
        .unique()
        .to_list()
    )
    return rows[0] if len(rows) == 1 else None

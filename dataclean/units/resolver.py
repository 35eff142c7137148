"""Turn an old address, however it was typed, into the new two-level unit with an honest status.

The front (:meth:`Resolver.resolve` for parts, :meth:`Resolver.resolve_text` for one line)
and the decisions: which reading stands, what the crosswalks say of it, and what status that
earns. A one-line address is read by :mod:`dataclean.units.text`; units of the past are
followed by :mod:`dataclean.units.through_history`; matching a part is
:mod:`dataclean.units.matching`; the answer is built by :mod:`dataclean.units.answers` and its
statuses are :mod:`dataclean.units.result`.
Everything runs offline on the shipped tables.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache
from typing import cast

from dataclean.units import text
from dataclean.units.answers import Answers
from dataclean.units.cache import cached
from dataclean.units.crosswalk import (
    outcomes,
)
from dataclean.units.gazetteer import NATIONAL, Gazetteer, gazetteer
from dataclean.units.history import history
from dataclean.units.matching import (
    QUALITY_RANK,
    Context,
    Match,
    Matcher,
    as_code,
)
from dataclean.units.names import COMMUNE, UnitName, readings
from dataclean.units.reader import AddressReader, default_reader
from dataclean.units.result import (
    ALREADY_NEW,
    CONFIDENT,
    FUZZY,
    MATCHED,
    UNRESOLVED,
    Resolution,
    degraded,
    replaced,
    several_old,
)
from dataclean.units.through_history import across_dates, past_or_new
from dataclean.vietnamese import clean_text, collapse_spaces

_PARTS_CACHE_SIZE = 200_000


class Resolver:
    """Resolve old addresses against the shipped gazetteer and crosswalks."""

    def __init__(self, gz: Gazetteer | None = None, as_of: dt.date | None = None) -> None:
        self.gz = gz or gazetteer()
        # The date the list was made (`--ngay-lap`): a name that meant different units at
        # different dates is read as it was on that day.
        self.as_of = as_of
        self.reader = default_reader() if gz is None else AddressReader(gz)
        self.outcomes = outcomes()
        self.match = Matcher(self.gz, as_of)
        self.answers = Answers(self.gz, self.outcomes)
        self._parts_cache: dict[tuple[str | None, ...], Resolution] = {}

    def load_all(self) -> None:
        """Load now what the resolver would otherwise read with polars on first use."""
        self.answers.load_all()

    # ---- the decision ------------------------------------------------------------------

    def _where(self, ctx: Context, province_text: str | None) -> str:
        if ctx.districts:
            return ", ".join(sorted({d.name for d in ctx.districts}))
        return province_text or "cả nước (nationwide)"

    def _decide(
        self,
        old: Match | None,
        new: Match | None,
        ctx: Context,
        typed: str,
        province_text: str | None,
        kind: str | None,
    ) -> Resolution:
        """The answer from the old and the new communes the name matched."""
        old, new = _preferred(old, new, kind)
        commune, where = clean_text(typed), self._where(ctx, province_text)
        if old and new:
            return self._old_and_new(old, new, ctx, commune, where)
        if old:
            return self._old_only(old, ctx, commune, where)
        if new:
            ctx.degrade(new.quality, new.score, new.note)
            if len(new.units) == 1:
                return self.answers.already_new(new.units[0], ctx)
            return self.answers.unresolved(
                f"Có {len(new.units)} xã/phường mới tên '{commune}' ở {where} "
                f"({len(new.units)} new communes share this name)",
                self.answers.new_candidates(new.units),
            )
        return self.answers.unresolved(
            f"Không có xã/phường tên '{commune}' ở {where} (no commune named '{commune}' in "
            f"{where})"
        )

    def _old_and_new(
        self, old: Match, new: Match, ctx: Context, commune: str, where: str
    ) -> Resolution:
        """A name both an old and a 2025 commune have: one answer only if both lead there."""
        targets = {self.answers.single_target(u) for u in old.units}
        if len(new.units) == 1 and targets == {u.code for u in new.units}:
            # Both readings agree: an old name that the new commune kept. An old reading
            # exists, so the answer is not `already_new`: it comes with its legal basis.
            ctx.degrade(max(old.quality, new.quality, key=QUALITY_RANK.__getitem__))
            ctx.notes.append(
                f"Tên cũ trùng tên {new.units[0].name} (the old name is also the new one's)"
            )
            if len(old.units) > 1:
                return several_old(self.answers.from_old(old.units[0], ctx), old.units, self.gz)
            return self.answers.from_old(old.units[0], ctx)
        return self.answers.unresolved(
            f"'{commune}' vừa là tên xã cũ vừa là tên xã mới ở {where}, dẫn tới kết quả "
            "khác nhau (both an old and a new commune name, with different results)",
            self.answers.old_candidates(old.units) + self.answers.new_candidates(new.units),
        )

    def _old_only(self, old: Match, ctx: Context, commune: str, where: str) -> Resolution:
        """Old communes only: one, several that went to one new commune, or a choice."""
        ctx.degrade(old.quality, old.score, old.note)
        if len(old.units) == 1:
            return self.answers.from_old(old.units[0], ctx)
        targets = {self.answers.single_target(u) for u in old.units}
        if len(targets) == 1 and None not in targets:
            # Several old communes of that name, all merged into the same new one.
            return several_old(self.answers.from_old(old.units[0], ctx), old.units, self.gz)
        why = _why_several(old, ctx.district_given, commune, where)
        return self.answers.unresolved(why, self.answers.old_candidates(old.units))

    def _commune_by_code(self, code: str, ctx: Context, raw: str) -> Resolution | None:
        unit = self.gz.old_communes.get(code.zfill(5)) if len(code) <= 5 else None
        # A number of one to three digits is a house or ward number more often than a code
        # that lost its zeros: it is read as a code only where the code fits what was given,
        # and never with nothing given ("4" is Phường 4 of some district, not 00004).
        short = len(code) < 4
        if unit is None or (short and not (ctx.province or ctx.districts)):
            return None
        gz = self.gz
        if ctx.province:
            allowed = {p for t in ctx.province.old_tiers(gz) for p in t}
            if unit.province_code not in allowed:
                if short:
                    return None
                province = gz.old_provinces.get(unit.province_code)
                return self.answers.unresolved(
                    f"Mã xã {unit.code} ({unit.name}) thuộc {province.name if province else '?'}"
                    f", không khớp tỉnh đã ghi (the commune code belongs to another province)",
                    self.answers.old_candidates([unit]),
                    **self.answers.old_fields(unit),
                )
        if ctx.districts and unit.district_code not in {d.code for d in ctx.districts}:
            if short:
                return None
            return self.answers.unresolved(
                f"Mã xã {unit.code} ({unit.name}) không thuộc quận/huyện đã ghi (the commune "
                "code belongs to another district)",
                self.answers.old_candidates([unit]),
                **self.answers.old_fields(unit),
            )
        if unit.code in gz.codes_only_in_a:
            ctx.notes.append("Mã chỉ có trong bảng A (code known only to crosswalk A)")
        if code != unit.code:
            # Not as typed: the zeros were put back; from a number of one to three digits that
            # is only a guess.
            ctx.degrade(
                FUZZY if short else MATCHED,
                note=f"Mã '{raw}' được bổ sung số 0 thành {unit.code} (leading zeros)",
            )
        return self.answers.from_old(unit, ctx)

    def _commune(self, commune: str, ctx: Context, province_text: str | None) -> Resolution:
        gz = self.gz
        code = as_code(commune)
        # "5" is more often Phường 5 than code 00005 (and with nothing around it never a code:
        # see _commune_by_code), so only a longer number is tried as a code first.
        code_first = code is not None and len(code) > 2
        by_code = self._commune_by_code(code, ctx, commune) if code and code_first else None
        if by_code is not None:
            return by_code
        names = readings(commune, COMMUNE)
        old_tiers = self._old_tiers(ctx)
        old = self._old_by_name(names, old_tiers)
        merged_in = None
        if old is not None and not ctx.districts:
            merged_in = self._also_merged_in(old, names, ctx, old_tiers)
        past = None
        if old is None:
            # A commune by a name it had since 2019, or one removed since: followed to today.
            past = self.match.find(history().communes, old_tiers, names)
            if ctx.districts and ctx.province:
                old = self._elsewhere_in_province(names, ctx, commune, province_text)
        elif ctx.districts:
            across = self._across_dates_if_any(old, names, old_tiers, ctx, commune)
            if across is not None:
                return across
        may_be_new = not ctx.district_given or not ctx.districts
        new_tiers: list[tuple[str, ...]] = []
        if may_be_new:
            new_tiers = ctx.province.new_tiers(gz) if ctx.province else [(NATIONAL,)]
        new = self._new_reading(old, names, ctx, new_tiers)
        if past is not None and past.quality == FUZZY and new is not None and new.quality != FUZZY:
            past = None  # a name the 2025 commune has beats one a past unit only comes close to
        if past is not None:
            return past_or_new(self, past, new, ctx, commune, province_text)
        if old is None and new is None:
            return self._unmatched(commune, ctx, province_text, old_tiers, new_tiers)
        result = self._decide(old, new, ctx, commune, province_text, names[0].kind)
        return degraded(result, merged_in) if merged_in and result.status in CONFIDENT else result

    def _unmatched(
        self,
        commune: str,
        ctx: Context,
        province_text: str | None,
        old_tiers: list[tuple[str, ...]],
        new_tiers: list[tuple[str, ...]],
    ) -> Resolution:
        """No name matched: a code that lost its zeros, else the communes the name comes
        close to, on the last list, in 2025, or merged away before."""
        code = as_code(commune)
        if code is not None:
            res = self._commune_by_code(code, ctx, commune)
            if res is not None:
                return res
        names = readings(commune, COMMUNE)
        old, new = self._close_to(names, old_tiers, new_tiers)
        if old is None and new is None and old_tiers != [(NATIONAL,)]:
            # Close to a commune merged away before 2025 ("Đứ Lợi": Xã Đức Lợi, 2025).
            past = self.match.fuzzy(history().communes, old_tiers, names)
            if past is not None:
                return past_or_new(self, past, None, ctx, commune, province_text)
        kind = names[0].kind if names else None
        return self._decide(old, new, ctx, commune, province_text, kind)

    def _close_to(
        self,
        names: tuple[UnitName, ...],
        old_tiers: list[tuple[str, ...]],
        new_tiers: list[tuple[str, ...]],
    ) -> tuple[Match | None, Match | None]:
        """No name matched: the old communes, else the 2025 ones, the name comes close to."""
        old = self.match.fuzzy(self.gz.commune_names, old_tiers, names)
        if old is None and new_tiers:
            return None, self.match.fuzzy(self.gz.new_commune_names, new_tiers, names)
        return old, None

    def _old_by_name(
        self, names: tuple[UnitName, ...], old_tiers: list[tuple[str, ...]]
    ) -> Match | None:
        """The communes of the last list named ``names``. One found only with another type
        than the one typed gives way to a past unit of that type, followed through history:
        "Xã Ninh Mỹ" of before 2025, when the list has only Phường Ninh Mỹ."""
        old = self.match.find(self.gz.commune_names, old_tiers, names)
        if old is not None and old.other_type:
            typed = self.match.find(history().communes, old_tiers, names)
            if typed is not None and not typed.other_type:
                return None
        return old

    def _also_merged_in(
        self,
        old: Match,
        names: tuple[UnitName, ...],
        ctx: Context,
        old_tiers: list[tuple[str, ...]],
    ) -> str | None:
        """Why a commune found in the old province that the 2025 one is named after, with no
        district, is the likelier reading but not a sure one: a province merged into it has a
        commune of that name too (None when none has)."""
        if not (ctx.province and ctx.province.new and self.match.merged_too):
            return None
        if len(old_tiers) < 2 or not {u.province_code for u in old.units} <= set(old_tiers[0]):
            return None
        other = self.match.find(self.gz.commune_names, old_tiers[1:], names)
        if other is None:
            return None
        where = Counter((u.name, self.gz.old_provinces[u.province_code].name) for u in other.units)
        elsewhere = ", ".join(
            f"{n} {name} ({province})" if n > 1 else f"{name} ({province})"
            for (name, province), n in sorted(where.items())
        )
        return (
            f"Cũng có {elsewhere}, nay cùng tỉnh; thiếu quận/huyện (the province merged in 2025 "
            "has another commune of this name: give the district)"
        )

    def _old_tiers(self, ctx: Context) -> list[tuple[str, ...]]:
        """Where an old commune is looked for: the districts given, else the province's."""
        if ctx.districts:
            return [tuple(d.code for d in ctx.districts)]
        if ctx.province:
            return ctx.province.old_tiers(self.gz)
        return [(NATIONAL,)]

    def _across_dates_if_any(
        self,
        old: Match,
        names: tuple[UnitName, ...],
        old_tiers: list[tuple[str, ...]],
        ctx: Context,
        typed: str,
    ) -> Resolution | None:
        """ "Phường 1, Quận 6" named another ward before 2025: every reading is kept."""
        past = self.match.find(history().communes, old_tiers, names)
        kind = names[0].kind if names else None
        if past is not None and kind and any(u.kind == kind for u in old.units):
            # "Phường Phong Thu" is not the Xã Phong Thu that was: the type word decides.
            past.units = [u for u in past.units if u.kind == kind]
        if past is not None and {u.code for u in past.units} - {u.code for u in old.units}:
            return across_dates(self, old, past, ctx, typed)
        return None

    def _elsewhere_in_province(
        self, names: tuple[UnitName, ...], ctx: Context, typed: str, province_text: str | None
    ) -> Match | None:
        """The district may be wrong: the commune looked for in the whole province, at most
        `fuzzy`, with a note saying where it was found."""
        assert ctx.province is not None
        gz = self.gz
        wider = self.match.find(gz.commune_names, ctx.province.old_tiers(gz), names)
        if wider is None:
            return None
        found_in = ", ".join(
            sorted({gz.old_districts[u.district_code].name for u in wider.units if u.district_code})
        )
        wider.quality, wider.score = FUZZY, min(wider.score, 80.0)
        wider.note = (
            f"'{typed}' không thuộc {self._where(ctx, province_text)}; tìm thấy ở "
            f"{found_in} (not in the district given)"
        )
        return wider

    def _new_reading(
        self,
        old: Match | None,
        names: tuple[UnitName, ...],
        ctx: Context,
        new_tiers: list[tuple[str, ...]],
    ) -> Match | None:
        """The 2025 commune the name may be. Only a province named as it is since 2025 makes
        a new reading as likely as the old one; the provinces an old one merged into are a
        fallback."""
        if not new_tiers:
            return None
        if not ctx.province or ctx.province.new:
            return self.match.find(self.gz.new_commune_names, new_tiers[:1], names)
        if old is None:
            return self.match.find(self.gz.new_commune_names, new_tiers, names)
        return None

    def _district_only(self, ctx: Context, district: str) -> Resolution:
        units = ctx.districts
        zones = {self.gz.island_zones.get(d.code) for d in units}
        if len(units) == 1 and None not in zones:
            zone = self.gz.island_zones[units[0].code]
            d = units[0]
            province = self.gz.old_provinces[d.province_code]
            return Resolution(
                ctx.quality,
                ctx.score,
                "; ".join(ctx.notes),
                old_province_code=province.code,
                old_province_name=province.name,
                old_district_code=d.code,
                old_district_name=d.name,
                **self.answers.new_fields(zone),
                resolution=self.answers.resolution(zone.province_code),
                legal_note=(
                    f"{d.name} không có xã; thành {zone.name}. Bảng A không có điều khoản riêng "
                    "(island district without communes; crosswalk A has no clause row)"
                ),
            )
        return self.answers.unresolved(f"Thiếu xã/phường; chỉ có '{district}' (commune missing)")

    # ---- public --------------------------------------------------------------------------

    def resolve(
        self,
        commune: str | None = None,
        district: str | None = None,
        province: str | None = None,
    ) -> Resolution:
        """Resolve one address given as parts; any part may be blank."""
        commune, district, province = (_given(x) for x in (commune, district, province))
        if commune and ("," in commune or ";" in commune) and not district:
            return self.resolve_text(", ".join(x for x in (commune, province) if x))
        if not (commune or district or province):
            return self.answers.unresolved("Địa chỉ trống (empty address)")
        key = (commune, district, province)
        if key not in self._parts_cache:
            # A commune file repeats its few units under many house numbers: each set of
            # parts is decided once.
            if len(self._parts_cache) >= _PARTS_CACHE_SIZE:
                self._parts_cache.clear()
            ctx = Context(district_given=district is not None)
            result = self._resolve_parts(commune, district, province, ctx)
            if result.status == UNRESOLVED and result.old_province_code is None:
                result = replaced(result, **self._known_fields(ctx))
            elif result.status in (MATCHED, ALREADY_NEW) and not (district or province):
                result = _unless_bare_and_unmarked(result, commune)
            self._parts_cache[key] = result
        return self._parts_cache[key]

    def resolve_text(self, address: str) -> Resolution:
        """Resolve a one-line address such as "Số 12 ngõ 5, P. Phúc Xá, Q.Ba Đình, HN" (see
        :func:`dataclean.units.text.resolve_text`)."""
        return text.resolve_text(self, address)

    def _close(self, ctx: Context, typed: str) -> str | None:
        """The note for a province name that was only close to one."""
        if ctx.province is None or ctx.province.quality != FUZZY:
            return None
        gz = self.gz
        names = [gz.old_provinces[c].name for c in ctx.province.old] + [
            gz.new_provinces[c].name for c in ctx.province.new if c not in ctx.province.old
        ]
        return f"'{typed}' ≈ " + " / ".join(names) + " (close to)"

    def _known_fields(self, ctx: Context) -> dict:
        """What the parts above the commune fixed, for an answer that is only partial: the old
        province and district, and the 2025 province (provinces were merged whole)."""
        gz = self.gz
        fields: dict = {}
        districts = {d.code: d for d in ctx.districts}
        old = {d.province_code for d in districts.values()}
        if not old and ctx.province is not None:
            old = set(ctx.province.old) or {
                o for n in ctx.province.new for o in gz.new_to_old_provinces.get(n, ())
            }
        if len(districts) == 1:
            (d,) = districts.values()
            fields |= {"old_district_code": d.code, "old_district_name": d.name}
        if len(old) == 1:
            (code,) = old
            fields |= {
                "old_province_code": code,
                "old_province_name": gz.old_provinces[code].name,
            }
        new = {n for o in old for n in gz.old_to_new_provinces.get(o, ())}
        if ctx.province is not None and ctx.province.new and not old:
            new = set(ctx.province.new)
        if len(new) == 1:
            (code,) = new
            fields |= {
                "new_province_code": code,
                "new_province_name": gz.new_provinces[code].name,
            }
        return fields

    def _resolve_parts(
        self, commune: str | None, district: str | None, province: str | None, ctx: Context
    ) -> Resolution:
        if province:
            ctx.province = self.match.province(province)
            if ctx.province is None:
                ctx.degrade(FUZZY, 70.0, f"Không nhận ra tỉnh '{province}' (province not known)")
            else:
                ctx.degrade(ctx.province.quality, ctx.province.score, self._close(ctx, province))
        if district:
            found = self.match.district(district, ctx)
            if found is None:
                ctx.degrade(
                    FUZZY, 80.0, f"Không nhận ra quận/huyện '{district}' (district not known)"
                )
            else:
                ctx.districts = found.units
                ctx.degrade(found.quality, found.score, found.note)
        if not commune:
            if not ctx.districts:
                return self.answers.unresolved(
                    "Thiếu xã/phường và quận/huyện (commune and district missing)"
                )
            return self._district_only(ctx, district or "")
        return self._commune(commune, ctx, province)


def _preferred(
    old: Match | None, new: Match | None, kind: str | None
) -> tuple[Match | None, Match | None]:
    """The old and new readings worth keeping: a real name match beats one that is only close
    ("Mường Sai" vs "Mường Sại"), and a type word typed with the name ("Phường Hồng Hà") picks
    the reading that has it."""
    if old and new and (old.quality == FUZZY) != (new.quality == FUZZY):
        return (None, new) if old.quality == FUZZY else (old, None)
    if old and new and kind:
        old_typed = any(u.kind == kind for u in old.units)
        new_typed = any(u.kind == kind for u in new.units)
        if old_typed and not new_typed:
            return old, None
        if new_typed and not old_typed:
            return None, new
    return old, new


def _why_several(old: Match, district_given: bool, commune: str, where: str) -> str:
    """Why several old units of one name cannot be told apart, and what would tell them."""
    n, districts = len(old.units), {u.district_code for u in old.units}
    if old.close_names:
        return f"Không chắc: '{commune}' gần giống {n} tên ở {where} (close to {n} names)"
    if len(districts) > 1 and district_given:
        return (
            f"'{commune}' không có ở quận/huyện đã ghi; có ở {len(districts)} quận/huyện "
            f"khác (not in the district given; found in {len(districts)} others)"
        )
    if len(districts) > 1:
        return (
            f"Tên '{commune}' có ở {len(districts)} quận/huyện, thiếu quận/huyện "
            f"(name exists in {len(districts)} districts, district missing)"
        )
    if len({u.kind for u in old.units}) == 1:
        # Same type, names apart only in their marks ("Minh Quân", "Minh Quán").
        return (
            f"'{commune}' có thể là " + ", ".join(u.name for u in old.units) + f" ở "
            f"{where}; ghi tên có dấu (the name without marks fits {n} units: type it with its "
            "marks)"
        )
    return (
        f"Có {n} đơn vị tên '{commune}' ở {where}; ghi rõ xã, phường hay thị trấn ({n} units "
        "share this name: give the type)"
    )


def _unless_bare_and_unmarked(result: Resolution, commune: str | None) -> Resolution:
    """``result``, or ``fuzzy`` when it rests on a name alone, with no type word, typed without
    the marks its unit has: "Con" is a kinship word as much as Thị trấn Cồn, "Ba Na" a people
    as much as Xã Bà Nà."""
    names = readings(commune, COMMUNE) if commune and as_code(commune) is None else ()
    if not names or names[0].kind is not None or names[0].typed_with_marks:
        return result  # a code, a type word, or the marks: something more than the letters
    return degraded(
        result,
        f"Chỉ có tên '{commune}', không dấu, không loại, huyện hay tỉnh (a bare name typed "
        "without marks, with nothing to place it: check)",
    )


def _given(part: object) -> str | None:
    """A part of an address as given, spaces collapsed; None when blank."""
    if part is None:
        return None
    return collapse_spaces(part if isinstance(part, str) else str(part)) or None


@cache
def default_resolver() -> Resolver:
    """The resolver over the shipped tables, built once (see :mod:`dataclean.runtime.warm_up`
    for building it while a file is read), and read back from :mod:`dataclean.units.cache`
    by later runs."""
    return cast(Resolver, cached("shipped", _shipped)["resolver"])


def _shipped() -> dict[str, object]:
    """The resolver and the process-wide objects it reads, built together."""
    resolver = Resolver()
    resolver.load_all()  # so that the cached one needs no table
    return {
        "resolver": resolver,
        "gazetteer": gazetteer(),
        "history": history(),
        "reader": default_reader(),
        "outcomes": outcomes(),
    }


@cache
def dated_resolver(as_of: dt.date) -> Resolver:
    """A resolver that reads names as they were on ``as_of`` (the date a list was made)."""
    return Resolver(as_of=as_of)


def resolve(commune=None, district=None, province=None) -> Resolution:
    """Resolve one address given as parts with the default resolver."""
    return default_resolver().resolve(commune, district, province)


def resolve_text(address: str) -> Resolution:
    """Resolve one free-text address with the default resolver."""
    return default_resolver().resolve_text(address)

"""Finding the units a typed part names: exactly, after normalising, or only close.

A province text is read once per resolver, a district text once per province; the lookups run
on the gazetteer's name keys (see :mod:`dataclean.units.names`) within the scopes the parts
above allow, nearest scope first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from dataclean.units.gazetteer import NATIONAL, Gazetteer, NameIndex, Unit
from dataclean.units.history import history
from dataclean.units.names import DISTRICT, PROVINCE, UnitName, readings, same_text
from dataclean.units.result import EXACT, FUZZY, MATCHED, vn_date
from dataclean.vietnamese import plain_key

QUALITY_RANK = {EXACT: 0, MATCHED: 1, FUZZY: 2}
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio on ASCII keys
FUZZY_MARGIN = 4.0  # the best must beat a different runner-up by this much
# A name typed with marks that match only once the marks are dropped ("Phố Bảng" for
# "Phó Bảng") is close but not the same name.
MARKS_DIFFER_SCORE = 95.0

REFORM = dt.date(2025, 7, 1)  # the two-level units took effect

_CODE = re.compile(r"^'?\s*(\d[\d\s.]*)$")


@dataclass
class Match:
    units: list[Unit]
    quality: str
    score: float = 100.0
    note: str | None = None
    close_names: bool = False  # a fuzzy match with several names about as close
    other_type: bool = False  # found only as a unit of another type than the one typed


@dataclass
class ProvinceMatch:
    old: tuple[str, ...]  # old provinces named directly
    new: tuple[str, ...]  # new provinces named
    quality: str
    score: float = 100.0
    # The tiers, worked out once: a match is cached per province text and read many times.
    _tiers: dict[str, list[tuple[str, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def old_tiers(self, gz: Gazetteer) -> list[tuple[str, ...]]:
        """Old provinces to search: those named, then those merged into a named new one."""
        if "old" not in self._tiers:
            self._tiers["old"] = self._old_tiers(gz)
        return self._tiers["old"]

    def new_tiers(self, gz: Gazetteer) -> list[tuple[str, ...]]:
        if "new" not in self._tiers:
            self._tiers["new"] = self._new_tiers(gz)
        return self._tiers["new"]

    def _old_tiers(self, gz: Gazetteer) -> list[tuple[str, ...]]:
        merged = {o for n in self.new for o in gz.new_to_old_provinces.get(n, ())}
        rest = tuple(sorted(merged - set(self.old)))
        return [t for t in (self.old, rest) if t]

    def _new_tiers(self, gz: Gazetteer) -> list[tuple[str, ...]]:
        moved = {n for o in self.old for n in gz.old_to_new_provinces.get(o, ())}
        rest = tuple(sorted(moved - set(self.new)))
        return [t for t in (self.new, rest) if t]


@dataclass
class Context:
    """What the parts above the commune told us, and what they cost in certainty."""

    province: ProvinceMatch | None = None
    districts: list[Unit] = field(default_factory=list)
    district_given: bool = False
    quality: str = EXACT
    score: float = 100.0
    notes: list[str] = field(default_factory=list)

    def degrade(self, quality: str, score: float = 100.0, note: str | None = None) -> None:
        if QUALITY_RANK[quality] > QUALITY_RANK[self.quality]:
            self.quality = quality
        self.score = min(self.score, score)
        if note:
            self.notes.append(note)


def as_code(text: str) -> str | None:
    """The digits of a typed code ("'00736", "1 234"), or None for a name."""
    m = _CODE.match(text.strip())
    if not m:
        return None
    return re.sub(r"[\s.]", "", m.group(1))


def unique_units(units: list[Unit]) -> list[Unit]:
    """The units, each code once, in order."""
    seen: dict[str, Unit] = {}
    for u in units:
        seen.setdefault(u.code, u)
    return list(seen.values())


def _in_scopes(table: dict[tuple[str, str], list[Unit]], scopes: tuple[str, ...], key: str):
    """The units named ``key`` in any of ``scopes``, each once (empty when none)."""
    if len(scopes) == 1:  # nearly always: one district or province, looked up many times
        units = table.get((scopes[0], key))
        return unique_units(units) if units else ()
    return unique_units([u for s in scopes for u in table.get((s, key), ())])


def _closest(
    reading: UnitName, query: str, choices: dict[str, list[Unit]], keys: list[str]
) -> Match | None:
    """The unit whose key is clearly the closest to ``query``, if close enough; several about
    as close are all given, marked as such."""
    if len(query) < 3:
        return None
    hits = process.extract(query, keys, scorer=fuzz.ratio, limit=2, score_cutoff=FUZZY_CUTOFF)
    if not hits:
        return None
    best_key, best, _ = hits[0]
    if len(hits) > 1 and best - hits[1][1] < FUZZY_MARGIN:
        units = unique_units(choices[best_key] + choices[hits[1][0]])
        return Match(units, FUZZY, best, read_as(reading, units), close_names=True)
    units = unique_units(choices[best_key])
    if reading.kind:
        units = [u for u in units if u.kind == reading.kind] or units
    return Match(units, FUZZY, best, read_as(reading, units))


def read_as(reading: UnitName, units: list[Unit]) -> str:
    """What a close name was read as: "'Phúc Sá' ≈ Phường Phúc Xá (close to)"."""
    return f"'{reading.text}' ≈ " + " / ".join(u.name for u in units) + " (close to)"


class Matcher:
    """The units a part names, read once per text."""

    def __init__(self, gz: Gazetteer, as_of: dt.date | None = None) -> None:
        self.gz = gz
        # A province named as it is since 2025 stands for every old one merged into it:
        # "Xã Hòa Phú, Tỉnh Đắk Lắk" may be the old Đắk Lắk's or the old Phú Yên's, unless the
        # list was made before the reform (`--ngay-lap`).
        self.merged_too = as_of is None or as_of >= REFORM
        self._provinces: dict[str, ProvinceMatch | None] = {}
        self._districts: dict[tuple[str, int], Match | None] = {}
        self._tiers: dict[tuple[int, tuple[str, ...]], tuple[dict[str, list[Unit]], list[str]]] = {}
        self._plain_tiers: dict[
            tuple[int, tuple[str, ...]], tuple[dict[str, list[Unit]], list[str]]
        ] = {}

    def find(
        self, index: NameIndex, tiers: list[tuple[str, ...]], names: tuple[UnitName, ...]
    ) -> Match | None:
        """Units named ``names`` in the first tier of scopes that has any. A unit of another
        type is kept only in case no tier has one of the type typed ("Phường Tân Hiệp, TP Hồ
        Chí Minh": the Xã Tân Hiệp of the old city, or the Phường of the old Bình Dương)."""
        other_type: Match | None = None
        for tier in tiers:
            for reading in names:
                # Typed without marks, "Ia Bang" may be Ia Bang or Ia Băng: only the ASCII
                # key shows both.
                kinds = ("tone", "ascii") if reading.typed_with_marks else ("ascii",)
                for key_kind in kinds:
                    table = index.tone if key_kind == "tone" else index.ascii
                    key = reading.tone if key_kind == "tone" else reading.ascii
                    found = _in_scopes(table, tier, key)
                    if not found:
                        continue
                    retyped, sure = None, True
                    if reading.kind:
                        typed = [u for u in found if u.kind == reading.kind]
                        if not typed:
                            retyped, sure = self._retyped(index, reading, found)
                        found = typed or found
                    exact = retyped is None and all(
                        same_text(reading.text, u.name) or same_text(reading.text, u.short)
                        for u in found
                    )
                    if not sure:
                        other_type = other_type or Match(
                            found, FUZZY, MARKS_DIFFER_SCORE, retyped, other_type=True
                        )
                        continue
                    if key_kind == "ascii" and reading.typed_with_marks:
                        return Match(
                            found,
                            FUZZY,
                            MARKS_DIFFER_SCORE,
                            f"'{reading.text}' chỉ khớp khi bỏ dấu với "
                            + ", ".join(u.name for u in found)
                            + " (matches only without diacritics)",
                        )
                    return Match(found, EXACT if exact else MATCHED, note=retyped)
        return other_type

    def _retyped(self, index: NameIndex, reading: UnitName, found: list[Unit]) -> tuple[str, bool]:
        """A name typed with a type word its unit does not have: the note, and whether that is
        a sure reading. Huyện Việt Yên became a thị xã, Xã Tiên Sơn a phường: the lists since
        2019 show the unit with the type typed. "Thị trấn Thanh Hoa" for Xã Thanh Hòa, which
        never was one, is only close; so is a 2025 commune named with another type ("Phường Lục
        Yên" for Xã Lục Yên)."""
        names = ", ".join(u.name for u in found)
        changed = f"'{reading.text}' nay là {names} (the unit's type changed)"
        if index is self.gz.new_commune_names:
            return changed, False
        if index in (self.gz.old_province_names, self.gz.new_province_names):
            return changed, True
        if all(reading.kind in history().kinds.get(u.code, ()) for u in found):
            return changed, True
        return f"'{reading.text}' khác loại với {names} (typed as another type of unit)", False

    def _choices(
        self, index: NameIndex, tier: tuple[str, ...]
    ) -> tuple[dict[str, list[Unit]], list[str]]:
        """The names of a tier of scopes and their units, gathered once per tier: a whole
        province or the country holds thousands."""
        key = (id(index), tier)
        if key not in self._tiers:
            choices: dict[str, list[Unit]] = {}
            for s in tier:
                for k, units in index.choices.get(s, {}).items():
                    choices.setdefault(k, []).extend(units)
            self._tiers[key] = (choices, list(choices))
        return self._tiers[key]

    def fuzzy(
        self, index: NameIndex, tiers: list[tuple[str, ...]], names: tuple[UnitName, ...]
    ) -> Match | None:
        """The one unit whose ASCII name is clearly the closest, if close enough: by the keys
        the names are looked up by, else spelled as typed (i and y apart: "Sơn Thy")."""
        for tier in tiers:
            choices, keys = self._choices(index, tier)
            for reading in names:
                found = _closest(reading, reading.ascii, choices, keys)
                if found is not None:
                    return found
            for reading in names:
                if reading.plain != reading.ascii:
                    found = _closest(reading, reading.plain, *self._plain_choices(index, tier))
                    if found is not None:
                        return found
        return None

    def _plain_choices(
        self, index: NameIndex, tier: tuple[str, ...]
    ) -> tuple[dict[str, list[Unit]], list[str]]:
        """The names of a tier as :func:`plain_key` spells them, gathered once per tier."""
        key = (id(index), tier)
        if key not in self._plain_tiers:
            choices: dict[str, list[Unit]] = {}
            for units in self._choices(index, tier)[0].values():
                for u in units:
                    choices.setdefault(plain_key(u.short), []).append(u)
            self._plain_tiers[key] = (choices, list(choices))
        return self._plain_tiers[key]

    def province(self, text: str) -> ProvinceMatch | None:
        # A file names few provinces, many times over: each text is read once.
        if text not in self._provinces:
            self._provinces[text] = self._read_province(text)
        return self._provinces[text]

    def _read_province(self, text: str) -> ProvinceMatch | None:
        gz = self.gz
        code = as_code(text)
        if code is not None:
            code = code.zfill(2)
            if code in gz.old_provinces:
                return ProvinceMatch((code,), (), EXACT)
            return None
        names = readings(text, PROVINCE)
        if not names:
            return None
        old = self.find(gz.old_province_names, [(NATIONAL,)], names)
        new = self.find(gz.new_province_names, [(NATIONAL,)], names)
        if old is None and new is None:
            for reading in names:
                for key in (reading.ascii, reading.ascii.replace(" ", "")):
                    aliases = gz.province_aliases.get(key)
                    if aliases:
                        # Named as it is since 2025 too ("HN"), or only as it was ("Sài Gòn").
                        same = tuple(
                            a
                            for a in aliases
                            if a in gz.new_provinces
                            and same_text(gz.new_provinces[a].short, gz.old_provinces[a].short)
                        )
                        return ProvinceMatch(aliases, same, MATCHED)
            old = self.fuzzy(gz.old_province_names, [(NATIONAL,)], names)
            new = self.fuzzy(gz.new_province_names, [(NATIONAL,)], names)
            if old is None and new is None:
                return None
        matches = [m for m in (old, new) if m is not None]
        quality = max((m.quality for m in matches), key=QUALITY_RANK.__getitem__)
        return ProvinceMatch(
            tuple(u.code for u in old.units) if old else (),
            tuple(u.code for u in new.units) if new else (),
            quality,
            min(m.score for m in matches),
        )

    def district(self, text: str, ctx: Context) -> Match | None:
        key = (text, id(ctx.province))  # province matches are cached, so their id is stable
        if key not in self._districts:
            self._districts[key] = self._read_district(text, ctx)
        return self._districts[key]

    def _read_district(self, text: str, ctx: Context) -> Match | None:
        gz = self.gz
        tiers: list[tuple[str, ...]] = ctx.province.old_tiers(gz) if ctx.province else [(NATIONAL,)]
        code = as_code(text)
        if code is not None:
            unit = gz.old_districts.get(code.zfill(3))
            if unit and (not ctx.province or any(unit.province_code in t for t in tiers)):
                return Match([unit], EXACT)
            if not (ctx.province and code == text.strip() and len(code) <= 2):
                return None
            # "1" in the district column of Hồ Chí Minh: no code of its, but Quận 1.
        names = readings(text, DISTRICT)
        found = self.find(gz.district_names, tiers, names)
        if found is not None:
            # The same name may have named another district before (Huyện Đạ Huoai before and
            # after its 2025 merger): its communes of that time are looked for too.
            past = self.find(history().districts, tiers, names)
            if past is not None and past.quality == found.quality:
                found.units = unique_units(found.units + past.units)
            return found
        found = self._historic_district(tiers, names) or self.fuzzy(gz.district_names, tiers, names)
        if found is None and ctx.province:
            # Close to a district removed before 2025, in the province given (Mỹ Lộc, 2025).
            found = self._historic_district(tiers, names, close=True)
        return found

    def _historic_district(
        self,
        tiers: list[tuple[str, ...]],
        names: tuple[UnitName, ...],
        close: bool = False,
    ) -> Match | None:
        """A district by a name it had since 2019 ("Quận 2", "Huyện Tĩnh Gia", "Thành phố
        Huế"), or with ``close`` one close to such a name: its code, with a note of what it
        became."""
        look_up = self.fuzzy if close else self.find
        found = look_up(history().districts, tiers, names)
        if found is None:
            return None
        notes = []
        for unit in found.units:
            now = self.gz.old_districts.get(unit.code)
            version = history().version(unit)
            until = f" (đến {vn_date(version.listed_to)})" if version else ""
            if now is not None:
                notes.append(f"{unit.name}{until} nay là {now.name}")
            else:
                notes.append(f"{unit.name}{until} đã bỏ")
        note = "; ".join(notes) + " (a district's name before the last changes)"
        if close and found.note:
            note = f"{found.note}; {note}"
        quality = FUZZY if found.quality == FUZZY else MATCHED
        return Match(found.units, quality, found.score, note)

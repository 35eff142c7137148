"""Indexes of the old and new units by code and by name key, built once from the shipped tables."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from dataclean import mappings
from dataclean.units.cache import loaded
from dataclean.units.names import KIND_OF_TYPE, short_name
from dataclean.vietnamese import ascii_key, tone_key

if TYPE_CHECKING:
    import polars as pl

NATIONAL = ""

# Province names people type that are not the official ones, by ASCII key. "ĐN" is both Đà
# Nẵng and Đồng Nai: the district and commune around it decide.
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "hn": ("01",),
    "hcm": ("79",),
    "tphcm": ("79",),
    "tp hcm": ("79",),
    "hcmc": ("79",),
    "sai gon": ("79",),
    "saigon": ("79",),
    "sg": ("79",),
    "ho chi minh city": ("79",),
    "hp": ("31",),
    "dn": ("48", "75"),
    "brvt": ("77",),
    "br vt": ("77",),
    "ba ria vung tau": ("77",),
    "vung tau": ("77",),
    "tt hue": ("46",),
    "tth": ("46",),
    "thua thien hue": ("46",),
    "thua t hue": ("46",),
    "thua thien": ("46",),
    "hue": ("46",),
    "dak lak": ("66",),
    "dac lac": ("66",),
    "dak lac": ("66",),
    "dac lak": ("66",),
    "daklak": ("66",),
    "daclac": ("66",),
    "dak nong": ("67",),
    "dac nong": ("67",),
    "daknong": ("67",),
    "kontum": ("62",),
}

# Short names people type for a few large towns, by province code and district name.
DISTRICT_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("66", "Buôn Ma Thuột"): ("BMT",),
    ("74", "Thủ Dầu Một"): ("TDM",),
    # The initials written for the districts of the two big cities ("P5, BT, TP.HCM").
    ("79", "Bình Thạnh"): ("BT",),
    ("79", "Tân Bình"): ("TB",),
    ("79", "Phú Nhuận"): ("PN",),
    ("79", "Gò Vấp"): ("GV",),
    ("79", "Bình Chánh"): ("BC",),
    ("79", "Hóc Môn"): ("HM",),
    ("79", "Tân Phú"): ("TPhú",),
    ("79", "Bình Tân"): ("BTân",),
    ("01", "Hoàn Kiếm"): ("HK",),
    ("01", "Hai Bà Trưng"): ("HBT",),
    ("01", "Đống Đa"): ("ĐĐ",),
    ("01", "Cầu Giấy"): ("CG",),
    ("01", "Ba Đình"): ("BĐ",),
    ("01", "Long Biên"): ("LB",),
}


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str  # official, with its type word
    kind: str | None
    province_code: str
    district_code: str | None = None
    short: str = field(init=False, repr=False, compare=False)  # the name without its type word

    def __post_init__(self) -> None:
        object.__setattr__(self, "short", short_name(self.name))


def _kind(type_word: str | None) -> str | None:
    return KIND_OF_TYPE.get(type_word) if type_word else None


class NameIndex:
    """Units by (scope, key), for the tone key and for the ASCII key."""

    def __init__(self) -> None:
        self.tone: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        self.ascii: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        self.choices: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))

    def add(self, scopes: tuple[str, ...], unit: Unit, *extra_names: str) -> None:
        for name in dict.fromkeys((unit.short, *extra_names)):
            tone, asc = tone_key(name), ascii_key(name)
            for scope in scopes:
                self.tone[scope, tone].append(unit)
                self.ascii[scope, asc].append(unit)
                self.choices[scope][asc].append(unit)

    def freeze(self) -> None:
        self.tone = dict(self.tone)
        self.ascii = dict(self.ascii)
        self.choices = {s: dict(c) for s, c in self.choices.items()}


def _province_links(cw_a: pl.DataFrame) -> pl.DataFrame:
    """Old province to new, from the commune links both crosswalks agree on, each old commune
    in the province the unit list puts it in. Each table has one stray link across provinces
    (A sends Xã Tân Phú of An Giang to Đồng Tháp's Tân Phú Trung; the NSO table files Phường 4
    of Tân An, Long An, under Tiền Giang's code), and one stray link makes a province that
    was merged whole look split; the links they agree on give one new province to each of the
    63 (a test holds this)."""
    import polars as pl

    legacy = mappings.units_legacy().select(
        pl.col("commune_code").alias("old_commune_code"), pl.col("province_code").alias("old")
    )
    agreed = cw_a.select("old_commune_code", "new_province_code").join(
        mappings.crosswalk_nso().select("old_commune_code", "new_province_code"),
        on=["old_commune_code", "new_province_code"],
    )
    return (
        agreed.join(legacy, on="old_commune_code")
        .select("old", pl.col("new_province_code").alias("new"))
        .unique()
        .sort("old", "new")
    )


class Gazetteer:
    """Every old and new unit, by code and by name within its parent."""

    def __init__(self) -> None:
        cw_a = mappings.crosswalk_a()
        self._old_units(mappings.units_legacy(), cw_a)
        self._new_units()

        # Which new provinces each old province went into, and back.
        self.old_to_new_provinces: dict[str, set[str]] = defaultdict(set)
        self.new_to_old_provinces: dict[str, set[str]] = defaultdict(set)
        for old_p, new_p in _province_links(cw_a).rows():
            self.old_to_new_provinces[old_p].add(new_p)
            self.new_to_old_provinces[new_p].add(old_p)

        self._name_indexes(cw_a)
        self.island_zones = self._island_zones()

    def _old_units(self, legacy: pl.DataFrame, cw_a: pl.DataFrame) -> None:
        """The units of the list of 30 June 2025, by code."""
        self.old_provinces: dict[str, Unit] = {}
        self.old_districts: dict[str, Unit] = {}
        self.old_communes: dict[str, Unit] = {}
        for r in legacy.rows(named=True):
            p = r["province_code"]
            if p not in self.old_provinces:
                ptype = "Thành phố" if r["province_name"].startswith("Thành phố") else "Tỉnh"
                self.old_provinces[p] = Unit(p, r["province_name"], _kind(ptype), p)
            d = r["district_code"]
            if d not in self.old_districts:
                self.old_districts[d] = Unit(d, r["district_name"], _kind(r["district_type"]), p, d)
            c = r["commune_code"]
            if c:
                self.old_communes[c] = Unit(c, r["commune_name"], _kind(r["commune_type"]), p, d)
        # Crosswalk A knows a few old codes the statistics list lacks; keep them for code input.
        self.codes_only_in_a: set[str] = set()
        for code, name, prov in (
            cw_a.select("old_commune_code", "old_commune_name", "old_province_code")
            .unique("old_commune_code", keep="first", maintain_order=True)
            .iter_rows()
        ):
            if code not in self.old_communes:
                self.codes_only_in_a.add(code)
                self.old_communes[code] = Unit(code, name, _kind(name.split(" ")[0]), prov)

    def _new_units(self) -> None:
        """The 2025 provinces and communes, by code."""
        self.new_provinces = {
            r["province_code"]: Unit(
                r["province_code"],
                r["province_name"],
                "thanhpho" if r["province_name"].startswith("Thành phố") else "tinh",
                r["province_code"],
            )
            for r in mappings.provinces_2025().rows(named=True)
        }
        self.new_communes = {
            r["commune_code"]: Unit(
                r["commune_code"], r["commune_name"], _kind(r["commune_type"]), r["province_code"]
            )
            for r in mappings.units_2025().rows(named=True)
        }

    def _name_indexes(self, cw_a: pl.DataFrame) -> None:
        """Every unit by name within its parent, old and new."""
        self.old_province_names = NameIndex()
        for u in self.old_provinces.values():
            self.old_province_names.add((NATIONAL,), u)
        self.province_aliases = dict(PROVINCE_ALIASES)
        self.new_province_names = NameIndex()
        for u in self.new_provinces.values():
            self.new_province_names.add((NATIONAL,), u)

        self.district_names = NameIndex()
        for u in self.old_districts.values():
            aliases = DISTRICT_ALIASES.get((u.province_code, u.short), ())
            self.district_names.add((u.province_code, NATIONAL), u, *aliases)

        self.commune_names = NameIndex()  # old communes, scoped by district and by province
        # The resolutions sometimes spell an old commune differently (Xà Phìn / Sà Phìn):
        # both spellings are real input.
        resolution_names: dict[str, set[str]] = defaultdict(set)
        for code, name in cw_a.select("old_commune_code", "old_commune_name").unique().rows():
            resolution_names[code].add(short_name(name))
        for u in self.old_communes.values():
            if u.code in self.codes_only_in_a:
                continue  # obsolete before the reform: reachable by code only
            scopes = tuple(s for s in (u.district_code, u.province_code, NATIONAL) if s is not None)
            extra = sorted(resolution_names.get(u.code, ()))
            if u.short.lower().startswith("nông trường "):
                # The statistics office's own lists write "NT Mộc Châu" for Nông trường Mộc Châu.
                extra.append("NT " + u.short[len("nông trường ") :])
            self.commune_names.add(scopes, u, *extra)

        self.new_commune_names = NameIndex()
        for u in self.new_communes.values():
            self.new_commune_names.add((u.province_code, NATIONAL), u)

        for index in (
            self.old_province_names,
            self.new_province_names,
            self.district_names,
            self.commune_names,
            self.new_commune_names,
        ):
            index.freeze()

    def _island_zones(self) -> dict[str, Unit]:
        """The island districts that had no communes: they became special zones of the same
        name."""
        districts_with_communes = {u.district_code for u in self.old_communes.values()}
        zones: dict[str, Unit] = {}
        for d in self.old_districts.values():
            if d.code in districts_with_communes:
                continue
            for new_p in self.old_to_new_provinces.get(d.province_code, ()):
                for zone in self.new_commune_names.tone.get((new_p, tone_key(d.short)), []):
                    if zone.kind == "dackhu":
                        zones[d.code] = zone
        return zones


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about a quarter of a second)."""
    return loaded("gazetteer", Gazetteer)

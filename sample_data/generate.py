"""Generate realistic, messy commune spreadsheets in the government form layout, with ground truth.

Each generated workbook looks like a commune office export: the "UBND XÃ …" and national motto
title rows, a two-row merged header ("Địa chỉ thường trú" over "Xã/Phường", "Quận/Huyện",
"Tỉnh/TP"), the "(1) (2) …" numbering row, data, then "Tổng cộng" and signature rows. Header
wording varies between offices. Addresses are typed in every form the resolver must handle
(see FORMS), and each row's expected outcome is written to ``<name>_truth.csv``.

The expected outcome comes from the crosswalk tables alone, never from the resolver. The
statistics office's official table decides where the two crosswalks disagree and it agrees with
one of them (see ``official_outcome``):

* ``whole``: the old commune (or all its residents) went to one new commune (``expect_code``);
* ``split``: it went to several; ``expect_candidates`` lists them all;
* ``disputed``: the tables disagree and the official one settles nothing; the union of all;
* ``island``: an island district without communes, now a special zone (``expect_code``);
* ``new``: the row already names a 2025 commune (``expect_code``);
* ``ambiguous``: district left blank and the name is shared in the province: no answer.

Usage::

    python sample_data/generate.py --rows 2000 --seed 7 --out sample_data/xa_mau.xlsx
    python sample_data/generate.py --rows 200000 --layout address --format csv --out big.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from unidecode import unidecode

try:
    from dataclean import mappings
    from dataclean.units.names import short_name as _short
    from dataclean.vietnamese import tone_key
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from dataclean import mappings
    from dataclean.units.names import short_name as _short
    from dataclean.vietnamese import tone_key

# How the address of a row is typed. Weights are relative.
FORMS = {
    "official": 14,
    "abbreviated": 12,
    "no_type_words": 8,
    "no_diacritics": 12,
    "upper_case": 6,
    "nfd": 5,
    "old_tone_style": 6,
    "double_spaces": 5,
    "province_alias": 6,
    "old_code": 6,
    "code_lost_zeros": 4,
    "blank_district": 10,
}
# Share of rows that are a resident already listed, typed again; and of rows that are another
# resident with the same name as one already listed.
DUPLICATE_SHARE = 0.06
NAMESAKE_SHARE = 0.03
# Share of rows of each kind; the rest are ordinary whole-commune rows.
KIND_SHARES = {"split": 0.07, "disputed": 0.01, "island": 0.006, "new": 0.04, "ambiguous": 0.02}

ABBREVIATIONS = {
    "Phường": ["P.", "P. ", "F.", "P "],
    "Xã": ["X.", "X. "],
    "Thị trấn": ["TT.", "TT ", "TT. "],
    "Quận": ["Q.", "Q. ", "Q "],
    "Huyện": ["H.", "H. "],
    "Thị xã": ["TX.", "TX. ", "TX "],
    "Thành phố": ["TP.", "TP ", "Tp. "],
    "Tỉnh": ["T. ", ""],
}
PROVINCE_ALIASES = {
    "01": ["HN", "Hà Nội", "TP Hà Nội", "TP. Hà Nội"],
    "79": ["TP.HCM", "HCM", "Sài Gòn", "TPHCM", "TP. Hồ Chí Minh"],
    "77": ["BR-VT", "Bà Rịa - Vũng Tàu", "BRVT"],
    "46": ["TT Huế", "Thừa Thiên Huế", "TT. Huế"],
    "31": ["HP", "Hải Phòng"],
}
# New-style to old-style tone placement, on open syllables: hòa -> hoà, thủy -> thuỷ.
OLD_TONE = {
    new: old
    for pair in ("oa", "oe", "uy")
    for new, old in zip(
        [pair[0] + t + pair[1] for t in "\u0300\u0301\u0309\u0303\u0323"],
        [pair + t for t in "\u0300\u0301\u0309\u0303\u0323"],
        strict=True,
    )
}

HEADER_SYNONYMS = {
    "stt": ["STT", "TT", "Số TT"],
    "name": ["Họ và tên", "Họ tên", "Họ, chữ đệm và tên", "HỌ VÀ TÊN"],
    "dob": ["Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "NS"],
    "gender": ["Giới tính", "Nam/Nữ", "GT"],
    "id": ["Số CCCD", "Số CCCD/CMND", "Số định danh cá nhân", "CMND/CCCD"],
    "phone": ["Số điện thoại", "SĐT", "Điện thoại"],
    "address_group": ["Địa chỉ thường trú", "Nơi thường trú", "Địa chỉ"],
    "street": ["Số nhà, đường", "Số nhà/Thôn", "Thôn, xóm, số nhà"],
    "commune": ["Xã/Phường", "Phường/Xã", "Xã, phường, thị trấn"],
    "district": ["Quận/Huyện", "Huyện", "Quận, huyện"],
    "province": ["Tỉnh/TP", "Tỉnh/Thành phố", "Tỉnh, thành phố"],
    "address": ["Địa chỉ thường trú", "Địa chỉ", "Nơi ở hiện nay"],
    "note": ["Ghi chú"],
}
STREETS = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Quang Trung",
    "Lý Thường Kiệt",
]
# Mobile prefixes in use (carriers' published lists), and the 2018 renumbering of the old
# 11-digit ones, written out here apart from the code under test.
MOBILE_PREFIXES = (
    ["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"]
    + ["081", "082", "083", "084", "085", "088", "091", "094"]
    + ["070", "076", "077", "078", "079", "089", "090", "093"]
    + ["052", "056", "058", "092", "059", "099"]
)
OLD_MOBILE = {"0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036",
              "0167": "037", "0168": "038", "0169": "039", "0120": "070", "0121": "079",
              "0122": "077", "0126": "076", "0128": "078", "0123": "083", "0124": "084",
              "0125": "085", "0127": "081", "0129": "082", "0186": "056", "0188": "058",
              "0199": "059"}  # fmt: skip
VILLAGES = ["Thôn 1", "Thôn 2", "Xóm 3", "Ấp Tân Lập", "Tổ 5", "Khu phố 2", "Bản Na"]


@dataclass
class Reference:
    """The reference tables, shaped for drawing rows."""

    provinces: dict[str, str]
    districts: dict[str, dict]
    communes: dict[str, dict]
    new_communes: dict[str, dict]
    new_provinces: dict[str, str]
    targets_a: dict[str, set[str]]
    targets_b: dict[str, set[str]]
    islands: dict[str, str]  # old district code -> special zone code
    # What the statistics office's official table says of each old commune (target -> note),
    # and, from the three tables, each old commune's kind and the targets that stand.
    targets_nso: dict[str, dict[str, str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    targets: dict[str, set[str]] = field(default_factory=dict)
    by_kind: dict[str, list[str]] = field(default_factory=dict)
    names_in_province: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    new_names: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    old_names_by_new_province: dict[str, set[str]] = field(default_factory=dict)


def load_reference() -> Reference:
    legacy = mappings.units_legacy()
    provinces = dict(legacy.select("province_code", "province_name").unique().rows())
    districts = {
        r["district_code"]: r
        for r in legacy.select("province_code", "district_code", "district_name")
        .unique()
        .iter_rows(named=True)
    }
    communes = {r["commune_code"]: r for r in legacy.iter_rows(named=True) if r["commune_code"]}
    new_communes = {r["commune_code"]: r for r in mappings.units_2025().iter_rows(named=True)}
    new_provinces = dict(mappings.provinces_2025().rows())
    targets_a: dict[str, set[str]] = defaultdict(set)
    for old, new in mappings.crosswalk_a().select("old_commune_code", "new_commune_code").rows():
        targets_a[old].add(new)
    targets_b: dict[str, set[str]] = defaultdict(set)
    for old, new in mappings.crosswalk_b().select("old_commune_code", "new_commune_code").rows():
        targets_b[old].add(new)
    with_communes = {c["district_code"] for c in communes.values()}
    islands = {}
    for code, d in districts.items():
        if code not in with_communes:
            zone = [
                c
                for c, r in new_communes.items()
                if r["commune_type"] == "Đặc khu"
                and tone_key(_short(r["commune_name"])) == tone_key(_short(d["district_name"]))
            ]
            islands[code] = zone[0]
    ref = Reference(
        provinces, districts, communes, new_communes, new_provinces, targets_a, targets_b, islands
    )
    for old, new, note in (
        mappings.crosswalk_nso()
        .drop_nulls("old_commune_code")
        .select("old_commune_code", "new_commune_code", "note")
        .rows()
    ):
        ref.targets_nso.setdefault(old, {})[new] = note
    for code in set(targets_a) | set(targets_b) | set(ref.targets_nso):
        ref.kinds[code], ref.targets[code] = official_outcome(ref, code)
    # A name that named another unit of the district before (Phường 15 of Phú Nhuận before and
    # after the 2025 renumbering) has no single answer without the list's date: such communes
    # are left out here and tested on their own (tests/test_history.py).
    past = mappings.history_units().filter(pl.col("level") == "commune")
    earlier = {
        (d, tone_key(_short(n))): c
        for c, n, d in past.select("code", "name", "district_code").rows()
    }
    for code in communes:
        c = communes[code]
        other = earlier.get((c["district_code"], tone_key(_short(c["commune_name"]))))
        if other is not None and other != code:
            continue
        ref.by_kind.setdefault(expected_kind(ref, code), []).append(code)
    for code, c in communes.items():
        key = (c["province_code"], c["commune_type"], tone_key(_short(c["commune_name"])))
        ref.names_in_province.setdefault(key, set()).add(code)
    for code, r in new_communes.items():
        key = (r["province_code"], tone_key(_short(r["commune_name"])))
        ref.new_names.setdefault(key, set()).add(code)
    old_to_new = defaultdict(set)
    for code, c in communes.items():
        for t in targets_a.get(code, ()):
            old_to_new[c["province_code"]].add(new_communes[t]["province_code"])
    historic = [
        {"province_code": p, "commune_name": n}
        for p, n in past.select("province_code", "name").rows()
    ]
    for c in [*communes.values(), *historic]:
        for new_p in old_to_new[c["province_code"]]:
            ref.old_names_by_new_province.setdefault(new_p, set()).add(
                tone_key(_short(c["commune_name"]))
            )
    return ref


def official_outcome(ref: Reference, code: str) -> tuple[str, set[str]]:
    """Whole, split or disputed, and the targets that stand, as the README states the rule:
    the official table decides between the crosswalks, never against both; a split whose
    residents all went to one successor is whole for a resident record."""
    a, b = ref.targets_a.get(code, set()), ref.targets_b.get(code, set())
    nso = ref.targets_nso.get(code, {})
    sides = [side for side in (a, b) if side]
    if len({frozenset(x) for x in sides}) > 1:  # the crosswalks disagree
        if set(nso) not in sides:
            return "disputed", a | b | set(nso)
        standing = set(nso)
    elif nso and set(nso) != a | b:  # they agree, and the official table says otherwise
        return "disputed", a | b | set(nso)
    else:
        standing = a | b
    residents = [t for t in standing if "toàn bộ dân số" in nso.get(t, "")]
    if len(standing) > 1 and len(residents) == 1:
        standing = set(residents)
    return ("whole" if len(standing) == 1 else "split"), standing


def expected_kind(ref: Reference, code: str) -> str:
    """What the tables say of an old commune: whole, split or disputed."""
    return ref.kinds.get(code, "whole")


# ---- typing an address the way volunteers do ------------------------------------------------


def abbreviate(name: str, rnd: random.Random) -> str:
    for word in sorted(ABBREVIATIONS, key=len, reverse=True):
        if name.startswith(word + " "):
            return rnd.choice(ABBREVIATIONS[word]) + name[len(word) + 1 :]
    return name


def old_tone_style(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    for new, old in OLD_TONE.items():
        for n, o in ((new, old), (new.capitalize(), old.capitalize())):
            decomposed = _replace_open_syllable(decomposed, unicodedata.normalize("NFD", n), o)
    return unicodedata.normalize("NFC", decomposed)


def _replace_open_syllable(text: str, new: str, old: str) -> str:
    out, i = [], 0
    while True:
        j = text.find(new, i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        end = j + len(new)
        if end < len(text) and text[end].isalpha():
            out.append(text[i:end])
        else:
            out.append(text[i:j] + unicodedata.normalize("NFD", old))
        i = end


def numbered_ward(name: str, rnd: random.Random) -> str | None:
    short = _short(name)
    if name.startswith("Phường ") and short.isdigit():
        n = int(short)
        return rnd.choice([f"P{n}", f"P.{n:02d}", f"Phường {n:02d}", f"F{n}", f"P. {n}"])
    return None


def type_address(
    ref: Reference, code: str, form: str, rnd: random.Random
) -> tuple[str | None, str | None, str | None]:
    """Commune, district and province of an old commune, typed in ``form``."""
    c = ref.communes[code]
    d = ref.districts[c["district_code"]]
    commune, district = c["commune_name"], d["district_name"]
    province = ref.provinces[c["province_code"]]
    ward = numbered_ward(commune, rnd)
    if ward and rnd.random() < 0.6:
        commune = ward
    if form == "abbreviated":
        commune, district, province = (abbreviate(x, rnd) for x in (commune, district, province))
    elif form == "no_type_words":
        commune, district, province = (
            x if _short(x).isdigit() else _short(x) for x in (commune, district, province)
        )
    elif form == "no_diacritics":
        commune, district, province = (unidecode(x) for x in (commune, district, province))
    elif form == "upper_case":
        commune, district, province = (x.upper() for x in (commune, district, province))
    elif form == "nfd":
        commune, district, province = (
            unicodedata.normalize("NFD", x) for x in (commune, district, province)
        )
    elif form == "old_tone_style":
        commune, district, province = (old_tone_style(x) for x in (commune, district, province))
    elif form == "double_spaces":
        commune, district, province = (
            "  " + x.replace(" ", "  ") + " " for x in (commune, district, province)
        )
    elif form == "province_alias":
        aliases = PROVINCE_ALIASES.get(c["province_code"])
        province = rnd.choice(aliases) if aliases else _short(province)
    elif form == "old_code":
        commune = code
    elif form == "code_lost_zeros":
        commune = str(int(code))
    elif form == "blank_district":
        district = None
    return commune, district, province


def blank_district_is_unambiguous(ref: Reference, code: str) -> bool:
    """The commune's typed name alone identifies it in its province, old and new names together.

    Ambiguous: another old commune of the same type and name in the province that went
    elsewhere, or a new commune of that name in the new province named like the old one that
    is not where this one went.
    """
    c = ref.communes[code]
    key, kind = tone_key(_short(c["commune_name"])), c["commune_type"]
    same = ref.names_in_province[(c["province_code"], c["commune_type"], key)]
    if len({frozenset(ref.targets[s]) for s in same}) > 1:
        return False
    province_name = tone_key(_short(ref.provinces[c["province_code"]]))
    for new_p, new_name in ref.new_provinces.items():
        if tone_key(_short(new_name)) == province_name:
            homonyms = ref.new_names.get((new_p, key), set())
            # A type word that only the old unit has (Thị trấn) says which one is meant.
            same_type = {h for h in homonyms if ref.new_communes[h]["commune_type"] == kind}
            if same_type and homonyms != ref.targets[code]:
                return False
    return True


# ---- people ---------------------------------------------------------------------------------


class People:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.parts = {
            p: (df["name"].to_list(), df["count"].to_list())
            for p in ("surnames", "middle_names", "given_names")
            for df in [mappings.name_parts(p)]
        }

    def _pick(self, part: str) -> str:
        names, weights = self.parts[part]
        return self.rnd.choices(names, weights)[0]

    def person(self, birth_province: str) -> dict:
        rnd = self.rnd
        female = rnd.random() < 0.5
        middle = "Thị" if female and rnd.random() < 0.6 else self._pick("middle_names")
        full = f"{self._pick('surnames')} {middle} {self._pick('given_names')}"
        born = dt.date(1935, 1, 1) + dt.timedelta(days=rnd.randrange(0, 365 * 88))
        century = 0 if born.year < 2000 else 2
        cccd = f"{int(birth_province):03d}{century + int(female)}{born.year % 100:02d}" + "".join(
            rnd.choice("0123456789") for _ in range(6)
        )
        phone = rnd.choice(MOBILE_PREFIXES) + "".join(rnd.choice("0123456789") for _ in range(7))
        return {
            "name": full,
            "female": female,
            "born": born,
            "cccd": cccd,
            "phone": phone,
        }

    def messy(self, p: dict, again: bool = False) -> tuple[dict, dict]:
        """The person as typed (case, date formats, gender words, IDs as numbers), and what
        was planted that a check must catch. ``again``: the same person typed a second time,
        maybe by another office: the middle name left out, the CCCD or phone not written."""
        rnd = self.rnd
        name = p["name"]
        if again and rnd.random() < 0.2:
            parts = name.split()
            name = f"{parts[0]} {parts[-1]}"  # "Nguyễn Văn An" written "Nguyễn An"
        r = rnd.random()
        if r < 0.15:
            name = name.upper()
        elif r < 0.25:
            name = unidecode(name)
        elif r < 0.3:
            name = "  " + name.replace(" ", "  ")
        elif r < 0.35:
            name = old_tone_style(name)
        born = p["born"]
        r = rnd.random()
        if r < 0.35:
            dob: object = born
        elif r < 0.55:
            dob = born.strftime("%d/%m/%Y")
        elif r < 0.65:
            dob = f"{born.day}/{born.month}/{born.year}"
        elif r < 0.75:
            dob = born.strftime("%d-%m-%Y")
        elif r < 0.85:
            dob = str(born.year)
        elif r < 0.95:
            dob = born.strftime("%d.%m.%Y")
        else:
            dob = (born - dt.date(1899, 12, 30)).days  # an Excel serial number kept as a number
        gender = rnd.choice(
            ["Nữ", "nữ", "NU", "F", "1"] if p["female"] else ["Nam", "nam", "NAM", "M", "0"]
        )
        planted = {"expect_id": p["cccd"], "expect_phone": p["phone"], "expect_invalid": ""}
        cccd: object = p["cccd"]
        r = rnd.random()
        if r < 0.25:
            cccd = int(p["cccd"])  # Excel ate the leading zeros
        elif r < 0.3:
            cccd = " ".join([p["cccd"][:4], p["cccd"][4:8], p["cccd"][8:]])
        elif again and r < 0.35:
            cccd = planted["expect_id"] = None  # not written this time
        elif r < 0.33:
            cccd = planted["expect_id"] = "".join(rnd.choice("0123456789") for _ in range(9))
        elif r < 0.35:
            # the 4th digit says the other sex: a check must say so
            digit = int(p["cccd"][3]) ^ 1
            cccd = planted["expect_id"] = p["cccd"][:3] + str(digit) + p["cccd"][4:]
            planted["expect_invalid"] = "id_gender"
        phone = p["phone"]
        r = rnd.random()
        if again and r < 0.25:
            phone = planted["expect_phone"] = None
        elif r < 0.2:
            phone = "+84 " + phone[1:]
        elif r < 0.3:
            phone = f"{phone[:4]}.{phone[4:7]}.{phone[7:]}"
        elif r < 0.35:
            old = rnd.choice(sorted(OLD_MOBILE))  # still typed with its 2018 11-digit prefix
            phone = old + p["phone"][3:]
            planted["expect_phone"] = OLD_MOBILE[old] + p["phone"][3:]
        elif r < 0.37:
            phone = planted["expect_phone"] = "0" + rnd.choice("1246") + phone[2:]  # no such prefix
            planted["expect_invalid"] = "phone"
        typed = {"name": name, "dob": dob, "gender": gender, "cccd": cccd, "phone": phone}
        return typed, planted


# ---- rows -----------------------------------------------------------------------------------


def _weighted(rnd: random.Random, weights: dict[str, float]) -> str:
    return rnd.choices(list(weights), list(weights.values()))[0]


def one_commune(ref: Reference, rnd: random.Random, home: str) -> tuple[str, list[str], list[str]]:
    """A new commune of ``home`` made of several old ones: its code, the old communes that went
    into it whole, and those split (or disputed) between it and others."""
    into: dict[str, list[str]] = defaultdict(list)
    for code in ref.by_kind["whole"]:
        if ref.communes[code]["province_code"] == home:
            into[next(iter(ref.targets[code]))].append(code)
    target = rnd.choice(sorted(t for t, olds in into.items() if len(olds) >= 3) or sorted(into))
    shared = [
        c
        for kind in ("split", "disputed")
        for c in ref.by_kind.get(kind, [])
        if target in ref.targets[c]
    ]
    return target, sorted(into[target]), shared


def generate_rows(
    ref: Reference,
    n: int,
    rnd: random.Random,
    home: str | None = None,
    commune_file: bool = False,
) -> list:
    """``n`` rows of (cells, truth). ``commune_file``: the residents of one new commune, as
    its office holds them: their old addresses are in the old communes that formed it (the
    rows already new, split or disputed, island or ambiguous still come from anywhere when
    the commune has none of their kind)."""
    people = People(rnd)
    home = home or rnd.choice(sorted(ref.provinces))
    home_whole = [c for c in ref.by_kind["whole"] if ref.communes[c]["province_code"] == home]
    local_new, local_shared = None, []
    if commune_file:
        local_new, home_whole, local_shared = one_commune(ref, rnd, home)
    new_ok = [
        c
        for c, r in ref.new_communes.items()
        if tone_key(_short(r["commune_name"]))
        not in ref.old_names_by_new_province.get(r["province_code"], set())
    ]
    ambiguous = [c for c in ref.by_kind["whole"] if not blank_district_is_unambiguous(ref, c)]
    rows = []
    seen: list[dict] = []  # residents written so far, for duplicates and namesakes
    for i in range(n):
        r = rnd.random()
        kind, acc = "whole", 0.0
        for k, share in KIND_SHARES.items():
            acc += share
            if r < acc:
                kind = k
                break
        form = _weighted(rnd, FORMS)
        truth = {"kind": kind, "form": form, "old_code": "", "expect_code": "", "candidates": ""}
        if kind == "island":
            d_code = rnd.choice(sorted(ref.islands))
            d = ref.districts[d_code]
            commune, district = None, d["district_name"]
            province = ref.provinces[d["province_code"]]
            if form == "no_diacritics":
                district, province = unidecode(district), unidecode(province)
            truth.update(old_code=d_code, expect_code=ref.islands[d_code], form="district_only")
            birth = d["province_code"]
        elif kind == "new":
            code = local_new if local_new in new_ok else rnd.choice(new_ok)
            nc = ref.new_communes[code]
            commune, district, province = nc["commune_name"], None, nc["province_name"]
            if form == "no_diacritics":
                commune, province = unidecode(commune), unidecode(province)
            elif form == "abbreviated":
                commune, province = abbreviate(commune, rnd), abbreviate(province, rnd)
            truth.update(expect_code=code, form="new_names")
            birth = nc["province_code"]
        else:
            if kind == "whole":
                local = commune_file or rnd.random() < 0.6
                pool = home_whole if home_whole and local else ref.by_kind["whole"]
                code = rnd.choice(pool)
                if form == "blank_district" and not any(
                    blank_district_is_unambiguous(ref, c) for c in pool
                ):
                    form = truth["form"] = "official"
                while form == "blank_district" and not blank_district_is_unambiguous(ref, code):
                    code = rnd.choice(pool)
            elif kind == "ambiguous":
                code, form = rnd.choice(ambiguous), "blank_district"
                truth["form"] = form
            else:
                same_kind = [c for c in local_shared if expected_kind(ref, c) == kind]
                code = rnd.choice(same_kind or ref.by_kind[kind])
                if form == "blank_district" and not blank_district_is_unambiguous(ref, code):
                    form = truth["form"] = "official"
            if form == "province_alias" and ref.communes[code]["province_code"] not in (
                PROVINCE_ALIASES
            ):
                form = truth["form"] = "official"
            commune, district, province = type_address(ref, code, form, rnd)
            targets = ref.targets[code]
            truth["old_code"] = code
            if kind == "whole":
                truth["expect_code"] = next(iter(targets))
            else:
                truth["candidates"] = " ".join(sorted(targets))
            birth = ref.communes[code]["province_code"]
        person = people.person(birth if rnd.random() < 0.8 else rnd.choice(sorted(ref.provinces)))
        street = (
            f"Số {rnd.randint(1, 200)} {rnd.choice(STREETS)}"
            if rnd.random() < 0.5
            else rnd.choice(VILLAGES)
        )
        again = None
        r = rnd.random()
        if seen and r < DUPLICATE_SHARE:
            again = rnd.choice(seen)  # the same resident a second time
            person = again["person"]
        elif seen and r < DUPLICATE_SHARE + NAMESAKE_SHARE:
            # another resident with the same name: a different person
            namesake = rnd.choice(seen)["person"]
            person = people.person(birth)
            person["name"], person["female"] = namesake["name"], namesake["female"]
            digit = (0 if person["born"].year < 2000 else 2) + int(person["female"])
            person["cccd"] = person["cccd"][:3] + str(digit) + person["cccd"][4:]
            truth["namesake"] = "1"
        typed, planted = people.messy(person, again=again is not None)
        truth.update(planted)
        if again is None:
            truth["person_id"] = str(len(seen) + 1)
        else:
            truth["person_id"] = again["truth"]["person_id"]
            if rnd.random() < 0.7:  # still living at the same address
                commune, district, province, street = again["address"]
                for k in ("kind", "form", "old_code", "expect_code", "candidates"):
                    truth[k] = again["truth"][k]
        cells = {
            "stt": i + 1,
            **typed,
            "street": street,
            "commune": commune,
            "district": district,
            "province": province,
            "note": "",
        }
        if truth["form"] in ("old_code", "code_lost_zeros") and rnd.random() < 0.5:
            cells["commune"] = int(commune)  # stored as a number in Excel
        truth.update(
            stt=i + 1,
            true_name=person["name"],
            true_born=person["born"].isoformat(),
            true_female=int(person["female"]),
            true_cccd=person["cccd"],
            true_phone=person["phone"],
        )
        if again is None:
            seen.append(
                {"person": person, "truth": truth, "address": (commune, district, province, street)}
            )
        rows.append((cells, truth))
    return rows


def full_address(cells: dict, rnd: random.Random) -> str:
    parts = [cells["street"], cells["commune"], cells["district"], cells["province"]]
    return ", ".join(str(p).strip() for p in parts if p not in (None, ""))


# ---- writing ----

# Columns of each layout, left to right; the xlsx form adds a "Ghi chú" column.
_PERSON = ["stt", "name", "dob", "gender", "id", "phone"]
LAYOUT_ROLES = {
    "columns": [*_PERSON, "street", "commune", "district", "province"],
    "address": [*_PERSON, "address"],
}


def _headers(rnd: random.Random) -> dict[str, str]:
    return {role: rnd.choice(words) for role, words in HEADER_SYNONYMS.items()}


def write_xlsx(rows: list, path: Path, layout: str, rnd: random.Random, office: str) -> int:
    """Write the form; returns the sheet row (1-based) of the first data row."""
    import xlsxwriter

    h = _headers(rnd)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Danh sách")
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    title = wb.add_format({"bold": True, "align": "center", "font_size": 14})
    roles = [*LAYOUT_ROLES[layout], "note"]
    last = len(roles) - 1
    ws.write(0, 0, f"UBND {office.upper()}")
    ws.merge_range(0, 4, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", title)
    ws.merge_range(1, 4, 1, last, "Độc lập - Tự do - Hạnh phúc", title)
    ws.merge_range(3, 0, 3, last, "DANH SÁCH NHÂN KHẨU THƯỜNG TRÚ", title)
    top = 5
    if layout == "columns":
        group = roles.index("street")
        for col, role in enumerate(roles):
            if group <= col < group + 4:
                ws.write(top + 1, col, h[role], bold)
            else:
                ws.merge_range(top, col, top + 1, col, h[role], bold)
        ws.merge_range(top, group, top, group + 3, h["address_group"], bold)
        numbering = top + 2
    else:
        for col, role in enumerate(roles):
            ws.write(top, col, h[role], bold)
        numbering = top + 1
    for col in range(len(roles)):
        ws.write(numbering, col, f"({col + 1})", bold)
    first = numbering + 1
    for i, (cells, _) in enumerate(rows):
        r = first + i
        values = dict(cells)
        values["id"] = cells["cccd"]
        if layout == "address":
            values["address"] = full_address(cells, rnd)
        for col, role in enumerate(roles):
            v = values.get(role)
            if v is None or v == "":
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(r, col, dt.datetime(v.year, v.month, v.day), date_fmt)
            elif isinstance(v, int):
                ws.write_number(r, col, v)
            else:
                ws.write_string(r, col, str(v))
    end = first + len(rows)
    ws.write(end, 0, "Tổng cộng")
    ws.write(end, 1, f"{len(rows)} người")
    ws.write(end + 2, 1, "Người lập biểu")
    ws.write(end + 2, last - 1, f"{office}, ngày 15 tháng 10 năm 2025")
    ws.write(end + 3, last - 1, "CHỦ TỊCH UBND")
    ws.write(end + 3, 1, "(Ký, ghi rõ họ tên)")
    ws.write(end + 6, 1, "Nguyễn Văn Bình")
    wb.close()
    return first + 1


def write_csv(rows: list, path: Path, layout: str, rnd: random.Random) -> int:
    h = _headers(rnd)
    roles = LAYOUT_ROLES[layout]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([h[r] for r in roles])
        for cells, _ in rows:
            values = dict(cells)
            values["id"] = cells["cccd"]
            if layout == "address":
                values["address"] = full_address(cells, rnd)
            out = []
            for role in roles:
                v = values.get(role)
                out.append(v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v)
            w.writerow(out)
    return 2


def write_truth(rows: list, path: Path, first_row: int) -> None:
    fields = [
        "sheet_row",
        "stt",
        "kind",
        "form",
        "old_code",
        "expect_code",
        "candidates",
        "true_name",
        "true_born",
        "true_female",
        "true_cccd",
        "true_phone",
        "expect_id",
        "expect_phone",
        "expect_invalid",
        "person_id",
        "namesake",
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for i, (_, truth) in enumerate(rows):
            w.writerow({"sheet_row": first_row + i, **truth})


def generate(
    out: Path,
    rows: int,
    seed: int = 7,
    layout: str = "columns",
    fmt: str | None = None,
    home: str | None = None,
    commune_file: bool = False,
) -> tuple[Path, Path]:
    """Write one spreadsheet and its ``_truth.csv``; returns both paths. ``commune_file``: see
    :func:`generate_rows`."""
    rnd = random.Random(seed)
    ref = load_reference()
    data = generate_rows(ref, rows, rnd, home, commune_file)
    fmt = fmt or out.suffix.lstrip(".") or "xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        office = f"Xã {rnd.choice(['Tân Lập', 'Hòa Bình', 'Yên Thế', 'Phú Mỹ'])}"
        first = write_xlsx(data, out, layout, rnd, office)
    else:
        first = write_csv(data, out, layout, rnd)
    truth = out.with_name(out.stem + "_truth.csv")
    write_truth(data, truth, first)
    return out, truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--layout", choices=["columns", "address"], default="columns")
    ap.add_argument("--format", choices=["xlsx", "csv"], default=None)
    ap.add_argument("--province", default=None, help="old province code most rows come from")
    ap.add_argument(
        "--commune-file",
        action="store_true",
        help="the residents of one new commune (default: addresses from the whole country)",
    )
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    data, truth = generate(
        a.out, a.rows, a.seed, a.layout, a.format, a.province, commune_file=a.commune_file
    )
    print(f"wrote {data} and {truth}")


if __name__ == "__main__":
    main()

"""Free-text addresses typed the way people type them, with the truth from the reference table.

    python sample_data/messy_addresses.py --rows 2000 --seed 3 --out /tmp/messy.csv

Each row is one old commune of the statistics list (``units_legacy.csv``) written as one line:
type words in full, abbreviated (P. X. TT. Q. H. TX. TP. T.P T.X. T.), left out or glued to
the name ("TỉnhNghệ An", "TPHàNội"); commas, dashes, dots or nothing between the parts;
upper or lower case; no diacritics; well-known short forms (HN, TPHCM, SG, BR-VT, ĐăkLăk,
BMT); a street part in front; doubled spaces; now and then a letter dropped. The truth is the
row's own codes, never the resolver's answer.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "units_legacy.csv"
SHIPPED = ROOT / "dataclean" / "mappings" / "units_legacy.csv"

TYPE_FORMS = {
    "Xã": ["Xã", "X.", "X ", "xa", "Xã"],
    "Phường": ["Phường", "P.", "P ", "F.", "phuong", "Phường"],
    "Thị trấn": ["Thị trấn", "TT.", "TT ", "T.T ", "Thị Trấn"],
    "Quận": ["Quận", "Q.", "Q ", "quan"],
    "Huyện": ["Huyện", "H.", "H ", "huyen"],
    "Thị xã": ["Thị xã", "TX.", "T.X.", "TX ", "Thị Xã"],
    "Thành phố": ["Thành phố", "TP.", "Tp.", "T.P ", "TP ", "T.Phố "],
    "Tỉnh": ["Tỉnh", "T.", "T ", "tinh"],
}
# Short forms people write for a province, by its code on the list.
PROVINCE_SHORT = {
    "01": ["HN", "TP Hà Nội", "TPHàNội", "Ha Noi"],
    "79": ["TPHCM", "TP.HCM", "HCM", "SG", "Sài Gòn", "Tp Hồ Chí Minh"],
    "48": ["TP Đà Nẵng", "Đà Nẵng"],
    "77": ["BR-VT", "BRVT", "Bà Rịa Vũng Tàu"],
    "46": ["TT Huế", "Thừa Thiên Huế", "Huế"],
    "66": ["ĐăkLăk", "Đắc Lắc", "Dak Lak"],
    "31": ["HP", "TP Hải Phòng"],
}
DISTRICT_SHORT = {"Thành phố Buôn Ma Thuột": ["BMT", "TP BMT"], "Thành phố Thủ Dầu Một": ["TDM"]}
STREETS = [
    "Số 12 Lê Lợi",
    "66/4 Nguyễn Lương Bằng",
    "Thôn 3",
    "Ấp Tân Lập",
    "Tổ 5",
    "Xóm 2",
    "Khu phố 4",
    "Số 7 ngõ 15",
    "Bản Na",
]
SEPARATORS = [", ", ", ", " - ", " ", ",", " , ", ". "]


def load_units() -> list[dict]:
    """The old communes, from the shared reference table (the shipped copy without it)."""
    path = REFERENCE if REFERENCE.exists() else SHIPPED
    with path.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["commune_code"]]


def _type_and_name(official: str, type_word: str) -> str:
    words, typed = official.split(), type_word.split()
    return " ".join(words[len(typed) :]) if len(words) > len(typed) else official


def _typed(name: str, type_word: str, rnd: random.Random, leave_out: float) -> str:
    """A unit name with its type word written one of the ways people write it."""
    if name.isdigit():  # "Phường 7", "Quận 3": the type word cannot go
        form = rnd.choice(TYPE_FORMS.get(type_word, [type_word]))
        number = rnd.choice([name, name.zfill(2)])
        return f"{form.strip()}{'' if form.strip().isupper() and rnd.random() < 0.5 else ' '}" + (
            number
        )
    if rnd.random() < leave_out:
        return name
    form = rnd.choice(TYPE_FORMS.get(type_word, [type_word]))
    if rnd.random() < 0.12 and not form.endswith((".", " ")):
        return form + name  # glued: "XãPhú Hưng", "HuyệnChâu Thành"
    return form.rstrip() + ("" if form.endswith(".") and rnd.random() < 0.5 else " ") + name


def _drop_letter(text: str, rnd: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 6:
        return text
    i = rnd.choice(letters[2:-1])
    return text[:i] + text[i + 1 :]


def _key(text: str) -> str:
    return " ".join(unidecode(text).lower().split())


def messy_row(
    unit: dict, rnd: random.Random, neighbours: set[str] = frozenset(), leave_out: float = 0.0
) -> tuple[str, str]:
    """One typed address for ``unit`` and the styles used. ``neighbours`` are the names (as
    keys) of the other communes of its district: a typo never turns the name into one of them
    ("Phúc Sơn" with its "c" dropped is Phú Sơn, another commune, not a typo). With chance
    ``leave_out`` the district, the province or both are left out, as many people write."""
    styles = []
    name = _type_and_name(unit["commune_name"], unit["commune_type"])
    commune = _typed(name, unit["commune_type"], rnd, 0.4)
    if rnd.random() < 0.04:
        typo = _drop_letter(commune, rnd)
        if not any(_key(typo).endswith(n) for n in neighbours):
            commune, _ = typo, styles.append("typo")
    district_name = unit["district_name"]
    if district_name in DISTRICT_SHORT and rnd.random() < 0.5:
        district = rnd.choice(DISTRICT_SHORT[district_name])
        styles.append("district_short")
    else:
        district = _typed(
            _type_and_name(district_name, unit["district_type"]), unit["district_type"], rnd, 0.4
        )
    code = unit["province_code"]
    if code in PROVINCE_SHORT and rnd.random() < 0.6:
        province = rnd.choice(PROVINCE_SHORT[code])
        styles.append("province_short")
    else:
        ptype = "Thành phố" if unit["province_name"].startswith("Thành phố") else "Tỉnh"
        province = _typed(_type_and_name(unit["province_name"], ptype), ptype, rnd, 0.5)
    parts = [commune, district, province]
    if leave_out and rnd.random() < leave_out:  # no draw at all when 0: rows stay as they were
        left = rnd.choice(("district", "province", "both"))
        parts = {"district": [commune, province], "province": [commune, district]}.get(
            left, [commune]
        )
        styles.append(f"no_{left}")
    if rnd.random() < 0.5:
        parts.insert(0, rnd.choice(STREETS))
        styles.append("street")
    sep = rnd.choice(SEPARATORS)
    styles.append({", ": "commas", ",": "commas", " , ": "commas"}.get(sep, repr(sep.strip())))
    text = sep.join(parts)
    roll = rnd.random()
    if roll < 0.15:
        text, _ = text.upper(), styles.append("upper")
    elif roll < 0.3:
        text, _ = text.lower(), styles.append("lower")
    if rnd.random() < 0.2:
        text, _ = unidecode(text), styles.append("no_marks")
    if rnd.random() < 0.15:
        text, _ = text.replace(" ", "  ", 2), styles.append("double_space")
    return text, " ".join(styles)


def messy_addresses(rows: int, seed: int, leave_out: float = 0.0) -> list[dict]:
    """``rows`` typed addresses with the codes of the commune, district and province."""
    rnd = random.Random(seed)
    units = load_units()
    names: dict[str, set[str]] = {}
    for u in units:
        short = _type_and_name(u["commune_name"], u["commune_type"])
        names.setdefault(u["district_code"], set()).add(_key(short))
    out = []
    for unit in rnd.sample(units, rows) if rows <= len(units) else rnd.choices(units, k=rows):
        own = _key(_type_and_name(unit["commune_name"], unit["commune_type"]))
        text, style = messy_row(unit, rnd, names[unit["district_code"]] - {own}, leave_out)
        out.append(
            {
                "address": text,
                "province_code": unit["province_code"],
                "district_code": unit["district_code"],
                "commune_code": unit["commune_code"],
                "style": style,
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    rows = messy_addresses(a.rows, a.seed)
    with a.out.open("w", encoding="utf-8", newline="") if a.out else sys.stdout as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()

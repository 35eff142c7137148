"""Workbooks shaped like the official forms commune offices keep residents in, with their truth.

* ``voter_list``: the voter list (Mẫu 33/HĐBC): title block, "Ngày, tháng, năm sinh" merged over
  "Nam | Nữ" (the date sits in the column of the person's gender), "Nơi cư trú" over
  "Thường trú | Tạm trú", the "(1) … (8)" numbering row, a hamlet row ("ẤP 1") above each
  hamlet's voters and a subtotal row ("Cộng ấp 1: 12 cử tri") under them, a total and the
  signatures.
* ``household_register``: a household register (sổ hộ khẩu, the old HK01/HK02 and CT01 words):
  "Địa chỉ thường trú" merged over four sub-columns, a relation column ("Chủ hộ", "Vợ", "Con"),
  ditto marks ("nt", "Như trên") for the members, birthplace and hometown typed as free text, a
  current address, now and then the whole address typed into the house sub-column, residents
  who moved away on hidden rows, and a summary sheet shaped like a PivotTable.

The truth (``<name>_truth.csv``) is written from the reference tables, never from dataclean:
each row's sheet row, its kind (person, group, subtotal), and for a person the name, date of
birth, gender and the 2025 commune code expected for each address column.

    python sample_data/forms.py --out /tmp/forms
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # the reference tables and the people of the generator

ADDRESS_KEYS = ("residence", "current", "birthplace", "hometown")
TRUTH_COLUMNS = ["sheet_row", "kind", "hidden", "name", "dob", "gender"] + [
    f"{k}_code" for k in ADDRESS_KEYS
]


@dataclass
class Place:
    commune: str  # "Xã Vạn Phúc"
    district: str
    province: str
    code: str  # the 2025 commune code the old commune went to, whole

    def typed(self, street: str | None = None) -> str:
        parts = [street, self.commune, self.district, self.province]
        return ", ".join(p for p in parts if p)


@dataclass
class Truth:
    rows: list[dict] = field(default_factory=list)

    def add(self, sheet_row: int, kind: str, **values: object) -> None:
        self.rows.append({"sheet_row": sheet_row, "kind": kind, "hidden": False, **values})

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.DictWriter(f, TRUTH_COLUMNS, extrasaction="ignore")
            out.writeheader()
            out.writerows(self.rows)


class Places:
    """Old communes that went whole to one 2025 commune, drawn from the reference tables."""

    def __init__(self, ref: generate.Reference, rnd: random.Random) -> None:
        self.ref, self.rnd = ref, rnd
        self.whole = sorted(ref.by_kind["whole"])

    def place(self, code: str) -> Place:
        c = self.ref.communes[code]
        (new,) = self.ref.targets.get(code) or {code}
        return Place(c["commune_name"], c["district_name"], c["province_name"], new)

    def any(self) -> Place:
        return self.place(self.rnd.choice(self.whole))

    def home(self) -> Place:
        """The commune of the office: one with at least one neighbour in its district."""
        return self.any()


def _dob_text(born: dt.date, rnd: random.Random) -> tuple[str, str]:
    """The date as typed, and as dataclean writes it (dd/mm/yyyy, or a year alone)."""
    if rnd.random() < 0.3:
        return str(born.year), str(born.year)
    text = born.strftime("%d/%m/%Y")
    return text, text


def voter_list(path: Path, seed: int = 1, hamlets: int = 4, per_hamlet: int = 12) -> Truth:
    """The voter list, Mẫu 33/HĐBC."""
    import xlsxwriter

    rnd = random.Random(seed)
    ref = generate.load_reference()
    places, people = Places(ref, rnd), generate.People(rnd)
    home = places.home()
    truth = Truth()
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Danh sách cử tri")
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    bold = wb.add_format({"bold": True})
    ws.write(0, 0, f"ỦY BAN BẦU CỬ {home.commune.upper()}")
    ws.merge_range(0, 4, 0, 7, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", head)
    ws.write(1, 0, "TỔ BẦU CỬ SỐ 1")
    ws.merge_range(1, 4, 1, 7, "Độc lập - Tự do - Hạnh phúc", head)
    ws.merge_range(3, 0, 3, 7, "DANH SÁCH CỬ TRI", head)
    ws.merge_range(4, 0, 4, 7, f"Khu vực bỏ phiếu số 1, {home.commune}, {home.district}", head)
    for col, label in ((0, "STT"), (1, "Họ và tên"), (4, "Dân tộc"), (7, "Ghi chú")):
        ws.merge_range(6, col, 7, col, label, head)
    ws.merge_range(6, 2, 6, 3, "Ngày, tháng, năm sinh", head)
    ws.merge_range(6, 5, 6, 6, "Nơi cư trú", head)
    for col, label in ((2, "Nam"), (3, "Nữ"), (5, "Thường trú"), (6, "Tạm trú")):
        ws.write(7, col, label, head)
    for col in range(8):
        ws.write(8, col, f"({col + 1})", head)
    r, number = 9, 0
    for h in range(1, hamlets + 1):
        hamlet = rnd.choice(["Ấp", "Thôn", "Tổ dân phố", "Khu phố"]) + f" {h}"
        if rnd.random() < 0.5:
            ws.merge_range(r, 0, r, 7, hamlet.upper(), bold)
        else:
            ws.write(r, 1, hamlet.upper(), bold)
        truth.add(r + 1, "group")
        r += 1
        for _ in range(per_hamlet):
            p = people.person(rnd.choice(["001", "038", "079"]))
            number += 1
            typed, written = _dob_text(p["born"], rnd)
            ws.write(r, 0, number)
            ws.write(r, 1, p["name"])
            ws.write_string(r, 3 if p["female"] else 2, typed)
            ws.write(r, 4, "Kinh")
            values = {
                "name": p["name"],
                "dob": written,
                "gender": "Nữ" if p["female"] else "Nam",
            }
            if rnd.random() < 0.2:  # a temporary resident: registered elsewhere
                away = places.any()
                ws.write(r, 5, away.typed())
                ws.write(r, 6, home.typed(hamlet))
                values |= {"residence_code": away.code, "current_code": home.code}
            else:
                ws.write(r, 5, home.typed(hamlet))
                values |= {"residence_code": home.code}
            truth.add(r + 1, "person", **values)
            r += 1
        ws.write(r, 1, f"Cộng {hamlet.lower()}: {per_hamlet} cử tri", bold)
        truth.add(r + 1, "subtotal")
        r += 1
    ws.write(r, 1, f"Tổng cộng: {number} cử tri", bold)
    ws.write(r + 2, 5, f"{home.commune}, ngày 10 tháng 3 năm 2026")
    ws.write(r + 3, 1, "THƯ KÝ")
    ws.write(r + 3, 5, "TỔ TRƯỞNG")
    wb.close()
    return truth


def household_register(path: Path, seed: int = 2, households: int = 15) -> Truth:
    """A household register with a relation column, ditto marks, birthplace, hometown, the
    current address, hidden rows and a PivotTable-like summary sheet."""
    import xlsxwriter

    rnd = random.Random(seed)
    ref = generate.load_reference()
    places, people = Places(ref, rnd), generate.People(rnd)
    home = places.home()
    truth = Truth()
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sổ hộ khẩu")
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    ws.write(0, 0, f"CÔNG AN {home.commune.upper()}")
    ws.merge_range(2, 0, 2, 13, "SỔ THEO DÕI HỘ, NHÂN KHẨU THƯỜNG TRÚ", head)
    single = [
        (0, "STT"), (1, "Họ, chữ đệm và tên"), (2, "Ngày, tháng, năm sinh"), (3, "Giới tính"),
        (4, "Số định danh cá nhân"), (5, "Quan hệ với chủ hộ"), (10, "Nơi sinh"),
        (11, "Quê quán"), (12, "Địa chỉ chỗ ở hiện nay"), (13, "Ghi chú"),
    ]  # fmt: skip
    for col, label in single:
        ws.merge_range(4, col, 5, col, label, head)
    ws.merge_range(4, 6, 4, 9, "Địa chỉ thường trú", head)
    for col, label in ((6, "Số nhà, thôn/tổ"), (7, "Xã/Phường"), (8, "Quận/Huyện"), (9, "Tỉnh")):
        ws.write(5, col, label, head)
    for col in range(14):
        ws.write(6, col, f"({col + 1})", head)
    r, number, males, females = 7, 0, 0, 0
    for _ in range(households):
        street = rnd.choice(["Thôn", "Xóm", "Tổ"]) + f" {rnd.randint(1, 9)}"
        size = rnd.randint(1, 5)
        moved_away = rnd.random() < 0.3  # one member left: the row is hidden, not deleted
        for m in range(size):
            p = people.person("001")
            number += 1
            males, females = males + (not p["female"]), females + p["female"]
            ws.write(r, 0, number)
            ws.write(r, 1, p["name"])
            ws.write(r, 2, p["born"].strftime("%d/%m/%Y"))
            ws.write(r, 3, "Nữ" if p["female"] else "Nam")
            ws.write_string(r, 4, p["cccd"])
            ws.write(r, 5, "Chủ hộ" if m == 0 else rnd.choice(["Vợ", "Con", "Cháu", "Mẹ"]))
            if m == 0 and rnd.random() < 0.25:
                # The whole address typed into the house sub-column, the unit columns blank.
                ws.write(r, 6, home.typed(street))
            elif m == 0:
                ws.write(r, 6, street)
                ws.write(r, 7, home.commune)
                ws.write(r, 8, home.district)
                ws.write(r, 9, home.province)
            else:
                for col in range(6, 10):
                    ws.write(r, col, rnd.choice(["nt", "-nt-", "Như trên"]))
            born_in, from_ = places.any(), places.any()
            ws.write(r, 10, born_in.typed())
            ws.write(r, 11, from_.typed())
            if m == 0:
                ws.write(r, 12, home.typed(street))
            else:
                ws.write(r, 12, "Như trên")
            hidden = moved_away and m == size - 1 and m > 0
            if hidden:
                ws.write(r, 13, "Đã chuyển đi")
                ws.set_row(r, None, None, {"hidden": True})
            truth.add(
                r + 1,
                "person",
                hidden=hidden,
                name=p["name"],
                dob=p["born"].strftime("%d/%m/%Y"),
                gender="Nữ" if p["female"] else "Nam",
                residence_code=home.code,
                current_code=home.code,
                birthplace_code=born_in.code,
                hometown_code=from_.code,
            )
            r += 1
    ws.write(r, 0, "Tổng cộng")
    ws.write(r, 1, f"{number} nhân khẩu")
    ws.write(r + 2, 10, "TRƯỞNG CÔNG AN XÃ")
    # What Excel's PivotTable shows, pasted as values: counts, never residents.
    pivot = wb.add_worksheet("Tổng hợp")
    pivot.write_row(2, 0, ["Nhãn Hàng", "Đếm Họ, chữ đệm và tên"])
    pivot.write_row(3, 0, ["Nam", males])
    pivot.write_row(4, 0, ["Nữ", females])
    pivot.write_row(5, 0, ["Tổng Cuối", number])
    wb.close()
    return truth


FORMS = {"xa_cu_tri": voter_list, "so_ho_khau": household_register}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="folder to write the forms into")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    for name, write in FORMS.items():
        truth = write(a.out / f"{name}.xlsx", a.seed)
        truth.write(a.out / f"{name}_truth.csv")
        print(f"{a.out / name}.xlsx: {len(truth.rows)} rows")


if __name__ == "__main__":
    main()

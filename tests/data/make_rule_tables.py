"""Write the table-driven cases for the field rules: tests/data/rules/<rule>.csv.

Each row is a raw value as offices type it, the clean value expected, and a fragment of the
problem expected ("" when the value is valid). The expected value comes from the clean fact
the raw value was made from (a date, a number, a name from the frequency tables), never from
the rule; the hand-written rows cover what generation cannot. Run by hand; the CSVs are kept.

    python tests/data/make_rule_tables.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from unidecode import unidecode

from dataclean import mappings

HERE = Path(__file__).parent / "rules"
rnd = random.Random(2025)

# ---- names: (raw, expected, problem) ----
NAMES = [
    ("NGUYỄN VĂN AN", "Nguyễn Văn An", ""),
    ("nguyễn thị thuỷ", "Nguyễn Thị Thủy", ""),
    ("Lê Thị Hoà", "Lê Thị Hòa", ""),
    ("Trần Văn Quý", "Trần Văn Quý", ""),
    ("TRẦN QUÝ", "Trần Quý", ""),
    ("Ðặng Văn Khoẻ", "Đặng Văn Khỏe", ""),
    ("  hoàng   văn  thuý ", "Hoàng Văn Thúy", ""),
    ("Nguyễn Huỳnh Như", "Nguyễn Huỳnh Như", ""),
    ("NGUYEN VAN AN", "Nguyen Van An", ""),
    ("nguyen thi hoa", "Nguyen Thi Hoa", ""),
    ("Y-Sơn Niê", "Y-Sơn Niê", ""),
    ("ksor h'bla", "Ksor H'Bla", ""),
    ("Phạm 123", "Phạm 123", "chữ số"),
    ("Lê Văn #", "Lê Văn #", "ký tự lạ"),
    ("   ", "", "Thiếu họ tên"),
    ("Đoàn Thị Loan", "Đoàn Thị Loan", ""),
    ("ĐOÀN THỊ LOAN", "Đoàn Thị Loan", ""),
    ("hoàng thị thoả", "Hoàng Thị Thỏa", ""),
    ("Vũ Thị Hoè", "Vũ Thị Hòe", ""),
    ("Lý Thị Tuý Kiều", "Lý Thị Túy Kiều", ""),
    ("Nguyễn\u00a0Văn\tBình", "Nguyễn Văn Bình", ""),
    ("Nguye\u0302\u0303n Va\u0306n Ba\u0300", "Nguyễn Văn Bà", ""),
    ("Bùi Quang Huy", "Bùi Quang Huy", ""),
    ("QUÁCH THỊ QUỲNH", "Quách Thị Quỳnh", ""),
    ("Trương Thị Hoạ Mi", "Trương Thị Họa Mi", ""),
]


def _parts(part: str, n: int) -> list[str]:
    names = mappings.name_parts(part)["name"].to_list()
    # Tone placement is checked by the hand-written rows; these keep to names whose spelling
    # does not depend on it.
    simple = [x for x in names if not any(s in x.lower() for s in ("oà", "oá", "oả", "oã", "oạ",
              "oè", "oé", "oẻ", "oẽ", "oẹ", "uỳ", "uý", "uỷ", "uỹ", "uỵ", "òa", "óa", "ỏa",
              "õa", "ọa", "òe", "óe", "ỏe", "õe", "ọe", "ùy", "úy", "ủy", "ũy", "ụy"))]  # fmt: skip
    return [rnd.choice(simple) for _ in range(n)]


def name_rows(n: int = 160) -> list[tuple[str, str, str]]:
    rows = list(NAMES)
    for s, m, g in zip(_parts("surnames", n), _parts("middle_names", n), _parts("given_names", n),
                       strict=True):  # fmt: skip
        clean = f"{s} {m} {g}"
        form = rnd.choice(["upper", "lower", "spaces", "ascii", "as is"])
        raw = {
            "upper": clean.upper(),
            "lower": clean.lower(),
            "spaces": "  " + clean.replace(" ", "   ") + " ",
            "ascii": unidecode(clean).upper(),
            "as is": clean,
        }[form]
        rows.append((raw, unidecode(clean) if form == "ascii" else clean, ""))
    return rows


# ---- dates of birth ----
DATES = [
    ("31/02/1990", "31/02/1990", "không có thật"),
    ("29/02/2000", "29/02/2000", ""),
    ("29/02/1900", "29/02/1900", "không có thật"),
    ("00/01/1990", "00/01/1990", "không có thật"),
    ("12/3/85", "12/3/85", "2 chữ số"),
    ("abc", "abc", "Không đọc được"),
    ("01/01/2099", "01/01/2099", "tương lai"),
    ("2030", "2030", "tương lai"),
    ("01/01/1890", "01/01/1890", "120 năm"),
    ("1890", "1890", "120 năm"),
    ("32874", "01/01/1990", ""),
    ("32874.0", "01/01/1990", ""),
    ("1985", "1985", ""),
    ("1985.0", "1985", ""),
    ("1990-02-01T00:00:00", "01/02/1990", ""),
    (" 01/02/1990 ", "01/02/1990", ""),
    ("13/13/1990", "13/13/1990", "không có thật"),
]


def date_rows(n: int = 160) -> list[tuple[str, str, str]]:
    rows = list(DATES)
    for _ in range(n):
        day = dt.date(1930, 1, 1) + dt.timedelta(days=rnd.randrange(0, 365 * 94))
        form = rnd.choice(["dd/mm/yyyy", "d/m/yyyy", "dd-mm-yyyy", "dd.mm.yyyy", "iso",
                           "excel", "serial", "year"])  # fmt: skip
        raw = {
            "dd/mm/yyyy": day.strftime("%d/%m/%Y"),
            "d/m/yyyy": f"{day.day}/{day.month}/{day.year}",
            "dd-mm-yyyy": day.strftime("%d-%m-%Y"),
            "dd.mm.yyyy": day.strftime("%d.%m.%Y"),
            "iso": day.isoformat(),
            "excel": f"{day.isoformat()} 00:00:00",
            "serial": str((day - dt.date(1899, 12, 30)).days),
            "year": str(day.year),
        }[form]
        rows.append((raw, str(day.year) if form == "year" else day.strftime("%d/%m/%Y"), ""))
    return rows


# ---- gender ----
GENDERS = [("x", "x", "không rõ"), ("khác", "khác", "không rõ"), ("?", "?", "không rõ"),
           ("2", "2", "không rõ")]  # fmt: skip
MALE = ["Nam", "nam", "NAM", "M", "m", "0", "Male", " nam ", "Nam.", "ông"]
FEMALE = ["Nữ", "nữ", "NỮ", "NU", "Nu", "nu", "F", "f", "1", "Female", "Nữ.", "bà", "Nư\u0303"]


def gender_rows(n: int = 150) -> list[tuple[str, str, str]]:
    rows = list(GENDERS)
    for _ in range(n):
        if rnd.random() < 0.5:
            rows.append((rnd.choice(MALE), "Nam", ""))
        else:
            rows.append((rnd.choice(FEMALE), "Nữ", ""))
    return rows


# ---- CCCD / CMND ----
IDS = [
    ("12345678", "12345678", "8 chữ số"),
    ("0010900123", "0010900123", "10 chữ số"),
    ("abc123", "abc123", "không phải số"),
    ("999090012345", "999090012345", "Mã tỉnh"),
    ("001490012345", "001490012345", "thế kỷ"),
    ("123456789", "123456789", ""),
    ("'001090012345", "001090012345", ""),
    ("0010 9001 2345", "001090012345", ""),
    ("0010900123456", "0010900123456", "13 chữ số"),
]


def id_rows(n: int = 160) -> list[tuple[str, str, str]]:
    codes = ["0" + c for c in mappings.units_legacy()["province_code"].unique().sort()]
    rows = list(IDS)
    for _ in range(n):
        year = rnd.randrange(1930, 2024)
        digit = (0 if year < 2000 else 2) + rnd.randrange(2)
        cccd = f"{rnd.choice(codes)}{digit}{year % 100:02d}{rnd.randrange(10**6):06d}"
        form = rnd.choice(["text", "number", "spaces", "dots", "apostrophe", "float"])
        raw = {
            "text": cccd,
            "number": str(int(cccd)),
            "spaces": f"{cccd[:4]} {cccd[4:8]} {cccd[8:]}",
            "dots": f"{cccd[:3]}.{cccd[3:6]}.{cccd[6:9]}.{cccd[9:]}",
            "apostrophe": "'" + cccd,
            "float": f"{int(cccd)}.0",
        }[form]
        rows.append((raw, cccd, ""))
    return rows


# ---- phones ----
PHONES = [
    ("0951234567", "0951234567", "không còn dùng"),
    ("091234567", "091234567", "9 chữ số"),
    ("abc", "abc", "không phải số"),
    ("02438253535", "02438253535", ""),
    ("+84 24 3825 3535", "02438253535", ""),
    ("(028) 3822 1234", "02838221234", ""),
    ("2438253535", "02438253535", ""),
    ("0912345678.0", "0912345678", ""),
]
MOBILE = ["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
          "081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078",
          "079", "089", "090", "093", "052", "056", "058", "092", "059", "099"]  # fmt: skip
OLD = {"0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
       "0168": "038", "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076",
       "0128": "078", "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
       "0186": "056", "0188": "058", "0199": "059"}  # fmt: skip


def phone_rows(n: int = 160) -> list[tuple[str, str, str]]:
    rows = list(PHONES)
    for old, new in OLD.items():
        rest = f"{rnd.randrange(10**7):07d}"
        rows.append((old + rest, new + rest, ""))
    for _ in range(n):
        phone = rnd.choice(MOBILE) + f"{rnd.randrange(10**7):07d}"
        form = rnd.choice(["text", "+84", "84", "number", "dots", "spaces", "dashes"])
        raw = {
            "text": phone,
            "+84": "+84 " + phone[1:],
            "84": "84" + phone[1:],
            "number": phone[1:],
            "dots": f"{phone[:4]}.{phone[4:7]}.{phone[7:]}",
            "spaces": f"{phone[:4]} {phone[4:7]} {phone[7:]}",
            "dashes": f"{phone[:4]}-{phone[4:7]}-{phone[7:]}",
        }[form]
        rows.append((raw, phone, ""))
    return rows


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for rule, rows in (("name", name_rows()), ("dob", date_rows()), ("gender", gender_rows()),
                       ("citizen_id", id_rows()), ("phone", phone_rows())):  # fmt: skip
        with (HERE / f"{rule}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["raw", "expected", "problem"])
            w.writerows(rows)
        print(rule, len(rows))


if __name__ == "__main__":
    main()

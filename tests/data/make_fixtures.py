"""Make the binary fixtures that the project's own writers cannot: a legacy .xls form and a
password-protected workbook. Run once by hand; the outputs are committed.

    pip install xlwt msoffcrypto-tool && python tests/data/make_fixtures.py
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import xlsxwriter
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

HERE = Path(__file__).parent
ROWS = [
    (
        1,
        "NGUYỄN VĂN AN",
        dt.date(1990, 2, 1),
        "Nam",
        "001090012345",
        "Phúc Xá",
        "Ba Đình",
        "Hà Nội",
    ),
    (2, "Tran Thi Binh", "1985", "Nữ", 1185004321, "P. Cống Vị", "Q. Ba Đình", "HN"),
    (
        3,
        "Lê Văn Cường",
        dt.date(1978, 12, 31),
        "nam",
        "079078009999",
        "Xà Phìn",
        "Đồng Văn",
        "Hà Giang",
    ),
]


def make_xls(path: Path) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("DS nhan khau")
    date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    ws.write(0, 0, "UBND XÃ TÂN LẬP")
    ws.write(1, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.write(3, 0, "DANH SÁCH NHÂN KHẨU")
    head = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Số CCCD",
        "Xã/Phường",
        "Quận/Huyện",
        "Tỉnh/TP",
    ]
    for c, h in enumerate(head):
        ws.write(5, c, h)
        ws.write(6, c, f"({c + 1})")
    for r, row in enumerate(ROWS, start=7):
        for c, v in enumerate(row):
            ws.write(r, c, v, date) if isinstance(v, dt.date) else ws.write(r, c, v)
    ws.write(7 + len(ROWS), 0, "Tổng cộng")
    wb.save(str(path))


def make_encrypted(path: Path) -> None:
    plain = io.BytesIO()
    wb = xlsxwriter.Workbook(plain, {"in_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Họ và tên", "Xã/Phường", "Tỉnh/TP"])
    ws.write_row(1, 0, ["Nguyễn Văn An", "Phúc Xá", "Hà Nội"])
    wb.close()
    plain.seek(0)
    office = OOXMLFile(plain)
    with path.open("wb") as out:
        office.encrypt("matkhau", out)


if __name__ == "__main__":
    make_xls(HERE / "xa_cu.xls")
    make_encrypted(HERE / "mat_khau.xlsx")
    print("wrote", HERE / "xa_cu.xls", HERE / "mat_khau.xlsx")

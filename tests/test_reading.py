"""Reading real exports: every encoding, .xls, and each kind of bad file."""

import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from dataclean.reading.encoding import detect_encoding, encode_cp1258
from dataclean.reading.grid import sniff_delimiter
from dataclean.reading.tables import read_tables
from dataclean.schema.errors import ExitCode, InputError

DATA = Path(__file__).parent / "data"
ROWS = [
    ["Họ và tên", "Ngày sinh", "Xã/Phường", "Quận/Huyện", "Tỉnh/TP"],
    ["Nguyễn Văn Ánh", "01/02/1990", "Phúc Xá", "Ba Đình", "Hà Nội"],
    ["Trần Thị Thuỷ", "1985", "Xà Phìn", "Đồng Văn", "Hà Giang"],
]


def _csv(path: Path, encoding: str, delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join(r) for r in ROWS) + "\r\n"
    path.write_bytes(encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("cp1258", "cp1258"),
    ],
)
def test_csv_in_every_encoding_reads_the_same(tmp_path, encoding, detected):
    path = _csv(tmp_path / "ds.csv", encoding)
    assert detect_encoding(path) == detected
    (table,) = read_tables(path)
    assert table.table["Họ và tên"].to_list() == ["Nguyễn Văn Ánh", "Trần Thị Thuỷ"]
    assert table.table["Tỉnh/TP"].to_list() == ["Hà Nội", "Hà Giang"]
    assert table.table["__row"].to_list() == [2, 3]


def test_semicolon_csv_from_a_vietnamese_locale(tmp_path):
    path = _csv(tmp_path / "ds.csv", "utf-8", ";")
    (table,) = read_tables(path)
    assert table.layout.roles()["commune"] == "Xã/Phường"
    assert table.table["Xã/Phường"].to_list() == ["Phúc Xá", "Xà Phìn"]


def test_sniff_delimiter_prefers_the_consistent_one():
    assert sniff_delimiter("a;b,c;d\n1;2,5;3\n") == ";"
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert sniff_delimiter('"Số 1, Lê Lợi",X\n"Số 2, Lê Lợi",Y\n') == ","


def test_legacy_xls_form(tmp_path):
    (table,) = read_tables(DATA / "xa_cu.xls")
    roles = table.layout.roles()
    assert {"name", "dob", "gender", "id", "commune", "district", "province"} <= set(roles)
    df = table.table
    assert df["__row"].to_list() == [8, 9, 10]
    # An ID stored as a number stays digits as text: no float, no scientific notation.
    assert df[roles["id"]].to_list() == ["001090012345", "1185004321", "079078009999"]
    assert df[roles["name"]][0] == "NGUYỄN VĂN AN"


def _raises(path: Path, code: ExitCode, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        read_tables(path, **kw)
    assert info.value.code == code
    assert str(path) in str(info.value)
    return info.value


def test_password_protected_workbook():
    _raises(DATA / "mat_khau.xlsx", ExitCode.PASSWORD_PROTECTED)


def test_empty_file(tmp_path):
    for name in ("rong.csv", "rong.xlsx"):
        path = tmp_path / name
        path.write_bytes(b"")
        _raises(path, ExitCode.EMPTY)


def test_empty_sheet_is_an_error_only_when_nothing_else_has_data(tmp_path):
    path = tmp_path / "wb.xlsx"
    wb = xlsxwriter.Workbook(path)
    wb.add_worksheet("Trống")
    wb.close()
    err = _raises(path, ExitCode.EMPTY)
    assert err.sheet == "Trống"

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("DS")
    for r, row in enumerate(ROWS):
        ws.write_row(r, 0, row)
    wb.add_worksheet("Sheet2")
    wb.close()
    skipped: list[InputError] = []
    (table,) = read_tables(path, skipped=skipped)
    assert table.grid.sheet == "DS"
    assert [s.sheet for s in skipped] == ["Sheet2"]
    assert skipped[0].code == ExitCode.EMPTY


def test_corrupt_workbook(tmp_path):
    good = tmp_path / "good.xlsx"
    wb = xlsxwriter.Workbook(good)
    wb.add_worksheet().write_row(0, 0, ROWS[0])
    wb.close()
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(good.read_bytes()[:600])  # a zip cut short
    _raises(bad, ExitCode.CORRUPT)
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as z:
        z.writestr("hello.txt", "not a workbook")
    _raises(tmp_path / "zip.xlsx", ExitCode.CORRUPT)


def test_not_a_spreadsheet(tmp_path):
    png = tmp_path / "anh.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    _raises(png, ExitCode.NOT_A_SPREADSHEET)
    binary = tmp_path / "anh.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    _raises(binary, ExitCode.NOT_A_SPREADSHEET)


def test_no_header(tmp_path):
    path = tmp_path / "rac.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    _raises(path, ExitCode.NO_HEADER)


def test_unknown_sheet_names_the_sheets_there():
    err = _raises(DATA / "xa_cu.xls", ExitCode.USAGE, sheet="Không có")
    assert "DS nhan khau" in err.vi


def test_column_override_sets_a_role(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(
        'Chủ hộ,Nơi ở hiện tại,Ghi chú\nNguyễn Văn An,"Phúc Xá, Ba Đình, Hà Nội",\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError):  # one role alone is not a header
        read_tables(path)
    (table,) = read_tables(path, overrides={"chu ho": "name", "Nơi ở hiện tại": "address"})
    assert table.layout.roles() == {"name": "Chủ hộ", "address": "Nơi ở hiện tại"}
    assert table.table.height == 1


def test_override_of_a_missing_column_lists_the_columns():
    err = _raises(DATA / "xa_cu.xls", ExitCode.USAGE, overrides={"Họ tên": "name"})
    assert err.column == "Họ tên"
    assert "Họ và tên" in err.vi


def test_numbering_and_footer_rows_left_out_of_an_xls():
    (table,) = read_tables(DATA / "xa_cu.xls")
    assert table.layout.numbering_row is not None
    assert not table.table.filter(pl.col("STT") == "Tổng cộng").height


def test_a_broken_sheet_is_said_to_be_broken_not_read_as_empty(tmp_path):
    import fastexcel

    from dataclean.reading.grid import read_excel_grid
    from dataclean.schema.errors import ExitCode, InputError

    class BrokenSheet:
        sheet_names = ("DS",)

        def load_sheet(self, *args, **kwargs):
            raise fastexcel.CalamineError("unexpected end of the sheet's XML")

    with pytest.raises(InputError) as raised:
        read_excel_grid(tmp_path / "ds.xlsx", "DS", workbook=BrokenSheet())
    assert raised.value.code == ExitCode.CORRUPT
    assert raised.value.sheet == "DS"

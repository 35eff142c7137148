"""The rows of a sheet built by polars expressions are the bytes xlsxwriter writes cell by cell.

The reference below is the cell-by-cell writer dataclean used before (xlsxwriter's public
``write_string``/``write_number``/``write_datetime``/``write_blank``). Whole workbooks are
compared byte for byte, so every guarantee of the old writer (text stays text, real dates beside
text, the review fill, the header, widths, filter, print settings) holds for the new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from dataclean.writing.clean_workbook import _widths, write_sheet
from dataclean.writing.new_workbook import new_workbook
from dataclean.writing.paper import print_setup
from dataclean.writing.sheet_rows import PY_SPACE

_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def _as_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (m := _DATE.match(value)):
        day, month, year = map(int, m.groups())
        with contextlib.suppress(ValueError):
            return dt.date(year, month, day)
    return None


def reference_sheet(wb, name: str, out: pl.DataFrame, review: pl.Series | None) -> None:
    """dataclean's writer before the rows were built by polars: one call per cell."""
    ws = wb.add_worksheet(name)
    print_setup(ws, name, fit_width=False)
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    flag = wb.add_format({"bg_color": "#FFF2CC"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    flag_date = wb.add_format({"num_format": "dd/mm/yyyy", "bg_color": "#FFF2CC"})
    for col, (label, size) in enumerate(zip(out.columns, _widths(out), strict=True)):
        ws.write_string(0, col, label, head)
        ws.set_column(col, col, size)
    flags = review.to_list() if review is not None else [False] * out.height
    dated = {
        i
        for i, (name, dtype) in enumerate(out.schema.items())
        if dtype in (pl.Date, pl.Datetime)
        or (dtype == pl.String and out[name].str.contains(_DATE.pattern).any())
    }
    for r, row in enumerate(out.iter_rows(), start=1):
        fmt = flag if flags[r - 1] else None
        for col, value in enumerate(row):
            if value is None:
                if fmt is not None:
                    ws.write_blank(r, col, None, fmt)
            elif isinstance(value, str) and col not in dated:
                ws.write_string(r, col, value, fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r, col, value, fmt)
            elif col in dated and (day := _as_date(value)) is not None:
                ws.write_datetime(r, col, day, flag_date if fmt is not None else date)
            else:
                ws.write_string(r, col, str(value), fmt)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, out.height, len(out.columns) - 1)
    ws.print_area(0, 0, out.height, len(out.columns) - 1)


def _book(path: Path, writer, sheets: list[tuple[pl.DataFrame, pl.Series | None]]) -> bytes:
    wb = new_workbook(path, constant_memory=True)
    for i, (frame, review) in enumerate(sheets):
        writer(wb, f"Sheet {i}", frame, review)
    wb.close()
    return path.read_bytes()


def _same_bytes(tmp_path: Path, sheets: list[tuple[pl.DataFrame, pl.Series | None]]) -> None:
    old = _book(tmp_path / "old.xlsx", reference_sheet, sheets)
    new = _book(tmp_path / "new.xlsx", write_sheet, sheets)
    if old != new:  # say where they differ first, not only that they do
        a, b = zipfile.ZipFile(tmp_path / "old.xlsx"), zipfile.ZipFile(tmp_path / "new.xlsx")
        for part in a.namelist():
            x, y = a.read(part), b.read(part)
            at = next(
                (i for i, pair in enumerate(zip(x, y, strict=False)) if len(set(pair)) > 1), 0
            )
            assert x == y, f"{part} at {at}: {x[at - 80 : at + 80]!r} / {y[at - 80 : at + 80]!r}"
    assert old == new


TEXTS = [
    "Nguyễn Văn An",
    "Phường Phúc Xá, Quận Ba Đình, Hà Nội",
    "=1+1",
    "@SUM(A1)",
    "http://example.com",
    "0123456789",
    "A & B <c> \"d\" 'e'",
    "",
    " lead",
    "trail ",
    "\xa0nbsp",
    "ideographic\u3000",
    "tab\tinside",
    "line\nbreak",
    "\nline first",
    "bell\x07char",
    "_x0041_ looks escaped",
    "ends with \x1f",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 beyond the plane 😀",
    "x" * 40_000,
    "😀" * 20_000,
    "a" * 32_766 + "😀",
    "Thôn 3 &amp; xóm",
]
DATES = [
    "01/07/2025",
    "31/02/1990",
    "29/02/1900",
    "28/02/1900",
    "01/03/1900",
    "01/01/1800",
    "00/01/2000",
    "12/31/2000",
    "1/7/2025",
    "không rõ",
    "01/01/0000",
    "31/12/9999",
]


def _mixed(rows: int, seed: int) -> tuple[pl.DataFrame, pl.Series]:
    rng = random.Random(seed)

    def some(values: list) -> list:
        return [rng.choice(values) if rng.random() > 0.2 else None for _ in range(rows)]

    frame = pl.DataFrame(
        {
            "Dòng": list(range(2, rows + 2)),
            "Họ và tên": some(TEXTS),
            "Ngày sinh": some(DATES),
            "Ngày": some([dt.date(1990, 5, 17), dt.date(1900, 2, 28), dt.date(1899, 12, 31)]),
            "Lúc": some([dt.datetime(2025, 7, 1, 8, 30, 15, 250), dt.datetime(1900, 1, 1, 6)]),
            "Số": some([0, -5, 42, 10**15, 10**17, -(10**16)]),
            "Điểm": some([1.5, 0.1 + 0.2, 1e20, -2.5e-7, 3.0]),
            "Đúng": some([True, False]),
            "Trống": [None] * rows,
        },
        schema_overrides={"Trống": pl.Null},
    )
    review = pl.Series([rng.random() < 0.3 for _ in range(rows)])
    return frame, review


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rows_are_the_bytes_xlsxwriter_writes_cell_by_cell(tmp_path: Path, seed: int) -> None:
    frame, review = _mixed(300, seed)
    log = frame.select("Dòng", "Họ và tên", "Ngày sinh").reverse()
    _same_bytes(tmp_path, [(frame, review), (log, None)])


def test_batches_and_empty_rows_keep_the_bytes(tmp_path: Path, monkeypatch) -> None:
    from dataclean.writing import sheet_rows

    monkeypatch.setattr(sheet_rows, "BATCH_ROWS", 7)
    frame = pl.DataFrame({"A": ["x", None, None, "y", None, None], "B": [None] * 6})
    _same_bytes(tmp_path, [(frame, pl.Series([False, False, True, False, False, False]))])
    # the last rows empty and not flagged: no row and no dimension for them
    _same_bytes(tmp_path, [(frame, None)])


def test_empty_tables_keep_the_bytes(tmp_path: Path) -> None:
    empty = pl.DataFrame(schema={"Họ và tên": pl.String, "Ngày sinh": pl.String})
    _same_bytes(tmp_path, [(empty, pl.Series([], dtype=pl.Boolean)), (empty, None)])


def test_the_tables_of_a_real_run_keep_the_bytes(tmp_path: Path, monkeypatch) -> None:
    """Every sheet `normalize` writes for the bundled sample (cleaned rows with their flags,
    the change log, merges, one row a resident), as the run hands them to the writer."""
    from dataclean.jobs.normalize import NormalizeOptions, normalize_file
    from dataclean.writing import clean_workbook

    handed: list[tuple[pl.DataFrame, pl.Series | None]] = []
    writer = clean_workbook.write_sheet

    def keep(wb, name: str, out: pl.DataFrame, review: pl.Series | None) -> None:
        handed.append((out, review))
        writer(wb, name, out, review)

    monkeypatch.setattr(clean_workbook, "write_sheet", keep)
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "xa_mau.xlsx"
    (tmp_path / "run").mkdir()
    normalize_file(sample, tmp_path / "run", NormalizeOptions())
    assert len(handed) >= 4 and any(r is not None and r.any() for _, r in handed)
    assert any(pl.Float64 in out.dtypes for out, _ in handed)
    _same_bytes(tmp_path, handed)


def test_markup_like_text_stays_text(tmp_path: Path) -> None:
    """xlsxwriter passes text that looks like its rich-string markup into the XML as it is
    ("<r>a & b</r>" makes the file unreadable); here it is escaped like any text."""
    frame = pl.DataFrame({"Ghi chú": ["<r>a & b</r>", "<r><t>x</t></r>"]})
    path = tmp_path / "markup.xlsx"
    wb = new_workbook(path, constant_memory=True)
    write_sheet(wb, "Sheet", frame, None)
    wb.close()
    cells = [row[0] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert cells == ["<r>a & b</r>", "<r><t>x</t></r>"]


def test_not_a_number_is_written_as_its_text(tmp_path: Path) -> None:
    frame = pl.DataFrame({"Điểm": [float("nan"), float("inf"), 2.0]})
    path = tmp_path / "nan.xlsx"
    wb = new_workbook(path, constant_memory=True)
    write_sheet(wb, "Sheet", frame, None)
    wb.close()
    cells = [row[0] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert cells == ["nan", "inf", 2]


def test_python_white_space_is_spelled_out_whole() -> None:
    assert set(PY_SPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_headers_like_the_writers_own_names_keep_the_bytes(tmp_path: Path) -> None:
    frame = pl.DataFrame({"__flag": ["a", "b"], "__r": ["1", "2"], "__row": [None, "x"]})
    _same_bytes(tmp_path, [(frame, pl.Series([True, False]))])


def test_integers_past_what_int64_holds_keep_the_bytes(tmp_path: Path) -> None:
    frame = pl.DataFrame({"Số": pl.Series([2**63 + 5, 7, None], dtype=pl.UInt64)})
    _same_bytes(tmp_path, [(frame, pl.Series([False, True, True]))])

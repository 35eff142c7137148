"""Load a sheet as a grid of text cells that keeps the sheet's own row numbers."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from dataclean.reading.encoding import binary_kind, detect_encoding, utf8_bytes
from dataclean.reading.sheet_xml import SheetFacts
from dataclean.reading.size_guard import Limits, check_before_opening, check_xlsx
from dataclean.schema.errors import ExitCode, InputError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx


_FIRST_ROWS = 1_000


@dataclass(frozen=True)
class Grid:
    """All cells of one sheet as text, ``first_row`` the sheet row (1-based) of row 0."""

    source: str
    sheet: str | None
    cells: pl.DataFrame
    first_row: int = 1
    facts: SheetFacts = field(default_factory=SheetFacts)  # PivotTable, hidden rows, columns

    @property
    def is_empty(self) -> bool:
        if self.cells.height == 0 or self.cells.width == 0:
            return True
        filled = pl.all().str.strip_chars().fill_null("") != ""
        # A sheet with data mostly shows it in its first rows: look there before the rest.
        for part in (self.cells.head(_FIRST_ROWS), self.cells.slice(_FIRST_ROWS)):
            if part.select(pl.any_horizontal(filled).any()).item():
                return False
        return True


def _check_signature(path: Path) -> None:
    """Refuse early, and by name, what is plainly not the workbook its suffix says."""
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise InputError(ExitCode.EMPTY, "tệp rỗng", "the file is empty", file=str(path))
    suffix = path.suffix.lower()
    if head.startswith(_OLE) and suffix in (".xlsx", ".xlsm"):
        raise _password(path)
    expected = _OLE if suffix == ".xls" else _ZIP
    if not head.startswith(expected):
        # A .csv handed to a command that needs a workbook is told which one it needs.
        wanted = suffix if suffix in (".xls", ".xlsx", ".xlsm") else ".xlsx"
        raise InputError(
            ExitCode.NOT_A_SPREADSHEET,
            f"không phải bảng tính {wanted}",
            f"not a {wanted} workbook",
            file=str(path),
        )


def _password(path: Path) -> InputError:
    return InputError(
        ExitCode.PASSWORD_PROTECTED,
        "bảng tính có mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại",
        "the workbook is password-protected: remove the password in Excel and save again",
        file=str(path),
    )


def open_workbook(path: Path, limits: Limits | None = None, *, sheets_guarded: bool = False):
    """The workbook opened by calamine (fastexcel), for :func:`read_excel_grid`: a run opens
    it once for all its sheets. An .xlsx past ``limits`` is refused before calamine reads it:
    what opening reads (the declared sizes, the shared strings), then the sheets, unless the
    caller guards those itself before loading one (``sheets_guarded``: see
    :func:`dataclean.reading.sheet_xml.sheet_facts`)."""
    import fastexcel

    _check_signature(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        if sheets_guarded:
            check_before_opening(path, limits or Limits())
        else:
            check_xlsx(path, limits or Limits())
    try:
        return fastexcel.read_excel(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine's errors carry no type to tell apart
        if "password" in str(exc).lower():
            raise _password(path) from None
        raise InputError(
            ExitCode.CORRUPT,
            "bảng tính bị hỏng, không đọc được",
            "the workbook is corrupt",
            file=str(path),
        ) from None


def read_excel_grid(
    path: Path, sheet: str | int = 0, workbook=None, facts: SheetFacts | None = None
) -> Grid:
    """Every cell of a sheet as text. Blank rows are kept so row numbers stay true.

    ``workbook``: the file already opened by :func:`open_workbook`; ``facts``: what its XML
    says of the sheet (see :func:`dataclean.reading.sheet_xml.sheet_facts`).
    """
    reader = workbook or open_workbook(path)
    names = list(reader.sheet_names)
    if isinstance(sheet, str) and sheet not in names:
        raise InputError(
            ExitCode.USAGE,
            f"không có trang tính '{sheet}'; các trang có: {', '.join(names)}",
            "no such sheet",
            file=str(path),
        )
    name = sheet if isinstance(sheet, str) else names[sheet]
    import fastexcel

    try:
        # skip_rows=0 keeps leading blank rows as well, so row 0 is sheet row 1.
        loaded = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
        df = loaded.to_polars()
    except fastexcel.FastExcelError:
        # A broken sheet is said to be one, never read as an empty sheet.
        raise InputError(
            ExitCode.CORRUPT,
            "trang tính bị hỏng, không đọc được",
            "the sheet is corrupt",
            file=str(path),
            sheet=name,
        ) from None
    df = df.rename({c: f"c{i}" for i, c in enumerate(df.columns)})
    return Grid(str(path), name, dates_as_shown(df), 1, facts or SheetFacts())


# calamine gives a date cell as "1987-08-07 00:00:00"; the sheet shows it as 07/08/1987.
_CALAMINE_DATE = r"^(\d{4})-(\d{2})-(\d{2}) 00:00:00$"


def dates_as_shown(df: pl.DataFrame) -> pl.DataFrame:
    """Date cells as a Vietnamese sheet shows them, dd/mm/yyyy; the writer makes them dates."""
    # The literal time first: far cheaper than the pattern on columns without dates.
    dated = [
        c
        for c in df.columns
        if df[c].dtype == pl.String
        and df[c].str.contains(" 00:00:00", literal=True).any()
        and df[c].str.contains(_CALAMINE_DATE).any()
    ]
    return df.with_columns(pl.col(c).str.replace(_CALAMINE_DATE, "$3/$2/$1") for c in dated)


_SAMPLE_LINES = 50


def csv_sample(data: bytes) -> str:
    """The start of a CSV file to learn its delimiter and width from: 64 KB, or the first
    lines whole when they are longer (a header of thousands of columns)."""
    end = 0
    for _ in range(_SAMPLE_LINES):
        end = data.find(b"\n", end) + 1
        if end <= 0:
            end = len(data)
            break
    return data[: max(end, 65536)].decode("utf-8", errors="replace")


def widest_line(whole: bytes | Path, delimiter: str) -> int:
    """At most how many cells a line of the file holds: its delimiters plus one (a delimiter
    inside quotes counts too, which only adds an empty column), in one pass of polars."""
    one_cell: dict[str, Any] = {
        "has_header": False,
        "separator": "\x1f",  # the unit separator: no CSV uses it, so each line is one cell
        "quote_char": None,
        "schema": {"line": pl.String},
        "truncate_ragged_lines": True,
    }
    if isinstance(whole, bytes):
        lines = pl.read_csv(whole, **one_cell).lazy()
    else:
        lines = pl.scan_csv(whole, **one_cell)
    most = lines.select(pl.col("line").str.count_matches(delimiter, literal=True).max())
    return int(most.collect().item() or 0) + 1


def csv_width(sample: str, delimiter: str) -> int:
    """The widest row in the sample: a title row above the table has fewer cells than it."""
    lines = sample.splitlines()[:-1] or sample.splitlines()  # the last may be cut short
    return max((len(row) for row in csv.reader(lines, delimiter=delimiter)), default=1)


def csv_options(sample: str, whole: bytes | Path | None = None) -> dict:
    """How polars should read (or scan) a CSV whose start is ``sample``: no header, every
    cell as text in columns c0, c1, …, the delimiter the lines agree on. With the ``whole``
    file (its bytes or its path), as many columns as its widest line may hold, so that no row
    wider than the first lines loses its last cells."""
    delimiter = sniff_delimiter(sample)
    width = csv_width(sample, delimiter)
    if whole is not None:
        width = max(width, widest_line(whole, delimiter))
    return {
        "has_header": False,
        "schema": {f"c{i}": pl.String for i in range(width)},
        "separator": delimiter,
        "truncate_ragged_lines": True,
        "missing_columns": "insert",  # rows shorter than the widest, such as title rows
    }


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon (Excel in a Vietnamese locale) or tab: the one lines agree on."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) - 1 for line in lines]
        filled = [c for c in counts if c > 0]
        score = len(filled) * (max(filled) if filled else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_grid(path: Path, encoding: str | None = None) -> Grid:
    """Every cell of a CSV file as text, whatever its encoding and delimiter."""
    if path.stat().st_size == 0:
        raise InputError(ExitCode.EMPTY, "tệp rỗng", "the file is empty", file=str(path))
    refuse_non_text(path)
    encoding = encoding or detect_encoding(path)
    data = utf8_bytes(path, encoding)
    try:
        df = pl.read_csv(data, **csv_options(csv_sample(data), data))
    except pl.exceptions.NoDataError:
        df = pl.DataFrame()
    except pl.exceptions.PolarsError as exc:
        raise malformed(path, exc) from None
    return Grid(str(path), None, df, 1)


TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}


def refuse_non_text(path: Path) -> None:
    """Refuse, by name, a file read as CSV that is no text table: an unknown suffix (.pdf,
    .docx, .zip), or a workbook, picture or binary file renamed to .csv."""
    with path.open("rb") as f:
        kind = binary_kind(f.read(65536))
    suffix = path.suffix.lower()
    if kind is None and suffix in TEXT_SUFFIXES:
        return
    what = kind or f"đuôi {suffix or '(không có)'}"
    raise InputError(
        ExitCode.NOT_A_SPREADSHEET,
        f"không phải bảng tính hay tệp CSV ({what}); dataclean đọc .xlsx, .xls, .csv, .parquet",
        "not a spreadsheet or CSV file",
        file=str(path),
    )


def malformed(path: Path, exc: Exception) -> InputError:
    """A file polars could not parse, with the first line of what polars said."""
    return InputError(
        ExitCode.CORRUPT,
        f"tệp hỏng, không đọc được ({str(exc).splitlines()[0]})",
        "malformed file",
        file=str(path),
    )

"""The cleaned table: every input row, its original columns, and the new unit columns.

Written as .xlsx (for people), .csv or .parquet (for large jobs), always through a temporary
file and a rename. The same input gives byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl

from dataclean.rules.base import mapped
from dataclean.schema.audit import EVENT_HEADERS
from dataclean.schema.columns import (
    ADDED,
    CHANGES_SHEET,
    CLEAN_SHEET,
    FACT_PREFIX,
    REVIEW_STATUSES,
    SOURCE_ROW,
    Added,
)
from dataclean.validation import INVALID
from dataclean.writing.atomic import atomic_path
from dataclean.writing.cells import FORMULA_START, plain_text
from dataclean.writing.new_workbook import new_workbook
from dataclean.writing.paper import print_setup
from dataclean.writing.sheet_rows import CellFormats, append_rows, dated_columns

FORMATS = ("xlsx", "csv", "parquet")
XLSX_MAX_ROWS = 1_048_575  # below the header row
XLSX_MAX_COLUMNS = 16_384
_ZIP64_CELLS = 50_000_000  # cells past which a workbook may pass 4 GB
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def output_frame(df: Frame, original: list[str], *, resident_list: bool = False) -> Frame:
    """Original columns (with the sheet row number first) then the added ones, renamed; for
    the one-row-per-resident list, only the added columns listed there."""
    schema = df.collect_schema()
    shown = [c for c in ADDED if c.key in schema and (c.listed or not resident_list)]
    # A list (the candidates' codes) is written as one cell, its items between commas.
    added = [_written(c, schema[c.key]).alias(c.vi) for c in shown]
    return df.select(pl.col("__row").alias(SOURCE_ROW), *[pl.col(c) for c in original], *added)


def _written(column: Added, dtype: pl.DataType) -> pl.Expr:
    """An added column as written: a list (the candidates' codes) as one cell, its items
    between commas; codes that have words (the row's kind) as their words."""
    expr = pl.col(column.key)
    if isinstance(dtype, pl.List):
        return expr.list.join(", ")
    if column.words:
        return mapped(expr, column.words, keep_others=True)
    return expr


def sink_output(lf: pl.LazyFrame, path: Path) -> None:
    """Stream a lazy table to .csv or .parquet without holding it in memory."""
    fmt = path.suffix.lstrip(".")
    with atomic_path(path) as tmp:
        if fmt == "csv":
            as_plain_csv(lf).sink_csv(tmp, include_bom=True, check_extension=False)
        elif fmt == "parquet":
            lf.sink_parquet(tmp)
        else:
            raise ValueError(f"cannot stream to {fmt!r}")


def defuse(text: pl.Expr) -> pl.Expr:
    """Text that a spreadsheet would run as a formula (= + - @, tab, CR first) made plain text
    with a leading apostrophe, for CSV outputs (an .xlsx cell is written as text already)."""
    return text.str.replace(FORMULA_START, "'$1")


def as_plain_csv(table: Frame) -> Frame:
    """``table`` as a CSV file may hold it: no cell and no header that runs as a formula."""
    names = table.collect_schema().names()
    plain: list[str] = []
    taken: set[str] = set()
    for name in names:
        safe = plain_text(name)
        while safe in taken:  # "=x" and "'=x" both in the input stay two columns
            safe += "'"
        plain.append(safe)
        taken.add(safe)
    return table.with_columns(defuse(pl.col(pl.String))).rename(
        dict(zip(names, plain, strict=True))
    )


def needs_review(df: pl.DataFrame) -> pl.Series:
    """Rows a person must look at: an address to decide, or data that failed a check."""
    review = pl.repeat(False, df.height, eager=True)
    if "unit_status" in df.columns:
        review = review | df["unit_status"].is_in(REVIEW_STATUSES).fill_null(False)
    if "data_status" in df.columns:
        review = review | (df["data_status"] == INVALID).fill_null(False)
    return review


MAX_PROPERTY = 255  # characters Excel keeps in a custom property


@dataclass(frozen=True)
class Book:
    """How an .xlsx output is laid out beyond its rows: the first sheet's name, and the run's
    facts kept in the file's properties (the input, its checksum, the roles of its columns),
    so that `dataclean report` rebuilds the report from them rather than from guesses."""

    first_sheet: str = CLEAN_SHEET
    facts: dict[str, str] = field(default_factory=dict)


def write_output(
    out: pl.DataFrame,
    path: Path,
    review: pl.Series,
    events: pl.DataFrame | None = None,
    sheets: dict[str, pl.DataFrame] | None = None,
    book: Book | None = None,
) -> None:
    """Write ``out`` in the format its suffix names; an .xlsx also gets the change log and
    ``sheets`` (name -> table) after it."""
    fmt = path.suffix.lstrip(".")
    with atomic_path(path) as tmp:
        if fmt == "xlsx":
            _write_xlsx(out, tmp, review, events, sheets or {}, book or Book())
        elif fmt == "csv":
            # the BOM lets Excel read Vietnamese letters
            as_plain_csv(out).write_csv(tmp, include_bom=True)
        elif fmt == "parquet":
            out.write_parquet(tmp)
        else:
            raise ValueError(f"unknown output format {fmt!r}")


_MEASURED_ROWS = 1_000  # a column's width is measured on its first rows


def _widths(out: pl.DataFrame) -> list[int]:
    """Each column's width in characters: its longest value on the first rows, or its header's
    longest word if that is longer, within 8 and 45 (the header wraps, a longer value is cut)."""
    sample = out.head(_MEASURED_ROWS)
    longest = sample.select(pl.all().cast(pl.String).str.len_chars().max().fill_null(0)).row(0)
    header = [max((len(w) for w in label.split()), default=0) for label in out.columns]
    return [min(45, max(8, n + 2, h + 2)) for n, h in zip(longest, header, strict=True)]


def write_sheet(wb, name: str, out: pl.DataFrame, review: pl.Series | None) -> None:
    ws = wb.add_worksheet(name)
    print_setup(ws, name, fit_width=False)
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    formats = CellFormats(
        flag=wb.add_format({"bg_color": "#FFF2CC"}),
        date=wb.add_format({"num_format": "dd/mm/yyyy"}),
        flag_date=wb.add_format({"num_format": "dd/mm/yyyy", "bg_color": "#FFF2CC"}),
    )
    for col, (label, size) in enumerate(zip(out.columns, _widths(out), strict=True)):
        ws.write_string(0, col, label, head)
        ws.set_column(col, col, size)
    flags = review if review is not None else pl.repeat(False, out.height, eager=True)
    # Text stays text: never a formula, a URL or a number that loses its zeros; only the
    # columns that hold a date, or text the Excel reader made of one, get dates.
    append_rows(ws, out, flags, dated_columns(out), formats)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, out.height, len(out.columns) - 1)
    ws.print_area(0, 0, out.height, len(out.columns) - 1)  # a long last text spills no pages


def _write_xlsx(
    out: pl.DataFrame,
    path: Path,
    review: pl.Series,
    events: pl.DataFrame | None,
    sheets: dict[str, pl.DataFrame],
    book: Book,
) -> None:
    wb = new_workbook(
        path,
        constant_memory=True,
        # Past 4 GB a zip needs its 64-bit form; smaller files keep the usual bytes.
        use_zip64=out.height * out.width > _ZIP64_CELLS,
    )
    for name, value in sorted(book.facts.items()):
        if len(value) <= MAX_PROPERTY:  # a longer one is left out: the reader guesses then
            wb.set_custom_property(f"{FACT_PREFIX}{name}", value)
    write_sheet(wb, book.first_sheet, out, review)
    if events is not None:
        log = events.sort("row", "column", maintain_order=True).rename(EVENT_HEADERS)
        write_sheet(wb, CHANGES_SHEET, log, None)
    for name, table in sheets.items():
        write_sheet(wb, name, table, None)
    wb.close()

"""Cells longer than an Excel cell holds: found before writing, kept whole beside the workbook.

Excel keeps at most 32,767 characters in a cell, and xlsxwriter cuts a longer text without a
word. So a run that writes .xlsx lists such cells first: the report names their rows and
columns, and ``<name>_full_cells.csv`` holds each of them whole.
"""

from __future__ import annotations

import polars as pl

from dataclean.schema.columns import SOURCE_ROW

EXCEL_CELL_CHARS = 32_767
LONG_CELL_HEADERS = [SOURCE_ROW, "Cột", "Số ký tự", "Nội dung đầy đủ"]
_SHOWN = 20  # cells named in the report; the CSV holds them all


def long_cells(out: pl.DataFrame) -> pl.DataFrame:
    """Every text cell of ``out`` longer than an Excel cell: its row, column, length and
    text, in sheet order."""
    texts = [c for c, t in out.schema.items() if t == pl.String]
    empty = pl.DataFrame(schema=dict.fromkeys(LONG_CELL_HEADERS, pl.String))
    if not texts:
        return empty
    # Bytes first: no cheaper test, and a text within the limit in bytes is within it.
    too_long = pl.any_horizontal(pl.col(texts).str.len_bytes() > EXCEL_CELL_CHARS)
    rows = out.filter(too_long)
    if not rows.height:
        return empty
    found = (
        rows.select(pl.col(SOURCE_ROW).cast(pl.String), *texts)
        .unpivot(index=SOURCE_ROW, variable_name="Cột", value_name="Nội dung đầy đủ")
        .with_columns(pl.col("Nội dung đầy đủ").str.len_chars().alias("Số ký tự"))
        .filter(pl.col("Số ký tự") > EXCEL_CELL_CHARS)
    )
    return found.select(LONG_CELL_HEADERS).with_columns(pl.col("Số ký tự").cast(pl.String))


def named(cells: pl.DataFrame, whole: str) -> str:
    """The cells for the report: "dòng 5 (Ghi chú), …", and where they are kept whole."""
    shown = [f"dòng {r} ({c})" for r, c in cells.select(SOURCE_ROW, "Cột").head(_SHOWN).rows()]
    more = f" và {cells.height - _SHOWN} ô khác" if cells.height > _SHOWN else ""
    return f"{', '.join(shown)}{more}: cắt còn 32.767 ký tự trong .xlsx; đầy đủ trong {whole}"

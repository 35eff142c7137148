"""Load a sheet as a grid of text cells that keeps the sheet's own row numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class Grid:
    """All cells of one sheet as text, ``first_row`` the sheet row (1-based) of row 0."""

    source: str
    sheet: str | None
    cells: pl.DataFrame
    first_row: int = 1

    def row_number(self, index: int) -> int:
        return self.first_row + index


def excel_sheet_names(path: Path) -> list[str]:
    import fastexcel

    return list(fastexcel.read_excel(str(path)).sheet_names)


def read_excel_grid(path: Path, sheet: str | int = 0) -> Grid:
    """Every cell of a sheet as text. Blank rows are kept so row numbers stay true."""
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    name = sheet if isinstance(sheet, str) else reader.sheet_names[sheet]
    # skip_rows=0 keeps leading blank rows as well, so row 0 is sheet row 1.
    loaded = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    df = loaded.to_polars()
    df = df.rename({c: f"c{i}" for i, c in enumerate(df.columns)})
    return Grid(str(path), name, df, 1)


def read_csv_grid(path: Path, encoding: str = "utf8") -> Grid:
    df = pl.read_csv(
        path,
        has_header=False,
        infer_schema=False,
        encoding=encoding,
        truncate_ragged_lines=True,
    )
    df = df.rename({c: f"c{i}" for i, c in enumerate(df.columns)})
    return Grid(str(path), None, df, 1)

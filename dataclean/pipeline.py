"""The normalize job as stages over polars DataFrames: read -> layout -> units -> write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean.reading.grid import Grid, excel_sheet_names, read_csv_grid, read_excel_grid
from dataclean.reading.layout import Layout, detect_layout, extract_table
from dataclean.units.column import resolve_columns

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class SheetTable:
    grid: Grid
    layout: Layout
    table: pl.DataFrame  # data rows, original labels, plus __row

    @property
    def original_columns(self) -> list[str]:
        return [c for c in self.table.columns if c != "__row"]


def read_tables(path: Path, sheet: str | None = None) -> list[SheetTable]:
    """The table of each sheet (or of the one named), found inside the form layout."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        names = [sheet] if sheet else excel_sheet_names(path)
        grids = [read_excel_grid(path, name) for name in names]
    else:
        grids = [read_csv_grid(path)]
    out = []
    for grid in grids:
        layout = detect_layout(grid)
        out.append(SheetTable(grid, layout, extract_table(grid, layout)))
    return out


def resolve_units(
    table: SheetTable, progress: Callable[[int, int], None] | None = None
) -> pl.DataFrame:
    """The table with the new units and the new full address (house/street, commune, province)."""
    roles = table.layout.roles()
    df = table.table
    parts = {k: roles.get(k) for k in ("commune", "district", "province", "address")}
    if not any(parts.values()):
        return df
    out = resolve_columns(df, **parts, progress=progress)
    street = pl.col(roles["street"]) if "street" in roles else pl.col("parsed_street")
    return out.with_columns(
        pl.when(pl.col("new_commune_name").is_not_null())
        .then(
            pl.concat_str(
                [street.str.strip_chars(), pl.col("new_commune_name"), pl.col("new_province_name")],
                separator=", ",
                ignore_nulls=True,
            )
        )
        .alias("new_address")
    )

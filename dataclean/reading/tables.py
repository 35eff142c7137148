"""A file's tables: each sheet read, its layout found and its data rows taken out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from dataclean.reading.grid import (
    EXCEL_SUFFIXES,
    Grid,
    open_workbook,
    read_csv_grid,
    read_excel_grid,
)
from dataclean.reading.layout import (
    SCAN_ROWS,
    Layout,
    detect_layout,
    extract_table,
    looks_like_pivot,
    own_columns,
)
from dataclean.reading.sheet_xml import SheetFacts, sheet_facts
from dataclean.reading.size_guard import Limits
from dataclean.schema.columns import CHANGES_SHEET, CLEAN_SHEET
from dataclean.schema.errors import ExitCode, InputError


@dataclass
class SheetTable:
    grid: Grid
    layout: Layout
    table: pl.DataFrame  # data rows, original labels, plus __row

    @property
    def original_columns(self) -> list[str]:
        return own_columns(self.table.columns)


Facts = Callable[[], dict[str, SheetFacts]]


def read_grids(
    path: Path, sheet: str | None = None, facts: Facts | None = None, limits: Limits | None = None
) -> list[Grid]:
    """The sheets of a workbook (or the one named), or the one grid of a CSV file.

    ``facts`` gives what the .xlsx parts say of each sheet, from :func:`sheet_facts` (and
    with the same ``limits``), when the caller has them read beside the opening of the
    workbook; by default they are read here. Either way they are known before any sheet is
    loaded, for the same pass over the sheets is their size guard.
    """
    if path.suffix.lower() in EXCEL_SUFFIXES:
        workbook = open_workbook(path, limits, sheets_guarded=True)
        known = facts() if facts else sheet_facts(path, limits)
        names = [sheet] if sheet else list(workbook.sheet_names)
        if not names:
            raise InputError(
                ExitCode.EMPTY, "bảng tính không có trang nào", "no sheet", file=str(path)
            )
        if not sheet and CLEAN_SHEET in names and CHANGES_SHEET in names:
            names = [CLEAN_SHEET]  # our own output: its change log and pair lists are not data
        grids = [read_excel_grid(path, name, workbook) for name in names]
        return [replace(g, facts=known.get(g.sheet or "", g.facts)) for g in grids]
    return [read_csv_grid(path)]


def read_tables(
    path: Path,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    skipped: list[InputError] | None = None,
    facts: Facts | None = None,
    limits: Limits | None = None,
) -> list[SheetTable]:
    """The table of each sheet (or of the one named), found inside the form layout.

    Reading every sheet, an empty sheet or one without a table (instructions, a chart) is left
    out and reported in ``skipped``; it is an error only when no sheet has a table.
    """
    grids = read_grids(path, sheet, facts, limits)
    out, problems = [], []
    for grid in grids:
        try:
            if grid.is_empty:
                raise InputError(
                    ExitCode.EMPTY,
                    "trang tính trống",
                    "the sheet is empty",
                    file=grid.source,
                    sheet=grid.sheet,
                )
            if grid.facts.pivot or looks_like_pivot(grid.cells.head(SCAN_ROWS)):
                raise InputError(
                    ExitCode.NO_HEADER,
                    "bảng tổng hợp (PivotTable), không phải danh sách người",
                    "a PivotTable or summary, not a list of people",
                    file=grid.source,
                    sheet=grid.sheet,
                )
            layout = detect_layout(grid, overrides)
        except InputError as exc:
            if len(grids) == 1 or exc.code == ExitCode.USAGE:
                raise
            problems.append(exc)
            continue
        out.append(SheetTable(grid, layout, extract_table(grid, layout)))
    if not out:
        first_kind = next((p for p in problems if p.code == ExitCode.NO_HEADER), problems[0])
        raise InputError(
            first_kind.code,
            "không trang tính nào có bảng dữ liệu: " + "; ".join(p.vi for p in problems),
            "no sheet holds a table",
            file=str(path),
        )
    if skipped is not None:
        skipped.extend(problems)
    return out

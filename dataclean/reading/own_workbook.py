"""Sheets of a workbook that dataclean itself wrote (the cleaned file, the report)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dataclean.reading.grid import dates_as_shown, open_workbook


def read_sheet(path: Path, name: str) -> pl.DataFrame | None:
    """The sheet ``name`` as text (dates as the sheet shows them); None when the workbook has
    no such sheet, or the sheet is empty. A corrupt file is an :class:`InputError`."""
    if name not in open_workbook(path).sheet_names:
        return None
    try:
        return dates_as_shown(pl.read_excel(path, sheet_name=name, infer_schema_length=0))
    except pl.exceptions.NoDataError:
        return None

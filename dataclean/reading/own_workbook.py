"""Sheets of a workbook that dataclean itself wrote (the cleaned file, the report)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import polars as pl

from dataclean.reading.grid import Grid, dates_as_shown, open_workbook, read_excel_grid
from dataclean.reading.layout import detect_layout
from dataclean.schema.columns import FACT_PREFIX


class OwnWorkbook:
    """A workbook dataclean wrote, opened once (opening reads the whole file) for all the
    sheets a command reads of it. A corrupt file is an :class:`InputError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._book = open_workbook(path)

    def sheet(self, name: str) -> pl.DataFrame | None:
        """The sheet ``name`` as text under its header row (dates as the sheet shows them);
        None when the workbook has no such sheet, or the sheet is blank."""
        if name not in self._book.sheet_names:
            return None
        frame = self._book.load_sheet(name, dtypes="string").to_polars()
        return dates_as_shown(frame) if frame.width else None

    def facts(self) -> dict[str, str]:
        """The run's facts `normalize` kept in the file's custom properties (empty for a
        workbook written before it kept them, or by hand)."""
        try:
            with zipfile.ZipFile(self.path) as z:
                root = ElementTree.fromstring(z.read("docProps/custom.xml"))
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
            return {}
        out = {}
        for prop in root:
            name = prop.get("name", "")
            if name.startswith(FACT_PREFIX) and len(prop):
                out[name.removeprefix(FACT_PREFIX)] = prop[0].text or ""
        return out

    def roles(self, sheet: str) -> dict[str, str]:
        """The roles of the columns of ``sheet`` as `normalize` recorded them (with the user's
        `--column` choices), else as its header reads."""
        kept = {
            k.removeprefix("role."): v for k, v in self.facts().items() if k.startswith("role.")
        }
        return kept or detect_layout(self.grid(sheet)).roles()

    def grid(self, name: str) -> Grid:
        """Every cell of the sheet, for finding its layout."""
        return read_excel_grid(self.path, name, self._book)

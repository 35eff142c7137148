"""A new .xlsx workbook as every output of dataclean starts: text is never made a formula or a
link, and the creation time is fixed, so that the same input gives the same bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

CREATED = dt.datetime(2025, 7, 1)


def new_workbook(path: Path, **options: bool) -> Any:
    """An xlsxwriter workbook at ``path``; ``options`` are xlsxwriter's (``constant_memory``,
    ``use_zip64``)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, **options}
    )
    wb.set_properties({"created": CREATED, "author": "dataclean"})
    return wb

"""`dataclean inspect`: the layout and the column roles found, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dataclean.cli import options, render


def inspect(
    input_file: Annotated[Path, typer.Argument(help="Tệp .xlsx, .xls hoặc .csv.")],
    sheet: options.SheetOption = None,
    columns: options.ColumnOption = None,
    columns_file: options.ColumnsFileOption = None,
) -> None:
    """Xem bố cục bảng và vai trò từng cột mà dataclean nhận ra (show the layout and roles)."""
    from dataclean.reading.tables import read_tables
    from dataclean.schema.errors import InputError

    options.existing(input_file)
    skipped: list[InputError] = []
    for table in read_tables(input_file, sheet, options.overrides(columns, columns_file), skipped):
        render.layout(table)
    render.skipped(skipped)

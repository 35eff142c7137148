"""The combined report of a many-file run: a row per table cleaned, its counts and its files, a
total, and the files that could not be read with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean.schema.statuses import STATUSES, label
from dataclean.writing.atomic import atomic_path
from dataclean.writing.new_workbook import new_workbook
from dataclean.writing.paper import print_setup

SUMMARY_NAME = "tong_hop_report.xlsx"
TABLES_SHEET, FAILED_SHEET = "Tổng hợp", "Tệp không đọc được"
TOTAL = "Tổng cộng (total)"
HEADER_HEIGHT = 64  # points: a heading of up to five wrapped lines


@dataclass(frozen=True)
class PartitionRow:
    """One table of one file, as the combined report counts it."""

    file: str
    sheet: str | None
    rows_in: int
    rows_out: int
    changes: int
    invalid: int
    merged: int
    to_review: int
    statuses: dict[str, int]  # status code -> rows
    cleaned: str  # the cleaned file's name
    report: str | None  # the table's own report


_COUNTS = {
    "rows_in": "Dòng đọc vào (rows in)",
    "rows_out": "Dòng ghi ra (rows out)",
    "changes": "Ô đã sửa (changes)",
    "invalid": "Dòng có dữ liệu sai (invalid rows)",
    "merged": "Dòng trùng đã gộp (rows merged)",
    "to_review": "Cặp trùng cần xem (pairs to review)",
}


def summary_frame(rows: list[PartitionRow]) -> pl.DataFrame:
    """A row per table, then the total of every count."""
    counts = {
        **{heading: [getattr(r, key) for r in rows] for key, heading in _COUNTS.items()},
        **{label(s.code): [r.statuses.get(s.code, 0) for r in rows] for s in STATUSES},
    }
    tables = pl.DataFrame(
        {
            "Tệp (file)": [r.file for r in rows],
            "Trang (sheet)": [r.sheet for r in rows],
            **counts,
            "Tệp đã làm sạch (cleaned file)": [r.cleaned for r in rows],
            "Báo cáo (report)": [r.report for r in rows],
        },
        schema_overrides={heading: pl.Int64 for heading in counts},
    )
    total = tables.select(pl.lit(TOTAL).alias("Tệp (file)"), *(pl.col(h).sum() for h in counts))
    return pl.concat([tables, total], how="diagonal_relaxed")


def write_summary(path: Path, rows: list[PartitionRow], failed: list[tuple[str, str]]) -> Path:
    """The combined report at ``path``: the tables' counts and the files not cleaned."""
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp)
        _table(wb, TABLES_SHEET, summary_frame(rows), total=True)
        if failed:
            reasons = pl.DataFrame(
                {"Tệp (file)": [f for f, _ in failed], "Lý do (reason)": [w for _, w in failed]}
            )
            _table(wb, FAILED_SHEET, reasons, total=False)
        wb.close()
    return path


def _table(wb, name: str, table: pl.DataFrame, *, total: bool) -> None:
    """One sheet: wrapped headings, a filter, one A4 landscape page wide; the total in bold."""
    ws = wb.add_worksheet(name)
    print_setup(ws, name)
    head = wb.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    )
    plain, bold = wb.add_format({"valign": "top", "text_wrap": True}), wb.add_format({"bold": True})
    if total:  # the counts have long headings
        ws.set_row(0, HEADER_HEIGHT)
    for col, heading in enumerate(table.columns):
        ws.write_string(0, col, heading, head)
        text = table[heading].dtype == pl.String
        longest = int(table[heading].cast(pl.String).str.len_chars().max() or 0)  # type: ignore[arg-type]
        ws.set_column(col, col, min(60, max(10, longest + 2)) if text else 12)
    last = table.height - 1
    for r, row in enumerate(table.iter_rows(), start=1):
        fmt = bold if total and r - 1 == last else plain
        for col, value in enumerate(row):
            if isinstance(value, int):
                ws.write_number(r, col, value, fmt)
            elif value is not None:
                ws.write_string(r, col, str(value), fmt)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, table.height - (1 if total else 0), len(table.columns) - 1)

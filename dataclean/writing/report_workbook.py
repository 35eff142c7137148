"""Write the report workbook: its sheets, and a small chart of the address statuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from dataclean.reporting.report import Report
from dataclean.writing.atomic import atomic_path
from dataclean.writing.clean_workbook import write_sheet


def write_report(report: Report, path: Path) -> None:
    import xlsxwriter

    with atomic_path(path) as tmp:
        # constant_memory: a streamed run's report may hold a million changes
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True},
        )
        wb.set_properties({"created": dt.datetime(2025, 7, 1), "author": "dataclean"})
        _write_summary(wb, report)
        for name, table in report.sheets.items():
            shown = table if table.width else pl.DataFrame({"": ["(không có / none)"]})
            write_sheet(wb, name, shown, None)
        wb.close()


def _write_summary(wb, report: Report) -> None:
    """The summary, its counts as numbers (the chart reads them), and the chart."""
    summary, name = report.summary, report.summary.name
    ws = wb.add_worksheet(name)
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    ws.set_column(0, 0, 45)
    ws.set_column(1, 1, 70)
    ws.write_row(0, 0, summary.header, head)
    for r, item in enumerate(summary.items, start=1):
        ws.write_string(r, 0, item.label)
        if isinstance(item.value, int):
            ws.write_number(r, 1, item.value)
        else:
            ws.write_string(r, 1, item.value or "")
    rows = [r for r, item in enumerate(summary.items, start=1) if item.status]
    if rows:
        first, last = rows[0], rows[-1]
        chart = wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "Trạng thái địa chỉ",
                "categories": [name, first, 0, last, 0],
                "values": [name, first, 1, last, 1],
            }
        )
        chart.set_legend({"none": True})
        chart.set_title({"name": "Địa chỉ theo trạng thái (addresses by status)"})
        ws.insert_chart(1, 3, chart)

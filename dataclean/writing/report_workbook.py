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
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"created": dt.datetime(2025, 7, 1), "author": "dataclean"})
        for name, table in report.sheets.items():
            if table.width == 0:
                table = pl.DataFrame({"": ["(không có / none)"]})
            write_sheet(wb, name, table, None)
        summary_name = next(iter(report.sheets))
        first, last = report.status_rows
        summary = wb.get_worksheet_by_name(summary_name)
        for row, count in report.counts.items():
            summary.write_number(row, 1, count)  # numbers: for the chart, and for sums
        if report.statuses:
            chart = wb.add_chart({"type": "bar"})
            chart.add_series(
                {
                    "name": "Trạng thái địa chỉ",
                    "categories": [summary_name, first, 0, last, 0],
                    "values": [summary_name, first, 1, last, 1],
                }
            )
            chart.set_legend({"none": True})
            chart.set_title({"name": "Địa chỉ theo trạng thái (addresses by status)"})
            summary.insert_chart(1, 3, chart)
        wb.close()

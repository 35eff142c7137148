"""Write the report workbook for officials: read on screen and printed on A4.

Every sheet opens with its header frozen and filterable, column widths follow the content
(within limits) and long text wraps; printing is landscape, one page wide, the header row on
every page and the page numbers in the footer. The summary (title, what to do, counts, chart)
is one portrait page. A decision cell has a drop-down of what may be chosen there.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dataclean.reporting.report import Report, Sheet
from dataclean.writing.atomic import atomic_path
from dataclean.writing.cells import column_letter
from dataclean.writing.new_workbook import new_workbook
from dataclean.writing.paper import print_setup

MIN_WIDTH, MAX_WIDTH = 6, 45  # characters
LINE_HEIGHT = 12  # points, of one line of wrapped text at 9 points
DECISION_WIDTH = 32
CODE_WIDTH = 10  # a column of codes, kept narrow
SAMPLE_ROWS = 5_000  # rows a column's width is measured on
LISTS_SHEET = "Danh sách chọn"  # the drop-downs' choices, hidden


class _Formats:
    def __init__(self, wb) -> None:
        self.head = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
             "valign": "top"}
        )  # fmt: skip
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_size": 9})
        self.top = wb.add_format({"valign": "top", "font_size": 9})
        self.decide = wb.add_format(
            {"bg_color": "#FFF2CC", "border": 1, "valign": "top", "text_wrap": True,
             "font_size": 9}
        )  # fmt: skip
        self.code = wb.add_format({"valign": "top", "font_color": "#808080", "font_size": 8})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.note = wb.add_format({"text_wrap": True, "valign": "top", "italic": True})
        self.label = wb.add_format({"text_wrap": True, "valign": "top"})
        self.number = wb.add_format({"valign": "top", "align": "right"})


def write_report(report: Report, path: Path) -> None:
    with atomic_path(path) as tmp:
        # constant_memory: a streamed run's report may hold a million changes
        wb = new_workbook(tmp, constant_memory=True)
        formats = _Formats(wb)
        _write_summary(wb, report, formats)
        lists: list[list[str]] = []
        for name, sheet in report.sheets.items():
            _write_sheet(wb, name, sheet, formats, lists)
        if lists:
            _write_lists(wb, lists)
        wb.close()


PAGE_WIDTH = 160  # characters a landscape A4 page shows at the report's font size


def widths(table: pl.DataFrame) -> list[int]:
    """Each column's width in characters: its longest line of text (on the first rows), at
    least its header's longest word, within MIN_WIDTH and MAX_WIDTH; what a narrow table
    leaves of the page goes to its long columns, so that they wrap less."""
    sample = table.head(SAMPLE_ROWS)
    wanted = []
    for name in table.columns:
        lines = sample[name].cast(pl.String).str.split("\n").explode().str.len_chars()
        longest = int(lines.max() or 0)  # type: ignore[arg-type]
        header = max((len(w) for w in name.split()), default=0)
        wanted.append(max(MIN_WIDTH, max(longest, header) + 2))
    out = [min(MAX_WIDTH, w) for w in wanted]
    spare = PAGE_WIDTH - sum(out)
    long = [i for i, w in enumerate(wanted) if w > out[i]]
    for i in long:
        if spare <= 0:
            break
        extra = min(wanted[i] - out[i], spare // len(long) or spare)
        out[i] += extra
        spare -= extra
    return out


def _write_sheet(wb, name: str, sheet: Sheet, f: _Formats, lists: list[list[str]]) -> None:
    table = sheet.table if sheet.table.width else pl.DataFrame({"": ["(không có / none)"]})
    ws = wb.add_worksheet(name)
    print_setup(ws, name)
    looks = _columns(table, sheet, f)
    ws.set_row(0, 2 * LINE_HEIGHT + 6)  # a header of two lines shows whole
    for i, (column, (size, _)) in enumerate(zip(table.columns, looks, strict=True)):
        ws.set_column(i, i, size)
        ws.write_string(0, i, column, f.head)
    formats = [fmt for _, fmt in looks]
    wrapped = {
        c: size for c, (size, fmt) in zip(table.columns, looks, strict=True) if fmt is f.wrap
    }
    heights = line_counts(table, wrapped)
    for r, row in enumerate(table.iter_rows(), start=1):
        if heights[r - 1] > 1:
            ws.set_row(r, LINE_HEIGHT * heights[r - 1])
        for c, value in enumerate(row):
            if value is None:
                if formats[c] is f.decide:
                    ws.write_blank(r, c, None, f.decide)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, formats[c])
            else:
                # Text stays text: never a formula, a URL or a number that loses its zeros.
                ws.write_string(r, c, str(value), formats[c])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, table.height, len(table.columns) - 1)
    if sheet.decision is not None and table.height:
        _drop_downs(ws, table, sheet, lists)


def _columns(table: pl.DataFrame, sheet: Sheet, f: _Formats) -> list[tuple[int, object]]:
    """Each column's width and cell format: the decision cell to fill in, a narrow code, text
    that wraps (long, or of several lines), or text that fits."""
    out: list[tuple[int, object]] = []
    for column, measured in zip(table.columns, widths(table), strict=True):
        size = sheet.widths.get(column, measured)
        if column == sheet.decision:
            out.append((DECISION_WIDTH, f.decide))
        elif column in sheet.codes:
            out.append((CODE_WIDTH, f.code))
        elif measured > size or size >= MAX_WIDTH or _multiline(table, column):
            out.append((size, f.wrap))
        else:
            out.append((size, f.top))
    return out


def line_counts(table: pl.DataFrame, wrapped: dict[str, int]) -> list[int]:
    """The lines each row takes once its ``wrapped`` columns (name -> width) wrap: the row
    heights, set for the readers (LibreOffice among them) that do not fit rows themselves."""
    if not wrapped or not table.height:
        return [1] * table.height
    counts = [1] * table.height
    for column, width in wrapped.items():
        room = int(width * CHARS_PER_WIDTH)
        for i, text in enumerate(table[column].cast(pl.String).to_list()):
            if text:
                counts[i] = max(counts[i], _lines(text, room))
    return [min(n, 40) for n in counts]


# A column's width counts the default font's digits (11 points); the report's 9-point text
# fits more, and a word that does not fit goes whole to the next line.
CHARS_PER_WIDTH = 1.15


def _lines(text: str, room: int) -> int:
    """The lines ``text`` takes in a cell ``room`` characters wide, wrapped at spaces."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > room:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            while used > room:  # a word longer than the line breaks inside itself
                lines += 1
                used -= room
    return lines


def _multiline(table: pl.DataFrame, column: str) -> bool:
    text = table[column].head(SAMPLE_ROWS)
    return text.dtype == pl.String and bool(text.str.contains("\n").any())


def _drop_downs(ws, table: pl.DataFrame, sheet: Sheet, lists: list[list[str]]) -> None:
    """Each decision cell's drop-down: one list for every row, or each row's own (kept on a
    hidden sheet: a list written in the rule itself holds 255 characters at most)."""
    col = table.columns.index(sheet.decision or "")
    if sheet.fixed:
        ws.data_validation(1, col, table.height, col, {"validate": "list", "source": sheet.fixed})
        return
    for r, choices in enumerate(sheet.choices or [], start=1):
        if not choices:
            continue  # nothing to choose from: the official types a code or a name
        lists.append(choices)
        row = len(lists)
        last = column_letter(len(choices) - 1)
        source = f"='{LISTS_SHEET}'!$A${row}:${last}${row}"
        ws.data_validation(r, col, r, col, {"validate": "list", "source": source})


def _write_lists(wb, lists: list[list[str]]) -> None:
    ws = wb.add_worksheet(LISTS_SHEET)
    for r, choices in enumerate(lists):
        for c, choice in enumerate(choices):
            ws.write_string(r, c, choice)
    ws.hide()


def _write_summary(wb, report: Report, f: _Formats) -> None:
    """Title, what to do, the counts (numbers: the chart reads them) and the chart: one
    portrait page."""
    summary, name = report.summary, report.summary.name
    ws = wb.add_worksheet(name)
    print_setup(ws, name, landscape=False)
    ws.fit_to_pages(1, 1)
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 52)
    ws.write_string(0, 0, report.title, f.title)
    row = 1
    for line in report.todo:
        ws.merge_range(row, 0, row, 1, line, f.note)
        ws.set_row(row, 48)
        row += 1
    row += 1
    header_row = row
    ws.write_row(row, 0, summary.header, f.head)
    for item in summary.items:
        row += 1
        ws.write_string(row, 0, item.label, f.label)
        if isinstance(item.value, int):
            ws.write_number(row, 1, item.value, f.number)
        else:
            ws.write_string(row, 1, item.value or "", f.label)
    ws.repeat_rows(header_row)
    rows = [header_row + i for i, item in enumerate(summary.items, start=1) if item.status]
    if rows:
        first, last = rows[0], rows[-1]
        chart = wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "Trạng thái địa chỉ",
                "categories": [name, first, 0, last, 0],
                "values": [name, first, 1, last, 1],
                "data_labels": {"value": True},
            }
        )
        chart.set_legend({"none": True})
        chart.set_title({"name": "Địa chỉ theo trạng thái (addresses by status)"})
        chart.set_size({"width": 700, "height": 40 * len(rows) + 120})
        ws.insert_chart(row + 2, 0, chart)

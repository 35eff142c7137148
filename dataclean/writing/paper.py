"""How a written sheet prints: A4, the header row on every page, the sheet's name and the page
number in the footer. One set-up for the report and the cleaned workbook."""

from __future__ import annotations

A4 = 9  # the paper size code of the .xlsx format


def print_setup(ws, name: str, *, landscape: bool = True, fit_width: bool = True) -> None:
    """Set up ``ws`` (an xlsxwriter worksheet named ``name``) for printing. ``fit_width``:
    one page wide, as many long as it takes; a sheet too wide to read so (the cleaned data,
    40 columns) prints its columns over several pages, the row numbers repeated on each."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.repeat_rows(0)
    if fit_width:
        ws.fit_to_pages(1, 0)
    else:
        ws.repeat_columns(0)
        ws.print_across()  # a page's rows continue to their right, then the next rows
    ws.set_footer(f"&L{_escaped(name)}&RTrang &P / &N")


def _escaped(text: str) -> str:
    return text.replace("&", "&&")

"""How a spreadsheet names its cells (no polars here: the command line imports it)."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

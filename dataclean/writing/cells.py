"""How a spreadsheet names and reads its cells (no polars here: the command line imports it)."""

from __future__ import annotations

import re

# What a spreadsheet opening a CSV would run as a formula: = + - @, a tab or a CR first.
FORMULA_START = r"^([=+\-@\t\r])"
_FORMULA = re.compile(FORMULA_START)


def plain_text(text: str) -> str:
    """``text`` as a CSV cell or header may hold it: never run as a formula (a leading
    apostrophe before what would start one)."""
    return _FORMULA.sub(r"'\1", text)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

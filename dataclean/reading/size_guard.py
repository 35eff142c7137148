"""Refuse an .xlsx too large to read, before reading it.

calamine holds a sheet's whole used range in memory: a single cell at XFD1048576 in an 8 KB
file asks for half a terabyte, and a small file whose XML expands to gigabytes (a zip bomb)
runs until the machine gives out. What the file's parts declare, and one streamed pass over
the sheet XML, tell both apart from a real register in a fraction of a second.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dataclean.schema.errors import ExitCode, InputError

_CHUNK = 1 << 22
_STRINGS = "xl/sharedStrings.xml"
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
# A cell reference in columns AA and past: the row's own r="..." is digits only.
_WIDE_CELL = re.compile(rb' r="([A-Z]{2,3})\d')


@dataclass(frozen=True)
class Limits:
    """What one input may hold; each can be raised on the command line."""

    sheet_mb: int = 2048  # uncompressed XML of the sheets and shared strings, in MB
    cells: int = 40_000_000  # rows × columns of one sheet's used range
    cell_chars: int = 10_000_000  # text of one cell (Excel itself stops at 32,767)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_xlsx(path: Path, limits: Limits) -> None:
    """Raise :class:`InputError` (input too large) when ``path`` is past ``limits``: what
    calamine reads on opening the file, then every sheet."""
    try:
        with zipfile.ZipFile(path) as z:
            check_opening(z, path, limits)
            for info in sheet_parts(z):
                guard = SheetGuard(path, limits)
                for chunk in chunks(z, info):
                    guard.feed(chunk)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not read here: calamine says what is wrong with it


def check_before_opening(path: Path, limits: Limits) -> None:
    """Only what calamine reads on opening the file (see :func:`check_opening`)."""
    try:
        with zipfile.ZipFile(path) as z:
            check_opening(z, path, limits)
    except (zipfile.BadZipFile, OSError, ValueError):
        return


def sheet_parts(z: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The sheets' XML parts, every one in the file (calamine finds its sheets its own way)."""
    return [
        i
        for i in z.infolist()
        if i.filename.startswith("xl/worksheets/") and "/_rels/" not in i.filename
    ]


def chunks(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part inflated a chunk at a time."""
    with z.open(info) as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def check_opening(z: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """What calamine reads on opening an .xlsx (before any sheet): the sizes the zip declares
    for the sheets and shared strings, and the shared strings' longest text."""
    parts = [*sheet_parts(z), *(i for i in z.infolist() if i.filename == _STRINGS)]
    size = sum(i.file_size for i in parts)
    if size > limits.sheet_mb << 20:
        raise _too_large(
            path, f"nội dung giải nén {size >> 20} MB, quá {limits.sheet_mb} MB",
            "--max-sheet-mb",
        )  # fmt: skip
    packed = sum(i.compress_size for i in parts)
    if size > 64 << 20 and size > 200 * packed:
        raise _too_large(
            path, f"{packed >> 10} KB giải nén thành {size >> 20} MB (tệp nén bất thường)",
            "--max-sheet-mb",
        )  # fmt: skip
    for info in parts:
        if info.filename == _STRINGS:
            guard = SheetGuard(path, limits)
            for chunk in chunks(z, info):
                guard.feed(chunk)


class SheetGuard:
    """A sheet's XML fed a chunk at a time, in order: raises :class:`InputError` as soon as a
    cell's text or the used range is past the limits."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits = path, limits
        self.rows, self.columns, self.run = 0, 26, 0

    def feed(self, chunk: bytes) -> None:
        limits = self.limits
        for found in _ROW.finditer(chunk, max(0, len(chunk) - 4096)):
            self.rows = max(self.rows, int(found.group(1)))
        # Each distinct column once: a 34-column sheet has 8 wide cells in every row.
        wide = set(_WIDE_CELL.findall(chunk))
        self.columns = max(self.columns, *map(_column_number, wide)) if wide else self.columns
        longest, self.run = _text_runs(chunk, self.run, limits.cell_chars)
        if longest > limits.cell_chars:
            raise _too_large(
                self.path, f"một ô dài hơn {limits.cell_chars:,} ký tự", "--max-cell-chars"
            )
        if self.rows * self.columns > limits.cells:
            raise _too_large(
                self.path,
                f"vùng dữ liệu {self.rows:,} dòng × {self.columns:,} cột, quá {limits.cells:,} ô",
                "--max-cells",
            )


def _text_runs(chunk: bytes, run: int, limit: int) -> tuple[int, int]:
    """The longest text between two tags that ends in ``chunk`` (``run``: the text carried
    over from the chunks before), and the text it carries over to the next."""
    first, last = chunk.find(b"<"), chunk.rfind(b"<")
    if first < 0:
        return run + len(chunk), run + len(chunk)
    carried = len(chunk) - last - 1
    if limit >= len(chunk):  # no text inside one chunk can pass the limit: only the ends can
        return max(run + first, carried), carried
    pieces = chunk[first + 1 : last].split(b"<")
    return max(run + first, carried, *map(len, pieces)), carried


def _too_large(path: Path, what: str, option: str) -> InputError:
    return InputError(
        ExitCode.INPUT_TOO_LARGE,
        f"tệp quá lớn để đọc an toàn: {what}; nếu đúng là dữ liệu thật, nâng giới hạn bằng "
        f"{option}",
        "input too large",
        file=str(path),
    )

"""Refuse an .xlsx too large to read, before reading it.

calamine holds a sheet's whole used range in memory: a single cell at XFD1048576 in an 8 KB
file asks for half a terabyte, and a small file whose XML expands to gigabytes (a zip bomb)
runs until the machine gives out. What the file's parts declare, and one streamed pass over
the sheet XML, tell both apart from a real register in a fraction of a second.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dataclean.schema.errors import ExitCode, InputError

_CHUNK = 1 << 22
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_WIDE_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{2,3})\d')  # columns AA and past


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
    """Raise :class:`InputError` (input too large) when ``path`` is past ``limits``."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = [
                i
                for i in z.infolist()
                if i.filename.startswith("xl/worksheets/") or i.filename == "xl/sharedStrings.xml"
            ]
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
                _scan(z, info, path, limits)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not read here: calamine says what is wrong with it


def _scan(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limits: Limits) -> None:
    rows, columns, run = 0, 26, 0
    with z.open(info) as f:
        while chunk := f.read(_CHUNK):
            for found in _ROW.finditer(chunk, max(0, len(chunk) - 4096)):
                rows = max(rows, int(found.group(1)))
            for found in _WIDE_CELL.finditer(chunk):
                columns = max(columns, _column_number(found.group(1)))
            # The text between two tags, a run carried over from the chunk before.
            pieces = chunk.split(b"<")
            longest = max(run + len(pieces[0]), *map(len, pieces[1:-1]), 0)
            run = len(pieces[-1]) if len(pieces) > 1 else run + len(pieces[0])
            if max(longest, run) > limits.cell_chars:
                raise _too_large(
                    path, f"một ô dài hơn {limits.cell_chars:,} ký tự", "--max-cell-chars"
                )
            if rows * columns > limits.cells:
                raise _too_large(
                    path,
                    f"vùng dữ liệu {rows:,} dòng × {columns:,} cột, quá {limits.cells:,} ô",
                    "--max-cells",
                )


def _too_large(path: Path, what: str, option: str) -> InputError:
    return InputError(
        ExitCode.INPUT_TOO_LARGE,
        f"tệp quá lớn để đọc an toàn: {what}; nếu đúng là dữ liệu thật, nâng giới hạn bằng "
        f"{option}",
        "input too large",
        file=str(path),
    )

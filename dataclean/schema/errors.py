"""Errors a volunteer can act on: where (file, sheet, row, column), what, and an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1  # a fault of dataclean's own: one line, --verbose shows the traceback
    USAGE = 2
    MISSING_FILE = 3
    NOT_A_SPREADSHEET = 4
    NO_HEADER = 5
    OUTPUT_NOT_WRITABLE = 6
    EMPTY = 7
    PASSWORD_PROTECTED = 8
    CORRUPT = 9
    INPUT_NOT_READABLE = 10
    DECISIONS_REFUSED = 11  # apply-decisions wrote what it could; some decisions were refused
    REPORT_HAS_DECISIONS = 12  # normalize would overwrite a report an official has decided in
    OUTPUT_TOO_LARGE = 13  # more rows or columns than an .xlsx sheet holds: use csv or parquet
    INPUT_TOO_LARGE = 14  # past a size limit (sheet XML, cells, one cell's length)
    DISK_FULL = 15
    WORKER_LOST = 16  # a process the run started ended abruptly (most often: out of memory)
    INTERRUPTED = 130  # Ctrl+C, as shells report it
    TERMINATED = 143  # SIGTERM, as shells report it


class WorkerLost(RuntimeWarning):
    """A worker process ended before its rows were done; they were worked in the run's own
    process instead, with the same answers. Only slower: the command line tells it only with
    --verbose."""


# A run stopped by Ctrl+C or SIGTERM, in the words every stop is told in.
STOPPED = ("đã dừng theo yêu cầu; không ghi tệp kết quả nào", "stopped; no output was written")


@dataclass
class InputError(Exception):
    """A problem with what the user gave us, reported in one line with no traceback."""

    code: ExitCode
    vi: str
    en: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(f"trang '{self.sheet}'")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where + ': ' if where else ''}{self.vi} ({self.en})"


def causes(exc: BaseException | None) -> Iterator[BaseException]:
    """``exc``, then what it was raised from or during, and so on; a library that wraps an
    error among its arguments (xlsxwriter) counts as raising from it."""
    while exc is not None:
        yield exc
        inner = next((a for a in getattr(exc, "args", ()) if isinstance(a, BaseException)), None)
        exc = exc.__cause__ or exc.__context__ or inner

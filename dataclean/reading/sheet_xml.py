"""What calamine does not say of an .xlsx sheet, read from the file's XML parts: which sheets
hold a PivotTable, and which rows and columns are hidden.

Offices hide the rows of residents who moved away ("Đã chuyển đi") rather than delete them:
such rows are read like any other and marked hidden, never dropped or silently cleaned.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from dataclean.reading.size_guard import Limits, SheetGuard, chunks, sheet_parts

_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_ANY = re.compile(rb"<Relationship\b[^>]*>")
_HIDDEN = (b'hidden="1"', b'hidden="true"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_COL_RANGE = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"')


@dataclass(frozen=True)
class SheetFacts:
    pivot: bool = False  # the sheet holds a PivotTable: counts, never a list of people
    hidden_rows: frozenset[int] = field(default_factory=frozenset)  # sheet rows, 1-based
    hidden_columns: frozenset[int] = field(default_factory=frozenset)  # 0-based


def _unescape(name: bytes) -> str:
    text = name.decode("utf-8")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def sheet_facts(path: Path, limits: Limits | None = None) -> dict[str, SheetFacts]:
    """The facts of each sheet of an .xlsx/.xlsm file, by sheet name (empty for any other
    file, or one whose parts do not read: calamine has the last word on those).

    The same pass over each sheet's XML is the size guard of the sheets
    (:class:`~dataclean.reading.size_guard.SheetGuard`): a sheet past ``limits`` raises
    :class:`~dataclean.schema.errors.InputError`, so the sheets are inflated once, not twice.
    """
    try:
        with zipfile.ZipFile(path) as z:
            return _facts(z, path, limits or Limits())
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError, ValueError, zlib.error):
        return {}


def _facts(z: zipfile.ZipFile, path: Path, limits: Limits) -> dict[str, SheetFacts]:
    # Every sheet part is guarded, also one the workbook's names do not lead to.
    hidden = {info.filename: _one_pass(z, info, path, limits) for info in sheet_parts(z)}
    sheets = _SHEET.findall(z.read("xl/workbook.xml"))
    targets = dict(_REL.findall(z.read("xl/_rels/workbook.xml.rels")))
    names = set(z.namelist())
    out = {}
    for name, rid in sheets:
        target = targets.get(rid, b"").decode()
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        if part not in hidden:
            continue
        rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        pivot = rels in names and any(b"/pivotTable" in r for r in _REL_ANY.findall(z.read(rels)))
        rows, columns = hidden[part]
        out[_unescape(name)] = SheetFacts(pivot, frozenset(rows), frozenset(columns))
    return out


def _one_pass(
    z: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limits: Limits
) -> tuple[set[int], set[int]]:
    guard, tags = SheetGuard(path, limits), _HiddenTags()
    for chunk in chunks(z, info):
        guard.feed(chunk)
        tags.feed(chunk)
    return tags.rows, tags.columns


class _HiddenTags:
    """The hidden rows and columns of a sheet part fed in chunks: a sheet of 200,000 rows is
    some 75 MB of XML, and the tags that say "hidden" are few."""

    def __init__(self) -> None:
        self.rows: set[int] = set()
        self.columns: set[int] = set()
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        # A tag cut at the chunk's end is read whole with the next chunk.
        cut = data.rfind(b"<")
        whole, self._tail = data[:cut], data[cut:]
        for flag in _HIDDEN:
            start = whole.find(flag)
            while start != -1:
                _read_tag(whole, start, self.rows, self.columns)
                start = whole.find(flag, start + 1)


def _read_tag(data: bytes, at: int, rows: set[int], columns: set[int]) -> None:
    begin = data.rfind(b"<", 0, at)
    tag = data[begin : data.find(b">", at) + 1]
    if tag.startswith(b"<row "):
        if number := _ROW_NUMBER.search(tag):
            rows.add(int(number.group(1)))
    elif tag.startswith(b"<col ") and (span := _COL_RANGE.search(tag)):
        columns.update(range(int(span.group(1)) - 1, int(span.group(2))))

"""A table's rows as the sheet XML xlsxwriter writes for them, built column by column by polars.

xlsxwriter spends about 5 µs of Python on each cell; a default run writes millions. Here the
``<row>`` and ``<c>`` elements that its ``constant_memory`` mode writes for the same values and
formats are built by polars expressions, a batch of rows at a time, and appended to the
worksheet's row file, which xlsxwriter then puts in the sheet as its own. Everything else in the
sheet (header, widths, frozen pane, filter, print settings, styles) is still xlsxwriter's.
``tests/test_sheet_rows.py`` holds the bytes equal to xlsxwriter's cell-by-cell writing.

A cell is written as xlsxwriter's ``write_string``/``write_number``/``write_datetime``/
``write_blank`` would write it:
- text is an inline string, never a formula or a link: ``& < >`` escaped, control characters as
  ``_xHHHH_``, cut at 32,767 UTF-16 units, ``xml:space="preserve"`` when it starts or ends with
  white space (one difference: a text that looks like xlsxwriter's rich-string markup,
  ``<r>…</r>``, is escaped like any other rather than passed through as markup);
- a date (a Date column, or day/month/year text in a column of dates) is Excel's day number;
- a number is written as ``%.16G``;
- an empty cell is written only when the row is flagged (its fill).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from dataclean.writing import rows_written
from dataclean.writing.cells import column_letter

BATCH_ROWS = 20_000  # rows built and appended at a time: a batch's XML is some tens of MB
DATE_TEXT = r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$"  # a date as the reader and the rules write it
_EXCEL_CHARS = 32_767  # UTF-16 units in a cell
_EPOCH = dt.date(1899, 12, 31)
_LEAP_BUG_DAY = 59  # Excel counts 29/02/1900, so later days are one more
# Python's white space (what xlsxwriter's ``^\s``/``\s$`` see), spelled out for polars' regex.
PY_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_SPACE) + "]"
_CONTROL = r"[\x00-\x08\x0b-\x1f]"
# The helper columns: a NUL in their names, which no sheet's header can hold, so no clash.
_FLAG, _ROW, _CELLS = "\x00flag", "\x00row", "\x00cells"
_ESCAPE_LOOKALIKE = r"_x[0-9a-fA-F]{4}_"


@dataclass(frozen=True)
class CellFormats:
    """The xlsxwriter formats a data cell may carry: none, the review fill, a date, a date with
    the review fill."""

    flag: Any
    date: Any
    flag_date: Any


def append_rows(
    ws: Any, out: pl.DataFrame, flags: pl.Series, dated: set[int], formats: CellFormats
) -> None:
    """Append the rows of ``out`` below the header row that ``ws`` holds (written, not yet
    flushed), as xlsxwriter would write them cell by cell. ``flags`` marks the rows a person must
    look at; ``dated`` are the columns whose day/month/year text is written as dates."""
    ws._write_single_row(1)  # the header row, flushed to the row file: its style comes first
    kinds = _cell_kinds(out, dated)
    styles = _style_attributes(_index_formats_in_first_use(out, flags, kinds, formats))
    last = 0
    for start in range(0, out.height, BATCH_ROWS):
        batch = out.slice(start, BATCH_ROWS).with_columns(
            flags.slice(start, BATCH_ROWS).fill_null(False).alias(_FLAG),
            pl.int_range(start + 2, start + 2 + min(BATCH_ROWS, out.height - start))
            .cast(pl.String)
            .alias(_ROW),
        )
        rows = (
            batch.select(_cells_xml(kinds, styles).alias(_CELLS), _ROW)
            .select(_row_xml(pl.col(_CELLS)))
            .to_series()
        )
        ws.fh.write("".join(rows.to_list()))
        written = rows.str.len_bytes() > 0
        if written.any():
            last = start + int(written.arg_true()[-1]) + 1
        rows_written.count(batch.height)
    if last:
        ws._check_dimensions(last, 0)
    ws.previous_row = max(last, 1)


def _cell_kinds(out: pl.DataFrame, dated: set[int]) -> list[tuple[str, str]]:
    """Each column's name and how its cells are written: text, integer, number (floats, by
    Python's formatting), date, date_text (dates among text), or other (by Python's str)."""
    kinds = []
    for index, (name, dtype) in enumerate(out.schema.items()):
        if dtype == pl.Date:
            kind = "date"
        elif isinstance(dtype, pl.Datetime):
            kind = "datetime"
        elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            kind = "date_text" if index in dated else "text"
        elif dtype == pl.Boolean or dtype.is_integer():
            kind = "integer"
        elif dtype.is_float():
            kind = "float"
        elif dtype == pl.Null:
            kind = "null"
        else:
            kind = "other"
        kinds.append((name, kind))
    return kinds


def _is_date_text(text: pl.Expr) -> pl.Expr:
    day = text.str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    return text.str.contains(DATE_TEXT) & day.is_not_null() & (day.dt.year() >= 1)


def _date_position(out: pl.DataFrame, kinds: list[tuple[str, str]]) -> list[pl.Expr]:
    """Per column, whether a row's cell there is written as a date."""
    exprs = []
    for name, kind in kinds:
        col = pl.col(name)
        if kind in ("date", "datetime"):
            exprs.append(col.is_not_null())
        elif kind == "date_text":
            exprs.append(_is_date_text(col.cast(pl.String)).fill_null(False))
        else:
            exprs.append(pl.lit(False))
    return exprs


def _index_formats_in_first_use(
    out: pl.DataFrame, flags: pl.Series, kinds: list[tuple[str, str]], formats: CellFormats
) -> dict[str, int]:
    """Give the formats their style numbers in the order xlsxwriter would: the order in which
    the cells, row by row, first use them. Formats no cell uses get none."""
    if not out.height or not out.width:
        return {}
    width = out.width
    is_date = _date_position(out, kinds)
    big = width  # no such cell in this row
    first_date = pl.min_horizontal(
        pl.when(d).then(pl.lit(i)).otherwise(pl.lit(big)) for i, d in enumerate(is_date)
    )
    first_other = pl.min_horizontal(
        pl.when(~d).then(pl.lit(i)).otherwise(pl.lit(big)) for i, d in enumerate(is_date)
    )
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    flag = flags.fill_null(False).alias(_FLAG)
    positions = (
        out.with_columns(flag)
        .select(
            pl.when(pl.col(_FLAG) & (first_other < big))
            .then(row * width + first_other)
            .min()
            .alias("flag"),
            pl.when(~pl.col(_FLAG) & (first_date < big))
            .then(row * width + first_date)
            .min()
            .alias("date"),
            pl.when(pl.col(_FLAG) & (first_date < big))
            .then(row * width + first_date)
            .min()
            .alias("flag_date"),
        )
        .row(0, named=True)
    )
    used = sorted((p, n) for n, p in positions.items() if p is not None)
    # A format like one another sheet used already gets that one's number.
    return {name: getattr(formats, name)._get_xf_index() for _, name in used}


@dataclass(frozen=True)
class _Styles:
    """The ` s="n"` attribute of a cell, as expressions over the row's flag."""

    plain: pl.Expr
    dated: pl.Expr


def _style_attributes(indexes: dict[str, int]) -> _Styles:
    def attribute(name: str) -> pl.Expr:
        index = indexes.get(name)  # none: no cell is written with it
        return pl.lit(f' s="{index}"' if index else "")

    flag = pl.col(_FLAG)
    return _Styles(
        plain=pl.when(flag).then(attribute("flag")).otherwise(pl.lit("")),
        dated=pl.when(flag).then(attribute("flag_date")).otherwise(attribute("date")),
    )


def _cells_xml(kinds: list[tuple[str, str]], styles: _Styles) -> pl.Expr:
    cells = [_cell_xml(i, name, kind, styles) for i, (name, kind) in enumerate(kinds)]
    return pl.concat_str(cells, ignore_nulls=True) if cells else pl.lit("")


def _row_xml(cells: pl.Expr) -> pl.Expr:
    """A row with cells as its element; a row without any, nothing (xlsxwriter skips it)."""
    row = pl.concat_str(pl.lit('<row r="'), pl.col(_ROW), pl.lit('">'), cells, pl.lit("</row>"))
    return pl.when(cells != "").then(row).otherwise(pl.lit(""))


def _cell_xml(index: int, name: str, kind: str, styles: _Styles) -> pl.Expr:
    col = pl.col(name)
    ref = pl.concat_str(pl.lit(f'<c r="{column_letter(index)}'), pl.col(_ROW), pl.lit('"'))
    blank = pl.when(pl.col(_FLAG)).then(pl.concat_str(ref, styles.plain, pl.lit("/>")))
    if kind == "null":
        return blank.otherwise(None)
    if kind == "date":
        value = pl.concat_str(ref, styles.dated, _number(_day_number(col)))
    elif kind == "datetime":
        value = pl.concat_str(ref, styles.dated, _number(_in_python(col, _datetime_number)))
    elif kind == "date_text":
        text = col.cast(pl.String)
        value = (
            pl.when(_is_date_text(text).fill_null(False))
            .then(
                pl.concat_str(
                    ref,
                    styles.dated,
                    _number(_day_number(text.str.strptime(pl.Date, "%d/%m/%Y", strict=False))),
                )
            )
            .otherwise(pl.concat_str(ref, styles.plain, _text(text)))
        )
    elif kind == "text":
        value = pl.concat_str(ref, styles.plain, _text(col.cast(pl.String)))
    elif kind == "integer":
        value = pl.concat_str(ref, styles.plain, _number(_integer_text(col)))
    elif kind == "float":
        value = pl.concat_str(ref, styles.plain, _float_cell(col))
    else:
        value = pl.concat_str(ref, styles.plain, _text(_in_python(col, str)))
    return pl.when(col.is_null()).then(blank.otherwise(None)).otherwise(value)


def _number(text: pl.Expr) -> pl.Expr:
    return pl.concat_str(pl.lit("><v>"), text, pl.lit("</v></c>"))


def _day_number(day: pl.Expr) -> pl.Expr:
    days = (day - pl.lit(_EPOCH)).dt.total_days()
    return pl.when(days > _LEAP_BUG_DAY).then(days + 1).otherwise(days).cast(pl.String)


def _integer_text(col: pl.Expr) -> pl.Expr:
    as_int = col.cast(pl.Int64, strict=False)
    # %.16G writes an integer of 16 digits or more with an exponent.
    small = as_int.abs() < 10**15
    large = pl.when(~small.fill_null(False)).then(col)  # only those go through Python
    return (
        pl.when(small)
        .then(as_int.cast(pl.String))
        .otherwise(_in_python(large, lambda n: f"{int(n):.16G}"))
    )


def _float_cell(col: pl.Expr) -> pl.Expr:
    """A float as xlsxwriter's ``%.16G``; not a number or infinite (which xlsxwriter refuses)
    as its text."""
    finite = col.is_finite()
    return (
        pl.when(finite)
        .then(_number(_in_python(col, lambda x: f"{x:.16G}")))
        .otherwise(_text(_in_python(pl.when(~finite).then(col), str)))
    )


def _datetime_number(value: dt.datetime) -> str:
    """Excel's day number of a date and time, as xlsxwriter's ``write_datetime`` counts it."""
    delta = value.replace(tzinfo=None) - dt.datetime(1899, 12, 31)
    number = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86_400
    if value.isocalendar() == (1900, 1, 1):
        number -= 1  # Excel's day 0 is 31/12/1899, Python's first time of day 1/1/1900
    if number > _LEAP_BUG_DAY:
        number += 1
    return f"{number:.16G}"


def _in_python(col: pl.Expr, render: Callable[[Any], str]) -> pl.Expr:
    """``render`` applied once to each distinct value (values no expression spells alike)."""
    return col.map_batches(lambda s: _rendered(s, render), return_dtype=pl.String)


def _rendered(series: pl.Series, render: Callable[[Any], str]) -> pl.Series:
    distinct = series.drop_nulls().unique()
    return series.replace_strict(
        distinct, [render(v) for v in distinct.to_list()], default=None, return_dtype=pl.String
    )


def _unusual(text: pl.Expr) -> pl.Expr:
    return (
        text.str.contains(_CONTROL)
        | text.str.contains(_ESCAPE_LOOKALIKE)
        | (text.str.len_bytes() > _EXCEL_CHARS)
    )


def _text(text: pl.Expr) -> pl.Expr:
    """The rest of an inline-string cell after its reference and style."""
    return (
        pl.when(_unusual(text))
        .then(text.map_batches(_unusual_cells, return_dtype=pl.String))
        .otherwise(_plain_text(text))
    )


def _unusual_cells(texts: pl.Series) -> pl.Series:
    """Only the unusual texts go through Python; the others come back null (unused)."""
    kept = texts.to_frame("t").select(pl.when(_unusual(pl.col("t"))).then(pl.col("t")))
    return _rendered(kept.to_series(), _unusual_text)


def _plain_text(text: pl.Expr) -> pl.Expr:
    preserve = text.str.contains(f"^{_SPACE_CLASS}") | text.str.contains(f"{_SPACE_CLASS}$")
    escaped = (
        text.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )
    return pl.concat_str(
        pl.lit(' t="inlineStr"><is><t'),
        pl.when(preserve).then(pl.lit(' xml:space="preserve"')).otherwise(pl.lit("")),
        pl.lit(">"),
        escaped,
        pl.lit("</t></is></c>"),
    )


def _unusual_text(text: str) -> str:
    """A text with control characters, ``_xHHHH_`` in it, or past Excel's length, as
    xlsxwriter writes it."""
    if len(text) > _EXCEL_CHARS // 2 and _utf16_units(text) > _EXCEL_CHARS:
        text = _utf16_cut(text, _EXCEL_CHARS)
    text = _escape_controls(text)
    preserve = ' xml:space="preserve"' if text[:1] in PY_SPACE or text[-1:] in PY_SPACE else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{preserve}>{escaped}</t></is></c>'


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_cut(text: str, units: int) -> str:
    cut = text.encode("utf-16-le", "surrogatepass")[: units * 2]
    if len(cut) >= 2 and 0xD800 <= int.from_bytes(cut[-2:], "little") <= 0xDBFF:
        cut = cut[:-2]  # half a pair is not a character
    return cut.decode("utf-16-le", "surrogatepass")


def _escape_controls(text: str) -> str:
    import re

    text = re.sub("(_x[0-9a-fA-F]{4}_)", r"_x005F\1", text)
    return re.sub(r"([\x00-\x08\x0b-\x1f])", lambda m: f"_x{ord(m.group(1)):04X}_", text)


def dated_columns(out: pl.DataFrame) -> set[int]:
    """The columns that hold dates, or text the Excel reader made of one."""
    return {
        i
        for i, (name, dtype) in enumerate(out.schema.items())
        if dtype == pl.Date
        or isinstance(dtype, pl.Datetime)
        or (dtype == pl.String and bool(out[name].str.contains(DATE_TEXT).any()))
    }

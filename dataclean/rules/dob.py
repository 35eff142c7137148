"""Date of birth: every way offices type it, read day first, written dd/mm/yyyy (or a year).

Accepted: Excel dates (the reader gives "1987-08-07 00:00:00"), dd/mm/yyyy, d/m/yyyy,
dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, Excel serial numbers (32874 is 01/01/1990), and a year
alone, which stays a year with precision "year", never 1 January. Day first, always. Impossible
dates, dates in the future and dates more than 120 years back are reported, and left as typed.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from dataclean.rules.base import FieldRule, Steps, reasons

_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_DMY = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"
_YEAR = r"^(\d{4})(?:\.0)?$"
_SERIAL = r"^(\d{5})(?:\.0)?$"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_CANONICAL = r"^\d{2}/\d{2}/\d{4}$"
MAX_AGE_YEARS = 120


def _date_of(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    text = pl.concat_str([y, m.str.zfill(2), d.str.zfill(2)], separator="-")
    return text.str.to_date("%Y-%m-%d", strict=False)


def _day(text: pl.Expr) -> pl.Expr:
    """The date the text names, read as ISO, as day first, or as an Excel serial; or null."""
    iso = _date_of(*(text.str.extract(_ISO, i) for i in (1, 2, 3)))
    dmy = _date_of(*(text.str.extract(_DMY, i) for i in (3, 2, 1)))
    serial = text.str.extract(_SERIAL, 1).cast(pl.Int64)
    return pl.coalesce(iso, dmy, pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial))


def _clean(s: Steps) -> pl.Expr:
    return (
        pl.when(s.parsed.is_not_null())
        .then(s.parsed.dt.strftime("%d/%m/%Y"))
        .otherwise(pl.coalesce(s.text.str.extract(_YEAR, 1), s.text))
    )


def _reason(s: Steps) -> pl.Expr:
    # A serial is five digits: never read as ISO or day first.
    serial = s.text.str.contains(_SERIAL)
    return reasons(
        (serial, "số ngày kiểu Excel thành ngày (Excel serial number)"),
        (s.parsed.is_not_null() & ~serial, "ngày viết dd/mm/yyyy (date as dd/mm/yyyy)"),
        (s.clean.str.contains(r"^\d{4}$"), "chỉ có năm sinh (year only)"),
        (s.parsed.is_null() & s.text.ne_missing(s.raw), "bỏ khoảng trắng thừa (spaces)"),
    )


def precision(clean: pl.Expr) -> pl.Expr:
    """ "day" for a full date, "year" for a year alone, null otherwise."""
    return (
        pl.when(clean.str.to_date("%d/%m/%Y", strict=False).is_not_null())
        .then(pl.lit("day"))
        .when(clean.str.contains(r"^\d{4}$"))
        .then(pl.lit("year"))
    )


def birth_year(clean: pl.Expr) -> pl.Expr:
    """The year of a clean date of birth (either precision), as an integer."""
    return clean.str.extract(r"(?:^|/)(\d{4})$", 1).cast(pl.Int64)


def make_rule(today: dt.date) -> FieldRule:
    """The rule, judging "future" and "too old" against ``today``."""
    oldest = today.replace(year=today.year - MAX_AGE_YEARS)

    def problem(clean: pl.Expr) -> pl.Expr:
        day = clean.str.to_date("%d/%m/%Y", strict=False)
        year = clean.str.extract(r"^(\d{4})$", 1).cast(pl.Int64)
        shown = pl.concat_str([pl.lit(" ("), clean, pl.lit(")")])
        return (
            pl.when(clean.is_null())
            .then(None)
            .when(clean.str.contains(_CANONICAL) & day.is_null())
            .then(pl.concat_str([pl.lit("Ngày sinh không có thật"), shown]))
            .when(clean.str.contains(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$"))
            .then(pl.concat_str([pl.lit("Năm sinh chỉ có 2 chữ số"), shown]))
            .when(day.is_null() & year.is_null())
            .then(pl.concat_str([pl.lit("Không đọc được ngày sinh"), shown]))
            .when((day > today) | (year > today.year))
            .then(pl.concat_str([pl.lit("Ngày sinh ở tương lai"), shown]))
            .when((day < oldest) | (year < oldest.year))
            .then(pl.concat_str([pl.lit(f"Ngày sinh quá {MAX_AGE_YEARS} năm trước"), shown]))
        )

    return FieldRule("dob", "dob", _day, _clean, _reason, problem)

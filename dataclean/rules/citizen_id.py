"""CCCD (12 digits) and old CMND (9 digits) numbers.

Spaces, dots, dashes and a leading apostrophe are dropped; an ID of 11 digits (or 10, for the
provinces coded 001-009) lost its leading zeros to Excel and gets them back. A CCCD's structure
is checked: digits 1-3 are the province where the birth was registered (one of the 63
provinces before 2025, written 001..096); digit 4 is century and sex (0/1: 1900s man/woman,
2/3: 2000s); digits 5-6 are the last two of the birth year. :func:`id_conflicts` checks those
against the gender and date of birth beside it.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from dataclean.rules.base import FieldRule, Steps, reasons

CCCD, CMND = "CCCD", "CMND"


@cache
def province_codes() -> list[str]:
    """CCCD birth-registration codes: "0" and the old province code (001 Hà Nội, 079 HCM)."""
    from dataclean import mappings

    codes = mappings.units_legacy()["province_code"].unique().sort().to_list()
    return ["0" + code for code in codes]


def _digits(text: pl.Expr) -> pl.Expr:
    """The ID's digits, or null where the text is more than digits and separators."""
    return (
        text.str.replace(r"^'", "")
        .str.replace(r"\.0$", "")
        .str.replace_all(r"[\s.\-]", "")
        .str.extract(r"^(\d+)$", 1)
    )


def _lost_zeros(digits: pl.Expr) -> pl.Expr:
    """A CCCD stored as a number: 10 or 11 digits that a province code explains once padded.

    Every province code starts with 0, so Excel drops one zero (codes 010-096) or two (001-009).
    """
    padded = digits.str.zfill(12)
    return digits.str.len_chars().is_in([10, 11]) & padded.str.slice(0, 3).is_in(province_codes())


def _clean(s: Steps) -> pl.Expr:
    restored = pl.when(_lost_zeros(s.parsed)).then(s.parsed.str.zfill(12)).otherwise(s.parsed)
    return pl.coalesce(restored, s.text)


def _reason(s: Steps) -> pl.Expr:
    return reasons(
        (s.parsed.is_not_null() & (s.parsed != s.text), "bỏ dấu cách, dấu chấm (spaces, dots)"),
        (_lost_zeros(s.parsed), "thêm số 0 đầu bị Excel làm mất (leading zeros restored)"),
    )


def id_type(clean: pl.Expr) -> pl.Expr:
    """CCCD for 12 digits, CMND for 9, null otherwise."""
    n = clean.str.len_chars()
    digits = clean.str.contains(r"^\d+$")
    return pl.when(digits & (n == 12)).then(pl.lit(CCCD)).when(digits & (n == 9)).then(pl.lit(CMND))


def _problem(clean: pl.Expr) -> pl.Expr:
    n = clean.str.len_chars().cast(pl.String)
    century = clean.str.slice(3, 1)
    return (
        pl.when(clean.is_null() | id_type(clean).eq(CMND))
        .then(None)
        .when(~clean.str.contains(r"^\d+$"))
        .then(pl.concat_str([pl.lit("Số CCCD/CMND có ký tự không phải số ("), clean, pl.lit(")")]))
        .when(id_type(clean).is_null())
        .then(
            pl.concat_str(
                [pl.lit("Số CCCD có "), n, pl.lit(" chữ số (ID has "), n, pl.lit(" digits)")]
            )
        )
        .when(~clean.str.slice(0, 3).is_in(province_codes()))
        .then(
            pl.concat_str(
                [
                    pl.lit("Mã tỉnh đăng ký khai sinh trong CCCD ("),
                    clean.str.slice(0, 3),
                    pl.lit(") không có (unknown province code)"),
                ]
            )
        )
        .when(~century.is_in(["0", "1", "2", "3"]))
        .then(
            pl.concat_str(
                [
                    pl.lit("Mã thế kỷ, giới tính trong CCCD ("),
                    century,
                    pl.lit(") không hợp lệ (century/sex digit)"),
                ]
            )
        )
    )


def cccd_gender(clean: pl.Expr) -> pl.Expr:
    """Nam or Nữ as a CCCD's 4th digit says (even digit a man, odd a woman)."""
    digit = clean.str.slice(3, 1).cast(pl.Int64, strict=False)
    return pl.when(id_type(clean) == CCCD).then(
        pl.when(digit % 2 == 0).then(pl.lit("Nam")).otherwise(pl.lit("Nữ"))
    )


def cccd_birth_year(clean: pl.Expr) -> pl.Expr:
    """The birth year a CCCD encodes: century from digit 4, year from digits 5-6."""
    digit = clean.str.slice(3, 1).cast(pl.Int64, strict=False)
    yy = clean.str.slice(4, 2).cast(pl.Int64, strict=False)
    return pl.when(id_type(clean) == CCCD).then(1900 + (digit // 2) * 100 + yy)


def id_conflicts(cccd: pl.Expr, gender: pl.Expr | None, year: pl.Expr | None) -> pl.Expr:
    """What a CCCD says that the row's gender or year of birth contradicts, with both values."""
    parts = []
    if gender is not None:
        said = cccd_gender(cccd)
        parts.append(
            pl.when(said.is_not_null() & gender.is_in(["Nam", "Nữ"]) & (said != gender)).then(
                pl.concat_str([pl.lit("Giới tính trong CCCD ("), said, pl.lit(") khác giới tính ("),
                               gender, pl.lit(")")])
            )
        )  # fmt: skip
    if year is not None:
        said_year = cccd_birth_year(cccd)
        parts.append(
            pl.when(said_year.is_not_null() & year.is_not_null() & (said_year != year)).then(
                pl.concat_str([pl.lit("Năm sinh trong CCCD ("), said_year.cast(pl.String),
                               pl.lit(") khác năm sinh ("), year.cast(pl.String), pl.lit(")")])
            )
        )  # fmt: skip
    if not parts:
        return pl.lit(None, dtype=pl.String)
    joined = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    return pl.when(joined.str.len_chars() > 0).then(joined)


RULE = FieldRule("citizen_id", "id", _digits, _clean, _reason, _problem)

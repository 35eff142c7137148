"""Phone numbers: +84, 84, spaces, dots and dashes accepted; the 2018 11-digit mobile prefixes
turned into today's 10-digit ones; mobiles checked against the prefixes in use; landlines
(02x, 11 digits) recognised and kept.
"""

from __future__ import annotations

import polars as pl

from dataclean.rules.base import FieldRule, Steps, mapped, reasons

# The 2018 renumbering of 11-digit mobile numbers (Ministry of Information and Communications).
OLD_PREFIXES = {
    **{f"016{d}": f"03{d}" for d in "23456789"},
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058", "0199": "059",
}  # fmt: skip
# Mobile prefixes in use: Viettel 032-039 086 096-098, VinaPhone 081-085 088 091 094,
# MobiFone 070 076-079 089 090 093, Vietnamobile 052 056 058 092, Gmobile 059 099,
# Itelecom 087, Reddi 055.
MOBILE = (
    [f"03{d}" for d in "23456789"] + ["052", "055", "056", "058", "059"]
    + ["070", "076", "077", "078", "079"] + [f"08{d}" for d in "123456789"]
    + ["090", "091", "092", "093", "094", "096", "097", "098", "099"]
)  # fmt: skip
MOBILE_PATTERN = r"^0(" + "|".join(p[1:] for p in MOBILE) + r")\d{7}$"
LANDLINE_PATTERN = r"^02\d{9}$"


def _digits(text: pl.Expr) -> pl.Expr:
    """The national number in the text, or null: every step is one pass over the column."""
    only = (
        text.str.replace(r"\.0$", "")
        .str.replace_all(r"[\s.\-()'/]", "")
        .str.extract(r"^(\+?\d+)$", 1)
    )
    return (
        # +84 / 84 in front of a 9- or 10-digit national number
        only.str.replace(r"^\+?84(\d{9,10})$", "0${1}")
        .str.replace(r"^\+", "")
        # Excel dropped the leading zero of a mobile or landline
        .str.replace(r"^([1-9]\d{8,9})$", "0${1}")
    )


def _renumbered(digits: pl.Expr) -> pl.Expr:
    old = digits.str.slice(0, 4)
    new = mapped(old, OLD_PREFIXES)
    return pl.when((digits.str.len_chars() == 11) & new.is_not_null()).then(
        new + digits.str.slice(4)
    )


def _clean(s: Steps) -> pl.Expr:
    return pl.coalesce(_renumbered(s.parsed), s.parsed, s.text)


def _reason(s: Steps) -> pl.Expr:
    country = s.text.str.contains(r"^\+?84")
    return reasons(
        (country, "bỏ mã quốc gia +84 (country code)"),
        (s.text.str.contains(r"^[1-9]") & ~country,
         "thêm số 0 đầu bị Excel làm mất (leading zero restored)"),
        (s.parsed.is_not_null() & (s.clean != s.parsed),
         "đổi đầu số 11 số sang 10 số (2018 renumbering)"),
        (s.text.str.contains(r"[\s.\-()'/]"), "bỏ dấu cách, dấu chấm (spaces, dots)"),
    )  # fmt: skip


def phone_kind(clean: pl.Expr) -> pl.Expr:
    """ "mobile", "landline", or null for a number that is neither."""
    return (
        pl.when(clean.str.contains(MOBILE_PATTERN))
        .then(pl.lit("mobile"))
        .when(clean.str.contains(LANDLINE_PATTERN))
        .then(pl.lit("landline"))
    )


def _problem(clean: pl.Expr) -> pl.Expr:
    n = clean.str.len_chars().cast(pl.String)
    shown = pl.concat_str([pl.lit(" ("), clean, pl.lit(")")])
    return (
        pl.when(clean.is_null() | phone_kind(clean).is_not_null())
        .then(None)
        .when(~clean.str.contains(r"^\d+$"))
        .then(pl.concat_str([pl.lit("Số điện thoại có ký tự không phải số"), shown]))
        .when(clean.str.len_chars() != 10)
        .then(pl.concat_str([pl.lit("Số điện thoại có "), n, pl.lit(" chữ số"), shown]))
        .otherwise(pl.concat_str([pl.lit("Đầu số điện thoại không còn dùng"), shown]))
    )


RULE = FieldRule("phone", "phone", _digits, _clean, _reason, _problem)

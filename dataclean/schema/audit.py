"""Audit events: one row per changed cell, with the rule and the reason.

Every stage returns its events beside its frame. They are built with polars from the column
before and after, never row by row.
"""

from __future__ import annotations

import polars as pl

EVENT_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "row": pl.Int64,  # row number in the original sheet
    "column": pl.String,
    "old": pl.String,
    "new": pl.String,
    "rule": pl.String,
    "reason": pl.String,
}


# The change log's headers, in Vietnamese and English: the one wording of the cleaned
# workbook's change log, the streamed run's CSV and the report's "Thay đổi" sheet.
EVENT_WORDS = {
    "row": ("Dòng gốc", "Row"),
    "column": ("Cột", "Column"),
    "old": ("Giá trị cũ", "Old value"),
    "new": ("Giá trị mới", "New value"),
    "rule": ("Quy tắc", "Rule"),
    "reason": ("Lý do / căn cứ pháp lý", "Reason / legal basis"),
}
EVENT_HEADERS = {key: vi for key, (vi, _) in EVENT_WORDS.items()}
# Headers of change logs written before the wording was one, read back all the same.
EVENT_KEYS = {vi: key for key, vi in EVENT_HEADERS.items()} | {"Lý do / căn cứ": "reason"}


# What each rule of the change log did, in words (the report shows these, never the codes).
# An address's rule is "unit:<status>", shown as UNIT_RULE's words and the status's.
RULE_WORDS = {
    "name": ("chuẩn hoá họ tên", "name normalised"),
    "gender": ("chuẩn hoá giới tính", "gender normalised"),
    "dob": ("chuẩn hoá ngày sinh", "date of birth normalised"),
    "citizen_id": ("chuẩn hoá số CCCD/CMND", "ID number normalised"),
    "phone": ("chuẩn hoá số điện thoại", "phone number normalised"),
    "ditto": ("điền giá trị «như trên»", "ditto mark filled in"),
    "legacy_encoding": ("sửa mã phông cũ (TCVN3/VNI)", "legacy font encoding repaired"),
    "group_row": ("thôn/tổ theo dòng nhóm", "hamlet from the group row"),
}
UNIT_RULE = ("unit:", ("địa chỉ", "address"))


def no_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def changes(
    frame: pl.LazyFrame,
    column: str,
    new: pl.Expr,
    rule: str,
    reason: pl.Expr | str,
) -> pl.LazyFrame:
    """Events for the cells of ``column`` that ``new`` changes, with their ``reason``.

    ``reason`` is a text, or an expression over the same frame (e.g. a reason column).
    """
    return frame.select(
        pl.col("__row").cast(pl.Int64).alias("row"),
        pl.lit(column).alias("column"),
        pl.col(column).cast(pl.String).alias("old"),
        new.cast(pl.String).alias("new"),
        pl.lit(rule).alias("rule"),
        (pl.lit(reason) if isinstance(reason, str) else reason).cast(pl.String).alias("reason"),
    ).filter(pl.col("old").ne_missing(pl.col("new")))


def concat(events: list[pl.LazyFrame]) -> pl.LazyFrame:
    return pl.concat(events) if events else no_events().lazy()

"""Which rows of a table are no person: a hamlet's name over its residents, a subtotal.

A row is one only when it fills one or two cells, none of them a person's date of birth, ID,
gender or phone, and its text says so with the marks it is typed with: "Tổ 5" is a residential
group, "Tô Văn Năm" a person; "Cộng ấp 1" a subtotal, "Công Thị Bình" a person.
"""

from __future__ import annotations

import polars as pl

from dataclean.schema.row_kinds import GROUP, PERSON, SUBTOTAL

_HAMLET_WORDS = "ấp|thôn|tổ dân phố|tổ|khu phố|khu|khóm|xóm|bản|buôn|làng|khối|đội|phum|sóc|tdp|kp"
# Typed without marks, a hamlet word counts only before its number: "THON 2", "Ap 3".
_HAMLET_ASCII = "ap|thon|to dan pho|to|khu pho|kp|tdp|xom|ban|khoi|doi|khom"
GROUP_PATTERN = (
    rf"^(({_HAMLET_WORDS})\s+[\pL\d][\pL\d\s./-]{{0,40}}|({_HAMLET_ASCII})\s*\d+[a-z]?)[\s:.]*$"
)
SUBTOTAL_PATTERN = (
    r"^((cộng|tổng cộng|tổng số|tổng)(\s|:|$)|(tong cong|tong so)\b"
    rf"|cong\s+({_HAMLET_ASCII})\b)"
)
# The fields only a person's row fills.
PERSON_ROLES = ("dob", "id", "gender", "phone")


def row_kind(columns: list[str], roles: dict[str, str]) -> pl.Expr:
    """The kind of each row (see :mod:`dataclean.schema.row_kinds`) from its cells."""
    cells = [pl.col(c) for c in columns]
    filled = pl.sum_horizontal(
        c.is_not_null() & (c.cast(pl.String).str.strip_chars() != "") for c in cells
    )
    person_data = [pl.col(roles[r]).is_not_null() for r in PERSON_ROLES if r in roles]
    text = (
        pl.coalesce(c.cast(pl.String) for c in cells)
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
    )
    few = (filled <= 2) & ~pl.any_horizontal(person_data) if person_data else filled <= 2
    return (
        pl.when(few & text.str.contains(SUBTOTAL_PATTERN))
        .then(pl.lit(SUBTOTAL.code))
        .when(few & text.str.contains(GROUP_PATTERN))
        .then(pl.lit(GROUP.code))
        .otherwise(pl.lit(PERSON.code))
    )

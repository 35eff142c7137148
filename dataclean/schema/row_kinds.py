"""What a row of a list is: a person, or a row of the form around them.

Registers and voter lists carry rows that are no resident: a hamlet's name over its residents
("ẤP 1", "Thôn 2", "Tổ dân phố 5") and its subtotal under them ("Cộng ấp 1: 40 nhân khẩu").
Such rows are kept in the output, marked with their kind, and never cleaned as people.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowKind:
    code: str
    vi: str
    en: str


PERSON = RowKind("person", "Người", "Person")
GROUP = RowKind("group", "Dòng nhóm (thôn, tổ)", "Group row (hamlet)")
SUBTOTAL = RowKind("subtotal", "Dòng cộng", "Subtotal row")
ROW_KINDS = (PERSON, GROUP, SUBTOTAL)

"""The address statuses: each code with its words for people and whether a person must look.

A status is added here, with its labels and whether it needs review; the resolver, the report,
the workbook's highlighting and the command line all read this one table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Status:
    code: str
    vi: str
    en: str
    needs_review: bool
    confident: bool  # a wrong answer with this status is the worst bug the tool can have


STATUSES = (
    Status("exact", "khớp chính xác", "exact", needs_review=False, confident=True),
    Status("matched", "khớp sau chuẩn hoá", "matched", needs_review=False, confident=True),
    Status("fuzzy", "gần đúng, cần xem lại", "fuzzy", needs_review=True, confident=False),
    Status("split", "xã bị chia, cần chọn", "split", needs_review=True, confident=False),
    Status("disputed", "hai bảng không thống nhất", "disputed", needs_review=True, confident=False),
    Status("already_new", "đã là đơn vị mới", "already new", needs_review=False, confident=True),
    Status("unresolved", "không xác định được", "unresolved", needs_review=True, confident=False),
)
BY_CODE = {s.code: s for s in STATUSES}
REVIEW = tuple(s.code for s in STATUSES if s.needs_review)
CONFIDENT = tuple(s.code for s in STATUSES if s.confident)


def label(code: str) -> str:
    """The status as a volunteer reads it: "khớp chính xác (exact)"."""
    status = BY_CODE.get(code)
    return f"{status.vi} ({status.en})" if status else code

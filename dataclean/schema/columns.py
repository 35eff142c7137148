"""The columns `normalize` adds to every row, with their Vietnamese headers.

Reading uses the same table to recognise a file that `normalize` wrote, so running it again on
its own output recomputes these columns instead of treating them as input.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dataclean.schema.roles import BIRTHPLACE, CURRENT, HOMETOWN
from dataclean.schema.row_kinds import ROW_KINDS
from dataclean.schema.statuses import REVIEW

SOURCE_ROW = "Dòng gốc"  # the row number in the original sheet
ORIGINAL_FILE_ROW = "Dòng trong tệp gốc"  # a part's row in the file it was cut from (--by-province)
CLEAN_SHEET = "Dữ liệu sạch"
CHANGES_SHEET = "Thay đổi"  # the change log beside the data
# The cleaned workbook's custom properties that keep the run's facts: the input file, its
# checksum, its sheet and the roles of its columns (JSON), for `dataclean report`.
FACT_PREFIX = "dataclean:"


@dataclass(frozen=True, slots=True)
class Added:
    """A column `normalize` adds: its key in the frames, its headers, and its type."""

    key: str
    vi: str  # the header in every file written
    en: str
    dtype: type[pl.DataType] | pl.DataType = pl.String
    words: dict[str, str] | None = None  # codes written as words (code -> Vietnamese)
    # Also in the one-row-per-resident list (`_dedup`), which is for use, not for checking:
    # the audit columns stay in the cleaned workbook, one row away ("Dòng gốc").
    listed: bool = False


# The added columns, in output order: the one registry the stages, the writers and the
# readers of our own files share.
_RESIDENCE = (
    # only in a list with rows that are no person (hamlet rows, subtotals)
    Added("row_kind", "Loại dòng", "Row kind", words={k.code: k.vi for k in ROW_KINDS}),
    Added("group_label", "Thôn/tổ (theo dòng nhóm)", "Hamlet (from the group row)"),
    # only where the original sheet hides rows
    Added("hidden_row", "Dòng ẩn (tệp gốc)", "Hidden row (original)", words={"hidden": "ẩn"}),
    Added("unit_status", "Trạng thái", "Status", listed=True),
    Added("new_address", "Địa chỉ mới", "New address", listed=True),
    Added("new_commune_name", "Xã/Phường mới", "New commune", listed=True),
    Added("new_commune_code", "Mã xã mới", "New commune code", listed=True),
    Added("new_province_name", "Tỉnh/TP mới", "New province", listed=True),
    Added("new_province_code", "Mã tỉnh mới", "New province code", listed=True),
    Added("unit_score", "Độ tin cậy", "Confidence", pl.Int64),
    Added("unit_reason", "Lý do", "Reason"),
    Added("candidates", "Phương án (cần chọn)", "Candidates (to choose)"),
    # the candidates' 2025 codes, in the same order: the data behind the words above
    Added("candidate_codes", "Mã phương án", "Candidate codes", pl.List(pl.String)),
    Added("old_commune_name", "Xã/Phường cũ (nhận diện)", "Old commune (recognised)"),
    Added("old_commune_code", "Mã xã cũ", "Old commune code"),
    Added("old_district_name", "Quận/Huyện cũ (nhận diện)", "Old district (recognised)"),
    Added("old_province_name", "Tỉnh/TP cũ (nhận diện)", "Old province (recognised)"),
    Added("legal_resolution", "Căn cứ (Nghị quyết)", "Legal basis (resolution)"),
    Added("legal_note", "Ghi chú pháp lý", "Legal note"),
)

# The addresses beside the residence (current, birthplace, hometown): each resolved into these
# columns of its own, keyed "<role>.<column>", headed "Nơi sinh: Địa chỉ mới".
OTHER_ADDRESS_WORDS = {
    CURRENT: ("Chỗ ở hiện nay", "Current address"),
    BIRTHPLACE: ("Nơi sinh", "Birthplace"),
    HOMETOWN: ("Quê quán", "Hometown"),
}
OTHER_ADDRESS_FIELDS = (
    "unit_status", "new_address", "new_commune_code", "new_province_name", "candidates",
    "unit_reason",
)  # fmt: skip


def other_address_key(role: str, key: str) -> str:
    """The key of an added column of the address of ``role`` (see OTHER_ADDRESS_WORDS)."""
    return f"{role}.{key}"


_BY_KEY = {c.key: c for c in _RESIDENCE}
_OTHER_ADDRESSES = tuple(
    Added(other_address_key(role, key), f"{vi}: {_BY_KEY[key].vi}", f"{en}: {_BY_KEY[key].en}",
          _BY_KEY[key].dtype)
    for role, (vi, en) in OTHER_ADDRESS_WORDS.items()
    for key in OTHER_ADDRESS_FIELDS
)  # fmt: skip
_CHECKS = (
    Added("data_status", "Kiểm tra dữ liệu", "Data check", listed=True),
    Added("data_problems", "Lỗi dữ liệu", "Data problems"),
    Added("data_warnings", "Cảnh báo", "Warnings"),
    Added("dob_precision", "Ngày sinh: độ chính xác", "Date of birth: precision"),
    Added("id_type", "Loại giấy tờ", "ID type"),
    Added("phone_kind", "Loại số điện thoại", "Phone kind"),
    Added("name_key", "Họ tên không dấu", "Name without marks"),
    Added("dup_status", "Trùng lặp", "Duplicate"),
    Added("dup_cluster", "Nhóm trùng (dòng giữ lại)", "Duplicate group (row kept)", pl.Int64),
    Added("dup_score", "Điểm trùng", "Duplicate score", pl.Float64),
    Added("dup_review", "Cần xem trùng với dòng", "To review with row"),
    Added("merged_rows", "Gộp từ các dòng", "Merged from rows", listed=True),
)
ADDED = _RESIDENCE + _OTHER_ADDRESSES + _CHECKS
ADDED_COLUMNS = {c.key: c.vi for c in ADDED}  # key -> the header written
# Helper columns of reasons a row is invalid, one per check (``__problem_<check>``): written by
# the rules stage for each field, and by reading for a "Nam | Nữ" pair filled twice or not at
# all; validation reads every one of them, and none is written out.
PROBLEM_PREFIX = "__problem_"
# A helper column never written: a row's failing checks but for "a CCCD other rows share"
# (duplicates may yet show those rows to be one person, and then that is no error); null
# where that is the only one. Beside it, whether the row's CCCD is shared at all.
OTHER_PROBLEMS, SHARED_ID = "__other_problems", "__shared_id"


def prior(key: str) -> str:
    """A helper column never written: the value of the added column ``key`` in the input, when
    the input is our own output. A second run logs no change the first one logged already."""
    return f"__prior.{key}"


# The added columns whose earlier value a second run compares with its own (see `prior`).
PRIOR_KEYS = tuple(c.key for c in ADDED if c.key.split(".")[-1] == "new_address")
# A helper column never written: whether a CCCD agrees with itself and with its own row.
ID_TRUSTED = "__id_trusted"
MERGES_SHEET = "Gộp trùng"  # pairs merged, with their evidence
REVIEW_SHEET = "Xem xét trùng"  # pairs for a person to decide
REVIEW_STATUSES = REVIEW  # the statuses a person must look at

# The columns of a pair table (merged or to review), with their headers in the cleaned workbook.
PAIR_HEADERS = {
    "row_a": "Dòng A",
    "name_a": "Họ tên A",
    "row_b": "Dòng B",
    "name_b": "Họ tên B",
    "score": "Điểm",
    "evidence": "Bằng chứng",
    "verdict": "Kết luận",
    "decision": "Quyết định (giữ/gộp)",  # the pairs to review only: for a person to fill in
}

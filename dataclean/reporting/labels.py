"""Sheet and column names of the report, in Vietnamese and (``--lang en``) English."""

from __future__ import annotations

from dataclean.schema.audit import EVENT_WORDS

SHEETS = {
    "summary": ("Tổng hợp", "Summary"),
    "changes": ("Thay đổi", "Changes"),
    "verify": ("Cần xác minh", "To verify"),
    "duplicates": ("Trùng lặp", "Duplicates"),
    "invalid": ("Lỗi dữ liệu", "Invalid data"),
    "basis": ("Căn cứ pháp lý", "Legal basis"),
}
COLUMNS = {
    "item": ("Mục", "Item"),
    "value": ("Giá trị", "Value"),
    **EVENT_WORDS,  # row, column, old, new, rule, reason: the change log's own words
    "address": ("Địa chỉ cũ", "Old address"),
    "status": ("Trạng thái", "Status"),
    "candidates": ("Phương án", "Candidates"),
    "clause": ("Căn cứ (điều khoản)", "Legal basis (clause)"),
    "decision": ("Quyết định", "Decision"),
    "row_a": ("Dòng A", "Row A"),
    "name_a": ("Họ tên A", "Name A"),
    "row_b": ("Dòng B", "Row B"),
    "name_b": ("Họ tên B", "Name B"),
    "score": ("Điểm", "Score"),
    "evidence": ("Bằng chứng", "Evidence"),
    "verdict": ("Kết luận", "Outcome"),
    "problems": ("Lỗi", "Failing checks"),
    "name": ("Họ tên", "Name"),
    "rows": ("Số dòng", "Rows"),
    "cells": ("Số ô", "Cells"),
    "example_old": ("Ví dụ: giá trị cũ", "Example: old value"),
    "example_new": ("Ví dụ: giá trị mới", "Example: new value"),
    "row_list": ("Các dòng gốc", "Original rows"),
    "ref": ("Căn cứ: xem số", "Legal basis: see no."),
    "number": ("Số", "No."),
    "old_code": ("Mã xã cũ", "Old commune code"),
    "new_code": ("Mã xã mới", "New commune code"),
    "code": ("Mã", "Code"),
}
# What a pair of rows found alike came to, in words.
VERDICTS = {"merge": ("đã gộp", "merged"), "review": ("cần xem xét", "to review")}
# The duplicate decision's drop-down.
KEEP_APART, MERGE = ("giữ riêng", "keep apart"), ("gộp", "merge")
TITLE = ("BÁO CÁO LÀM SẠCH DỮ LIỆU DÂN CƯ", "DATA CLEANING REPORT")
# What an official does with the report, on its first page.
TODO = (
    (
        "Việc cần làm: chọn ở cột «Quyết định» của trang «Cần xác minh» (mỗi dòng là một địa chỉ"
        " cũ, áp dụng cho mọi dòng gốc của nó) và của trang «Trùng lặp» (gộp / giữ riêng), rồi"
        ' chạy: dataclean apply-decisions <tệp báo cáo> --by "Họ tên, chức vụ".',
        "To do: choose in the 'Decision' column of 'To verify' (each line is one old address and"
        " applies to all its rows) and of 'Duplicates' (merge / keep apart), then run:"
        ' dataclean apply-decisions <report file> --by "Name, title".',
    ),
    (
        "Trang «Lỗi dữ liệu» liệt kê dòng cần sửa ở tệp gốc; trang «Thay đổi» ghi mọi ô đã sửa"
        " và lý do; trang «Căn cứ pháp lý» ghi đầy đủ điều khoản.",
        "'Invalid data' lists rows to correct in the original; 'Changes' logs every cell changed"
        " and why; 'Legal basis' holds each clause in full.",
    ),
)

ITEMS = {
    "file": ("Tệp đầu vào", "Input file"),
    "sheet": ("Trang tính", "Sheet"),
    "time": ("Thời điểm", "Time"),
    "version": ("Phiên bản dataclean", "dataclean version"),
    "checksum": ("Mã kiểm tra SHA-256 của tệp", "SHA-256 of the file"),
    "rows_in": ("Số dòng đọc", "Rows read"),
    "rows_out": ("Số dòng ghi", "Rows written"),
    "kind": ("Trong đó: ", "Of which: "),
    "hidden_rows": (
        "Dòng ẩn trong tệp gốc (đã đọc, có đánh dấu)",
        "Rows hidden in the original (read, marked)",
    ),
    "hidden_columns": ("Cột ẩn trong tệp gốc (đã đọc)", "Columns hidden in the original (read)"),
    "long_cells": (
        "Ô dài quá sức chứa của Excel (32.767 ký tự)",
        "Cells longer than Excel holds (32,767 characters)",
    ),
    "renamed_columns": (
        "Cột trùng tên cột dataclean thêm (đã đổi tên, giữ nguyên giá trị)",
        "Columns named like a column dataclean adds (renamed, values kept)",
    ),
    "status": ("Địa chỉ: ", "Addresses: "),
    "invalid": ("Dòng không hợp lệ", "Invalid rows"),
    "failure": ("Lỗi: ", "Failing check: "),
    "clusters": ("Nhóm người trùng", "Duplicate clusters"),
    "merged": ("Dòng đã gộp vào dòng khác", "Rows merged into another"),
    "review": ("Cặp cần xem xét", "Pairs to review"),
    "changes": ("Ô đã thay đổi", "Cells changed"),
    "changes_file": ("Nhật ký thay đổi đầy đủ (CSV)", "Full change log (CSV)"),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    vi, en = table[key]
    return en if lang == "en" else vi

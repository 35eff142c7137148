"""Sheet and column names of the report, in Vietnamese and (``--lang en``) English."""

from __future__ import annotations

from dataclean.schema.audit import EVENT_WORDS

SHEETS = {
    "summary": ("Tổng hợp", "Summary"),
    "changes": ("Thay đổi", "Changes"),
    "verify": ("Cần xác minh", "To verify"),
    "duplicates": ("Trùng lặp", "Duplicates"),
    "invalid": ("Lỗi dữ liệu", "Invalid data"),
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
}
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

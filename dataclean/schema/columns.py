"""The columns `normalize` adds to every row, with their Vietnamese headers.

Reading uses the same table to recognise a file that `normalize` wrote, so running it again on
its own output recomputes these columns instead of treating them as input.
"""

from __future__ import annotations

from dataclean.schema.statuses import REVIEW

SOURCE_ROW = "Dòng gốc"  # the row number in the original sheet
CLEAN_SHEET = "Dữ liệu sạch"
CHANGES_SHEET = "Thay đổi"  # the change log beside the data

# Added columns, in output order.
ADDED_COLUMNS = {
    "unit_status": "Trạng thái",
    "new_address": "Địa chỉ mới",
    "new_commune_name": "Xã/Phường mới",
    "new_commune_code": "Mã xã mới",
    "new_province_name": "Tỉnh/TP mới",
    "new_province_code": "Mã tỉnh mới",
    "unit_score": "Độ tin cậy",
    "unit_reason": "Lý do",
    "candidates": "Phương án (cần chọn)",
    "old_commune_name": "Xã/Phường cũ (nhận diện)",
    "old_commune_code": "Mã xã cũ",
    "old_district_name": "Quận/Huyện cũ (nhận diện)",
    "old_province_name": "Tỉnh/TP cũ (nhận diện)",
    "legal_resolution": "Căn cứ (Nghị quyết)",
    "legal_note": "Ghi chú pháp lý",
    "data_status": "Kiểm tra dữ liệu",
    "data_problems": "Lỗi dữ liệu",
    "data_warnings": "Cảnh báo",
    "dob_precision": "Ngày sinh: độ chính xác",
    "id_type": "Loại giấy tờ",
    "phone_kind": "Loại số điện thoại",
    "name_key": "Họ tên không dấu",
    "dup_status": "Trùng lặp",
    "dup_cluster": "Nhóm trùng (dòng giữ lại)",
    "dup_score": "Điểm trùng",
    "dup_review": "Cần xem trùng với dòng",
    "merged_rows": "Gộp từ các dòng",
}
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

"""The cleaned workbook: every input row, its original columns, and the new unit columns."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dataclean.writing.atomic import atomic_path

# Added columns, in output order, with their Vietnamese headers.
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
}
REVIEW_STATUSES = ("fuzzy", "split", "disputed", "unresolved")


def output_frame(df: pl.DataFrame, original: list[str]) -> pl.DataFrame:
    """Original columns (with the sheet row number first) then the added ones, renamed."""
    added = [pl.col(k).alias(v) for k, v in ADDED_COLUMNS.items() if k in df.columns]
    return df.select(pl.col("__row").alias("Dòng gốc"), *[pl.col(c) for c in original], *added)


def write_clean_xlsx(out: pl.DataFrame, path: Path, review: pl.Series) -> None:
    """Write with a frozen header, an autofilter, and rows that need review highlighted."""
    import xlsxwriter

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        ws = wb.add_worksheet("Dữ liệu sạch")
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        flag = wb.add_format({"bg_color": "#FFF2CC"})
        for col, name in enumerate(out.columns):
            ws.write_string(0, col, name, head)
            ws.set_column(col, col, min(40, max(10, len(name) + 2)))
        needs_review = review.to_list()
        for r, row in enumerate(out.iter_rows(), start=1):
            fmt = flag if needs_review[r - 1] else None
            for col, value in enumerate(row):
                if value is None:
                    if fmt is not None:
                        ws.write_blank(r, col, None, fmt)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, col, value, fmt)
                else:
                    ws.write_string(r, col, str(value), fmt)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, out.height, len(out.columns) - 1)
        wb.close()

"""`dataclean apply-decisions`: what officials typed into the report, applied to the cleaned data.

In "Cần xác minh" the official writes the chosen new commune code in "Quyết định"; in "Trùng
lặp", "gộp" (merge) or "giữ" (keep apart). The cleaned file beside the report gets them, and
every decision is logged with who made it and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean import clock
from dataclean.reading.layout import detect_layout
from dataclean.reading.own_workbook import OwnWorkbook
from dataclean.reporting.labels import COLUMNS, SHEETS
from dataclean.schema.columns import ADDED_COLUMNS, CLEAN_SHEET, REVIEW_STATUSES, SOURCE_ROW
from dataclean.schema.errors import ExitCode, InputError
from dataclean.writing.clean_workbook import write_output

DECIDED = "decided"
LOG_SHEET = "Nhật ký quyết định"
_MERGE_WORDS = {"gop", "gộp", "merge"}
_KEEP_WORDS = {"giu", "giữ", "keep"}


@dataclass
class Applied:
    target: Path
    units: int  # rows whose new commune an official chose
    merges: int
    kept_apart: int
    rejected: list[str]


def _either(report: OwnWorkbook, key: str) -> pl.DataFrame | None:
    """The report's sheet ``key``, under its Vietnamese or its English name."""
    for name in SHEETS[key]:
        sheet = report.sheet(name)
        if sheet is not None:
            return sheet
    return None


def _col(frame: pl.DataFrame, key: str) -> str | None:
    return next((c for c in frame.columns if any(c.startswith(x) for x in COLUMNS[key])), None)


def _fail(path: Path, vi: str, en: str, sheet: str | None = None) -> InputError:
    return InputError(ExitCode.USAGE, vi, en, file=str(path), sheet=sheet)


def apply_decisions(report: Path, clean: Path | None, by: str, outdir: Path) -> Applied:
    """Write ``<name>_final.xlsx`` with the decisions applied and logged."""
    clean = clean or report.with_name(report.stem.removesuffix("_report") + "_clean.xlsx")
    # Told as what it is: the cleaned file beside the report is missing, not unwritable.
    book = OwnWorkbook(clean) if clean.is_file() else None
    data = book.sheet(CLEAN_SHEET) if book is not None else None
    if book is None or data is None:
        raise _fail(
            clean, "không tìm thấy tệp đã làm sạch đi kèm báo cáo", "cleaned file not found"
        )
    decided = OwnWorkbook(report)
    data = data.with_columns(pl.col(SOURCE_ROW).cast(pl.Int64))
    when = clock.stamp()
    log: list[tuple] = []
    rejected: list[str] = []
    roles = detect_layout(book.grid(CLEAN_SHEET)).roles()
    units = _apply_units(decided, data, roles.get("street"), log, rejected)
    data = units.frame
    merges = kept = 0
    duplicates = _either(decided, "duplicates")
    status_col = ADDED_COLUMNS["dup_status"]
    if duplicates is not None and duplicates.height and status_col in data.columns:
        decision = _col(duplicates, "decision")
        row_a, row_b = _col(duplicates, "row_a"), _col(duplicates, "row_b")
        for first, second, choice in duplicates.select(row_a, row_b, decision).iter_rows():
            word = (choice or "").strip().lower()
            if not word:
                continue
            a, b = int(first), int(second)
            if word in _MERGE_WORDS:
                status = f"gộp vào dòng {a} (quyết định)"
                merges += 1
            elif word in _KEEP_WORDS:
                status = "giữ riêng (quyết định)"
                kept += 1
            else:
                rejected.append(f"dòng {a}/{b}: '{choice}' không phải giữ hoặc gộp")
                continue
            old = data.filter(pl.col(SOURCE_ROW) == b)[status_col].to_list()
            data = data.with_columns(
                pl.when(pl.col(SOURCE_ROW) == b).then(pl.lit(status)).otherwise(pl.col(status_col))
                .alias(status_col)
            )  # fmt: skip
            log.append((b, status_col, old[0] if old else None, status, "Trùng lặp"))
    log_frame = pl.DataFrame(
        [(when, by, sheet, row, column, str(old) if old is not None else None, new)
         for row, column, old, new, sheet in log],
        schema=["Thời điểm", "Người quyết định", "Trang", "Dòng gốc", "Cột", "Giá trị cũ",
                "Giá trị mới"],
        orient="row",
    )  # fmt: skip
    target = outdir / f"{clean.stem.removesuffix('_clean')}_final.xlsx"
    unit_status = ADDED_COLUMNS["unit_status"]
    review = data.select(
        pl.col(unit_status).is_in(REVIEW_STATUSES).fill_null(False)
        if unit_status in data.columns
        else pl.lit(False)
    ).to_series()
    write_output(data, target, review, None, {LOG_SHEET: log_frame})
    return Applied(target, units.count, merges, kept, rejected)


@dataclass
class _Units:
    frame: pl.DataFrame
    count: int


def _apply_units(
    report: OwnWorkbook, data: pl.DataFrame, street: str | None, log: list, rejected: list
) -> _Units:
    from dataclean.units.gazetteer import gazetteer

    verify = _either(report, "verify")
    if verify is None or not verify.height:
        return _Units(data, 0)
    decision, row_col = _col(verify, "decision"), _col(verify, "row")
    codes = ADDED_COLUMNS["candidate_codes"]
    gz = gazetteer()
    count = 0
    for row_text, choice in verify.select(row_col, decision).iter_rows():
        # The official picks a candidate from the list, or types its code: the code leads.
        code = (choice or "").strip().split(" ")[0]
        if not code:
            continue
        row = int(row_text)
        if code.isdigit():
            code = code.zfill(5)
        unit = gz.new_communes.get(code)
        current = data.filter(pl.col(SOURCE_ROW) == row)
        offered = _offered(current, codes)
        if unit is None or (offered and code not in offered):
            rejected.append(
                f"dòng {row}: mã '{choice}' không phải một phương án ({', '.join(offered)})"
            )
            continue
        province = gz.new_provinces[unit.province_code]
        house = current[street].to_list()[0] if street and current.height else None
        changes = {
            ADDED_COLUMNS["new_address"]: ", ".join(
                x for x in (house, unit.name, province.name) if x
            ),
            ADDED_COLUMNS["new_commune_code"]: unit.code,
            ADDED_COLUMNS["new_commune_name"]: unit.name,
            ADDED_COLUMNS["new_province_code"]: province.code,
            ADDED_COLUMNS["new_province_name"]: province.name,
            ADDED_COLUMNS["unit_status"]: DECIDED,
        }
        for column, value in changes.items():
            if column not in data.columns:
                continue
            old = current[column].to_list()
            log.append((row, column, old[0] if old else None, value, "Cần xác minh"))
            data = data.with_columns(
                pl.when(pl.col(SOURCE_ROW) == row).then(pl.lit(value)).otherwise(pl.col(column))
                .alias(column)
            )  # fmt: skip
        count += 1
    return _Units(data, count)


def _offered(current: pl.DataFrame, codes: str) -> list[str]:
    """The candidates' codes of a row of the cleaned table, as `normalize` wrote them."""
    if codes not in current.columns or not current.height:
        return []
    text = current[codes][0]
    return text.split(", ") if text else []

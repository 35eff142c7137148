"""`dataclean apply-decisions`: what officials typed into the report, applied to the cleaned data.

In "Cần xác minh" each line is one old address: the official picks a candidate from its
drop-down ("25813 – Phường Bến Cát, …"), or types its code (Excel may have made a number of
it: 6862 is 06862) or its name, and the choice applies to every row of the line. In "Trùng lặp"
the official picks "gộp" (merge) or "giữ riêng" (keep apart; "giữ", "giữ lại" too). The cleaned
file beside the report gets them, and every decision is logged with who made it and when. A
decision that cannot be applied is refused with its line and reason; so are two different
communes chosen for rows already merged as one person.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean import clock
from dataclean.reading.own_workbook import OwnWorkbook
from dataclean.reporting.labels import COLUMNS, SHEETS
from dataclean.reporting.report import group_key, line_id
from dataclean.schema.columns import ADDED_COLUMNS, CLEAN_SHEET, REVIEW_STATUSES, SOURCE_ROW
from dataclean.schema.errors import ExitCode, InputError
from dataclean.vietnamese import ascii_key
from dataclean.writing.clean_workbook import write_output
from dataclean.writing.output_folder import safe_name

DECIDED = "decided"
LOG_SHEET = "Nhật ký quyết định"
_MERGE_WORDS = {"gop", "gop vao", "merge"}
_KEEP_WORDS = {"giu", "giu lai", "giu rieng", "keep", "keep apart"}


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


def has_decisions(report: Path) -> bool:
    """Whether an official has typed any decision into this report."""
    try:
        book = OwnWorkbook(report)
    except InputError:
        return False  # not a report we can read: nothing of an official's to keep
    for key in ("verify", "duplicates"):
        sheet = _either(book, key)
        column = _col(sheet, "decision") if sheet is not None else None
        if (
            sheet is not None
            and column
            and sheet[column].drop_nulls().str.strip_chars().ne("").any()
        ):
            return True
    return False


def apply_decisions(report: Path, clean: Path | None, by: str, outdir: Path) -> Applied:
    """Write ``<name>_final.xlsx`` with the decisions applied and logged."""
    decided = OwnWorkbook(report)
    if _either(decided, "verify") is None and _either(decided, "duplicates") is None:
        raise InputError(
            ExitCode.NO_HEADER,
            f"không có trang '{SHEETS['verify'][0]}' hay '{SHEETS['duplicates'][0]}': "
            "không phải báo cáo do dataclean ghi",
            "not a dataclean report",
            file=str(report),
        )
    clean = clean or report.with_name(report.stem.removesuffix("_report") + "_clean.xlsx")
    # Told as what it is: the cleaned file beside the report is missing, not unwritable.
    book = OwnWorkbook(clean) if clean.is_file() else None
    data = book.sheet(CLEAN_SHEET) if book is not None else None
    if book is None or data is None:
        raise _fail(
            clean, "không tìm thấy tệp đã làm sạch đi kèm báo cáo", "cleaned file not found"
        )
    data = data.with_columns(pl.col(SOURCE_ROW).cast(pl.Int64))
    when = clock.stamp()
    log: list[tuple] = []
    rejected: list[str] = []
    roles = book.roles(CLEAN_SHEET)  # as normalize recorded them: the lines' keys use them
    units = _apply_units(decided, data, roles, log, rejected)
    data = units.frame
    merges = kept = 0
    duplicates = _either(decided, "duplicates")
    status_col = ADDED_COLUMNS["dup_status"]
    decision = _col(duplicates, "decision") if duplicates is not None else None
    row_a = _col(duplicates, "row_a") if duplicates is not None else None
    row_b = _col(duplicates, "row_b") if duplicates is not None else None
    # An empty sheet ("không có") has none of these columns: nothing was decided there.
    if duplicates is not None and decision and row_a and row_b and status_col in data.columns:
        for first, second, choice in duplicates.select(row_a, row_b, decision).iter_rows():
            word = ascii_key(choice or "")
            if not word:
                continue
            try:
                a, b = int(float(first)), int(float(second))
            except (TypeError, ValueError):
                rejected.append(f"Trùng lặp: dòng '{first}'/'{second}' không phải số dòng")
                continue
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
    target = outdir / f"{safe_name(clean.stem.removesuffix('_clean'))}_final.xlsx"
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
    report: OwnWorkbook, data: pl.DataFrame, roles: dict[str, str], log: list, rejected: list
) -> _Units:
    """Each decided line of "Cần xác minh" applied to every row it stands for."""
    verify = _either(report, "verify")
    decision, line = (_col(verify, k) if verify is not None else None for k in ("decision", "code"))
    if verify is None or not verify.height or decision is None or line is None:
        return _Units(data, 0)
    rows_of = _line_rows(data, roles)
    chosen: dict[int, str] = {}  # row -> the new commune code decided
    where: dict[int, str] = {}  # row -> the line it was decided on, for a refusal
    for n, (key, choice) in enumerate(verify.select(line, decision).iter_rows(), start=2):
        if choice is None or not str(choice).strip():
            continue
        rows = rows_of.get(str(key), [])
        if not rows:
            rejected.append(f"Cần xác minh, dòng {n}: không còn dòng nào của địa chỉ này")
            continue
        current = data.filter(pl.col(SOURCE_ROW) == rows[0])
        offered = _offered(current, ADDED_COLUMNS["candidate_codes"])
        code, why = chosen_code(str(choice), offered)
        if code is None:
            rejected.append(f"Cần xác minh, dòng {n}: '{choice}' {why}")
            continue
        for row in rows:
            chosen[row], where[row] = code, f"Cần xác minh, dòng {n}"
    for row in _conflicts(data, chosen):
        rejected.append(
            f"{where[row]}: dòng gốc {row} là cùng một người với dòng khác (đã gộp) nhưng được "
            "chọn xã khác (two communes chosen for one person)"
        )
        del chosen[row]
    street = roles.get("street")
    for row, code in chosen.items():
        data = _set_unit(data, row, code, street, log)
    return _Units(data, len(chosen))


def _line_rows(data: pl.DataFrame, roles: dict[str, str]) -> dict[str, list[int]]:
    """The rows each line of "Cần xác minh" stands for, by the line's code (see
    :func:`dataclean.reporting.report.group_key`)."""
    status = ADDED_COLUMNS["unit_status"]
    if status not in data.columns:
        return {}
    pending = data.filter(pl.col(status).is_in(REVIEW_STATUSES)).select(
        pl.col(SOURCE_ROW), group_key(data, roles).alias("key")
    )
    out: dict[str, list[int]] = {}
    for key, rows in pending.group_by("key", maintain_order=True).agg(SOURCE_ROW).iter_rows():
        out[line_id(key)] = rows
    return out


def chosen_code(choice: str, offered: list[str]) -> tuple[str | None, str]:
    """The 2025 commune code an official chose, and why not where there is none.

    Accepted: a drop-down value ("25813 – Phường Bến Cát, …"), a code (a number Excel made
    of it too: "6862", "6862.0" is 06862), or a commune's name, among the line's candidates
    when it has some.
    """
    from dataclean.units.gazetteer import gazetteer

    gz = gazetteer()
    text = choice.strip()
    lead = text.split("–")[0].split(" ")[0].strip()
    code = None
    if lead.replace(".0", "", 1).isdigit():
        code = str(int(float(lead))).zfill(5)
    else:
        key = ascii_key(text)
        pool = offered or list(gz.new_communes)
        named = [c for c in pool if c in gz.new_communes and _named(gz.new_communes[c].name, key)]
        if len(named) != 1:
            where = "trong các phương án" if offered else "trong cả nước"
            many = f"có {len(named)} xã/phường tên này {where}" if named else "không có xã này"
            return None, f"không rõ là xã/phường nào ({many})"
        code = named[0]
    if code not in gz.new_communes:
        return None, f"mã {code} không phải xã/phường mới nào"
    if offered and code not in offered:
        return None, f"mã '{code}' không phải một phương án ({', '.join(offered)})"
    return code, ""


def _named(name: str, key: str) -> bool:
    """Whether the typed ``key`` names the commune ``name``, with or without its type word."""
    full = ascii_key(name)
    return key == full or key == full.split(" ", 1)[-1]


def _conflicts(data: pl.DataFrame, chosen: dict[int, str]) -> list[int]:
    """Rows given a commune different from another row of their duplicate group."""
    cluster = ADDED_COLUMNS["dup_cluster"]
    if cluster not in data.columns or not chosen:
        return []
    groups = data.select(
        pl.col(SOURCE_ROW), pl.col(cluster).cast(pl.Int64, strict=False).alias("group")
    ).filter(pl.col("group").is_not_null() & pl.col(SOURCE_ROW).is_in(list(chosen)))
    codes: dict[int, set[str]] = {}
    for row, group in groups.iter_rows():
        codes.setdefault(group, set()).add(chosen[row])
    torn = {g for g, c in codes.items() if len(c) > 1}
    return [row for row, group in groups.iter_rows() if group in torn]


def _set_unit(
    data: pl.DataFrame, row: int, code: str, street: str | None, log: list
) -> pl.DataFrame:
    from dataclean.units.gazetteer import gazetteer

    gz = gazetteer()
    unit = gz.new_communes[code]
    province = gz.new_provinces[unit.province_code]
    current = data.filter(pl.col(SOURCE_ROW) == row)
    house = current[street].to_list()[0] if street and current.height else None
    changes = {
        ADDED_COLUMNS["new_address"]: ", ".join(x for x in (house, unit.name, province.name) if x),
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
    return data


def _offered(current: pl.DataFrame, codes: str) -> list[str]:
    """The candidates' codes of a row of the cleaned table, as `normalize` wrote them."""
    if codes not in current.columns or not current.height:
        return []
    text = current[codes][0]
    return text.split(", ") if text else []

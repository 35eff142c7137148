"""The `normalize` job over one input file: read, run every stage, write, count.

A workbook, or any file written as .xlsx, is read whole. A large CSV or Parquet file written
as .csv or .parquet streams through (see :mod:`dataclean.reading.lazy_table`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean.dedupe import Thresholds
from dataclean.dedupe.report import deduplicate, headed
from dataclean.pipeline import Progress, StageContext, normalize_frame, normalize_table
from dataclean.reading.facts import run_facts
from dataclean.reading.lazy_table import (
    LAZY_SUFFIXES,
    open_lazy_table,
    remove_workdir,
    temporary_workdir,
)
from dataclean.reading.tables import read_tables
from dataclean.reporting.report import ReportInput, build_report
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.runtime.side_by_side import SideBySide
from dataclean.runtime.warm_up import warm_up
from dataclean.schema.audit import EVENT_HEADERS
from dataclean.schema.columns import (
    ADDED_COLUMNS,
    MERGES_SHEET,
    REVIEW_SHEET,
    REVIEW_STATUSES,
    SOURCE_ROW,
)
from dataclean.schema.errors import ExitCode, InputError
from dataclean.writing.clean_workbook import (
    XLSX_MAX_ROWS,
    needs_review,
    output_frame,
    sink_output,
    write_output,
)
from dataclean.writing.report_workbook import write_report

_STATUS = ADDED_COLUMNS["unit_status"]


@dataclass
class SheetResult:
    sheet: str | None
    rows_in: int
    rows_out: int
    changes: int
    statuses: list[tuple[str, int]]
    target: Path
    invalid: int = 0
    merged: int = 0  # rows merged into another
    to_review: int = 0  # pairs for a person
    deduplicated: Path | None = None
    report: Path | None = None


class RowCountMismatch(RuntimeError):
    """Rows in and rows out differ: a bug, never to be written over."""


def _check(rows_in: int, rows_out: int, where: str) -> None:
    if rows_in != rows_out:
        raise RowCountMismatch(f"{where}: {rows_in} rows in, {rows_out} rows out")


def _target(input_file: Path, outdir: Path, sheet: str | None, fmt: str, tag="clean") -> Path:
    suffix = f"_{sheet}" if sheet else ""
    target = outdir / f"{input_file.stem}{suffix}_{tag}.{fmt}"
    if target.resolve() == input_file.resolve():
        raise InputError(
            ExitCode.USAGE, f"không ghi đè tệp gốc {target}", "would overwrite the input"
        )
    return target


def streams(input_file: Path, fmt: str) -> bool:
    """Whether this job streams instead of loading the file whole."""
    suffix = input_file.suffix.lower()
    return suffix == ".parquet" or (fmt != "xlsx" and suffix in LAZY_SUFFIXES)


@dataclass(frozen=True)
class NormalizeOptions:
    """What the user chose for a normalize run (see `dataclean normalize --help`)."""

    fmt: str = "xlsx"
    sheet: str | None = None
    overrides: dict[str, str] | None = None  # column roles set by hand, header -> role
    thresholds: Thresholds | None = None
    lang: str = "vi"
    mask: bool = False
    as_of: dt.date | None = None  # the date the list was made
    policy: RunPolicy = DEFAULT


def normalize_file(
    input_file: Path,
    outdir: Path,
    options: NormalizeOptions | None = None,
    *,
    progress: Callable[[str], Progress] | None = None,
    skipped: list[InputError] | None = None,
    stage: Callable[[str], None] | None = None,
) -> list[SheetResult]:
    """Clean one file into ``outdir``; one result per sheet written.

    A table read whole is also deduplicated: its rows are marked, the merges and the pairs to
    review are listed, and ``<name>_dedup`` keeps one row per resident. A streamed file is
    not (see `dataclean dedupe`). ``progress(name)`` gives the address counter of a table,
    ``stage(text)`` is told what is being done, and ``skipped`` gets the sheets left out.
    """
    opts = options or NormalizeOptions()
    fmt, lang, mask, as_of, policy = opts.fmt, opts.lang, opts.mask, opts.as_of, opts.policy
    stage = stage or (lambda text: None)
    stage("Đọc tệp (reading)")
    warm_up()
    if streams(input_file, fmt):
        stage("Làm sạch tệp lớn theo dòng chảy (streaming a large file)")
        return [_normalize_streaming(input_file, outdir, opts, progress)]
    tables = read_tables(input_file, opts.sheet, opts.overrides, skipped)
    meta = run_facts(input_file)
    results = []
    for t in tables:
        name = t.grid.sheet if len(tables) > 1 else None
        stage("Làm sạch, đổi địa chỉ (cleaning, new units)")
        track = progress(t.grid.sheet or "csv") if progress else None
        result = normalize_table(t, track, as_of, policy)
        roles = t.layout.roles()
        frame, sheets, dedup = result.frame, {}, None
        if "name" in roles:
            stage("Tìm người trùng (duplicates)")
            done = deduplicate(frame, roles, opts.thresholds)
            frame, sheets, dedup = done.marked, done.sheets, done.kept
        stage("Ghi kết quả và báo cáo (writing)")
        out = output_frame(frame, t.original_columns)
        _check(t.table.height, out.height, f"{input_file} {t.grid.sheet or ''}")
        target = _target(input_file, outdir, name, fmt)
        report = ReportInput(
            clean=out,
            roles=roles,
            events=result.events,
            pairs=pl.concat([sheets[MERGES_SHEET], sheets[REVIEW_SHEET].drop("decision")])
            if sheets
            else pl.DataFrame(),
            meta={**meta, "sheet": t.grid.sheet or ""},
            rows_in=t.table.height,
        )
        report_path = _target(input_file, outdir, name, "xlsx", "report")
        kept_path = None
        with SideBySide(t.table.height, policy) as writes:
            writes.submit(
                write_output, out, target, needs_review(frame), result.events, headed(sheets)
            )
            writes.submit(write_report, build_report(report, lang, mask), report_path)
            if dedup is not None:
                kept_path = _target(input_file, outdir, name, fmt, "dedup")
                kept = output_frame(dedup, t.original_columns)
                writes.submit(write_output, kept, kept_path, needs_review(dedup))
            if fmt != "xlsx":
                side = {"changes": result.events.rename(EVENT_HEADERS)}
                side |= {_SLUGS[k]: v for k, v in headed(sheets).items()}
                for tag, table in side.items():
                    path = _target(input_file, outdir, name, "csv", tag)
                    writes.submit(write_output, table, path, _none(table))
        statuses = out[_STATUS].value_counts(sort=True).rows() if _STATUS in out.columns else []
        results.append(
            SheetResult(
                t.grid.sheet,
                t.table.height,
                out.height,
                result.events.height,
                statuses,
                target,
                invalid=int((frame["data_status"] == "invalid").sum())
                if "data_status" in frame.columns
                else 0,
                merged=out.height - dedup.height if dedup is not None else 0,
                to_review=sheets[REVIEW_SHEET].height if sheets else 0,
                deduplicated=kept_path,
                report=report_path,
            )
        )
    return results


_SLUGS = {MERGES_SHEET: "merges", REVIEW_SHEET: "review"}


def _none(table: pl.DataFrame) -> pl.Series:
    return pl.repeat(False, table.height, eager=True)


def _normalize_streaming(
    input_file: Path,
    outdir: Path,
    opts: NormalizeOptions,
    progress: Callable[[str], Progress] | None,
) -> SheetResult:
    fmt = opts.fmt
    workdir = temporary_workdir(outdir)
    try:
        table = open_lazy_table(input_file, workdir, opts.overrides)
        lf, events = normalize_frame(
            table.rows,
            StageContext(
                table.layout.roles(),
                table.original_columns,
                progress(input_file.name) if progress else None,
                spill=workdir,
                as_of=opts.as_of,
                policy=opts.policy,
            ),
        )
        target = _target(input_file, outdir, None, fmt)
        changes_path = _target(input_file, outdir, None, "csv", "changes")
        if fmt == "xlsx":  # a Parquet input, asked for as a workbook
            frame, log = pl.collect_all([lf, events])
            if frame.height > XLSX_MAX_ROWS:
                raise InputError(
                    ExitCode.USAGE,
                    f"{frame.height} dòng, quá giới hạn của Excel; dùng --format csv hoặc parquet",
                    "too many rows for .xlsx: use --format csv or parquet",
                    file=str(input_file),
                )
            out = output_frame(frame, table.original_columns)
            write_output(out, target, needs_review(frame), log)
            changes = log.height
        else:
            sink_output(output_frame(lf, table.original_columns), target)
            sink_output(events.rename(EVENT_HEADERS), changes_path)
            changes = pl.scan_csv(changes_path).select(pl.len()).collect().item()
    finally:
        remove_workdir(workdir)
    written = pl.scan_parquet(target) if fmt == "parquet" else None
    if fmt == "csv":
        written = pl.scan_csv(target, infer_schema=False)
    rows_out, statuses = table.row_count, []
    if written is not None:
        counts = (
            written.group_by(_STATUS).len().sort("len", descending=True).collect()
            if _STATUS in written.collect_schema().names()
            else written.select(pl.lit(None).alias(_STATUS), pl.len()).collect()
        )
        rows_out = int(counts["len"].sum())
        statuses = [(k, v) for k, v in counts.rows() if k is not None]
    _check(table.row_count, rows_out, str(input_file))
    report_path, invalid = None, 0
    if written is not None:
        report_path = _target(input_file, outdir, None, "xlsx", "report")
        streamed = Streamed(written, table.layout.roles(), table.row_count, statuses, rows_out)
        invalid = _streamed_report(input_file, streamed, changes_path, report_path, opts)
    return SheetResult(
        None, table.row_count, rows_out, changes, statuses, target, invalid=invalid,
        report=report_path,
    )  # fmt: skip


# The changes a streamed run's report shows; the whole log is the CSV its summary names.
STREAMED_CHANGES_SHOWN = 200_000


@dataclass
class Streamed:
    """What a streamed run wrote, for its report."""

    written: pl.LazyFrame  # the cleaned file, scanned
    roles: dict[str, str]
    rows_in: int
    statuses: list[tuple[str, int]]
    rows_out: int


def _streamed_report(
    input_file: Path,
    streamed: Streamed,
    changes_path: Path,
    target: Path,
    opts: NormalizeOptions,
) -> int:
    """The report of a streamed run, from the written file: the rows that need a person
    (collected), the counts (streamed), and as much of the change log as a sheet holds."""
    written, roles = streamed.written, streamed.roles
    check = ADDED_COLUMNS["data_status"]
    names = written.collect_schema().names()
    attention = pl.col(_STATUS).is_in(REVIEW_STATUSES)
    if check in names:
        attention = attention | (pl.col(check) == "invalid")
    wanted = [SOURCE_ROW, *roles.values(), *ADDED_COLUMNS.values()]
    rows = (
        written.filter(attention)
        .select(c for c in dict.fromkeys(wanted) if c in names)
        .head(XLSX_MAX_ROWS)  # what one sheet holds; the summary counts every row
        .collect(engine="streaming")
    )
    log = (
        pl.scan_csv(changes_path, infer_schema=False)
        .head(STREAMED_CHANGES_SHOWN)
        .rename({v: k for k, v in EVENT_HEADERS.items()})
        .with_columns(pl.col("row").cast(pl.Int64))
        .collect()
    )
    meta = {**run_facts(input_file), "sheet": "", "changes_file": str(changes_path)}
    data = ReportInput(
        rows.with_columns(pl.col(SOURCE_ROW).cast(pl.Int64)), roles, log,
        pl.DataFrame(), meta, streamed.rows_in, status_counts=streamed.statuses,
        rows_out=streamed.rows_out, totals=written,
    )  # fmt: skip
    write_report(build_report(data, opts.lang, opts.mask), target)
    if check not in names:
        return 0
    return written.select((pl.col(check) == "invalid").sum()).collect().item()

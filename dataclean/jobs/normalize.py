"""The `normalize` job over one input file: read, run every stage, write, count.

One driver for every table: the source is a sheet read whole, or a large CSV or Parquet file
streamed through (see :mod:`dataclean.reading.lazy_table`); the sink writes workbooks side by
side from a table held whole, or sinks the rows to .csv or .parquet as they are computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import polars as pl

from dataclean.dedupe import Thresholds
from dataclean.dedupe.report import deduplicate, headed
from dataclean.jobs.decisions import has_decisions
from dataclean.pipeline import Normalized, Progress, StageContext, Staged, normalize_frame
from dataclean.pipeline.row_kinds import with_other_rows
from dataclean.reading.facts import run_facts
from dataclean.reading.layout import Layout
from dataclean.reading.lazy_table import (
    LAZY_SUFFIXES,
    open_lazy_table,
    remove_workdir,
    temporary_workdir,
)
from dataclean.reading.sheet_xml import sheet_facts
from dataclean.reading.size_guard import Limits
from dataclean.reading.tables import read_tables
from dataclean.reporting.report import ReportInput, build_report, mask_numbers
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.runtime.side_by_side import SideBySide
from dataclean.runtime.warm_up import beside, warm_up
from dataclean.schema.audit import EVENT_HEADERS, EVENT_KEYS
from dataclean.schema.columns import (
    ADDED,
    ADDED_COLUMNS,
    MERGES_SHEET,
    REVIEW_SHEET,
    REVIEW_STATUSES,
    SOURCE_ROW,
)
from dataclean.schema.errors import ExitCode, InputError
from dataclean.writing.clean_workbook import (
    XLSX_MAX_COLUMNS,
    XLSX_MAX_ROWS,
    Book,
    needs_review,
    output_frame,
    sink_output,
    write_output,
)
from dataclean.writing.long_cells import long_cells, named
from dataclean.writing.output_folder import safe_name, staged_run, unique_names
from dataclean.writing.report_workbook import write_report
from dataclean.writing.rows_written import counting_into

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
    other_rows: int = 0  # rows that are no person (hamlet rows, subtotals), kept and marked
    merged: int = 0  # rows merged into another
    to_review: int = 0  # pairs for a person
    deduplicated: Path | None = None
    report: Path | None = None


class RowCountMismatch(RuntimeError):
    """Rows in and rows out differ: a bug, never to be written over."""


def _check(rows_in: int, rows_out: int, where: str) -> None:
    if rows_in != rows_out:
        raise RowCountMismatch(f"{where}: {rows_in} rows in, {rows_out} rows out")


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
    limits: Limits = field(default_factory=Limits)  # see dataclean.reading.size_guard
    # The run's time (clock.stamp) when one run cleans many files: each file's report says it,
    # wherever and whenever its own part ran. None: now.
    started: str | None = None
    # What the reports call the input, for a part cut from a file (see jobs.by_province): its
    # scratch file's path says nothing and would differ from run to run. None: its path.
    shown_as: str | None = None


@dataclass
class Watch:
    """What is told while a file is cleaned, for the command line to show."""

    stage: Callable[[str], None] = lambda text: None  # what is being done, in words
    addresses: Callable[[str], Progress] | None = None  # a table's address counter, by name
    written: Callable[[int, int], None] | None = None  # rows of the sheets written, of all

    def writing(self, total: int) -> Callable[[int], None] | None:
        """The counter of rows written for a run writing ``total`` rows of sheets."""
        told = self.written
        if told is None:
            return None
        return lambda done: told(min(done, total), total)


@dataclass
class Source:
    """One table of the input: read whole, or streamed through a scratch folder."""

    sheet: str | None  # the sheet it came from (None: a CSV or Parquet file)
    name: str | None  # put in the output files' names when the input has several tables
    rows: pl.LazyFrame  # __row plus the original columns
    layout: Layout  # where the table sits in its sheet, and what its columns are
    columns: list[str]  # the original columns
    row_count: int
    spill: Path | None = None  # streamed: the cleaned fields are spilled here

    @property
    def roles(self) -> dict[str, str]:
        return self.layout.roles()


@contextmanager
def _sources(
    input_file: Path, outdir: Path, opts: NormalizeOptions, skipped: list[InputError] | None
) -> Iterator[list[Source]]:
    """The input's tables: each sheet read whole, or one large file streamed (its scratch
    folder removed when the run is done, whatever happens)."""
    if not streams(input_file, opts.fmt):
        # The .xlsx parts calamine does not read (hidden rows, PivotTables) are read beside its
        # opening of the file, in the pass that guards the sheets' size.
        facts = beside(partial(sheet_facts, input_file, opts.limits))
        tables = read_tables(input_file, opts.sheet, opts.overrides, skipped, facts, opts.limits)
        yield [
            Source(
                t.grid.sheet,
                t.grid.sheet if len(tables) > 1 else None,
                t.table.lazy(),
                t.layout,
                t.original_columns,
                t.table.height,
            )
            for t in tables
        ]
        return
    workdir = temporary_workdir(outdir)
    try:
        t = open_lazy_table(input_file, workdir, opts.overrides)
        yield [Source(None, None, t.rows, t.layout, t.original_columns, t.row_count, workdir)]
    finally:
        remove_workdir(workdir)


def normalize_file(
    input_file: Path,
    outdir: Path,
    options: NormalizeOptions | None = None,
    *,
    watch: Watch | None = None,
    skipped: list[InputError] | None = None,
) -> list[SheetResult]:
    """Clean one file into ``outdir``; one result per table written.

    Every table runs through the same stages; whether it is held whole or streamed is a choice
    of source and sink. A table held whole is also deduplicated: its rows are marked, the
    merges and the pairs to review are listed, and ``<name>_dedup`` keeps one row per resident.
    A streamed file is not (see `dataclean dedupe`). ``watch`` is told how the work goes (see
    :class:`Watch`), and ``skipped`` gets the sheets left out.
    """
    opts = options or NormalizeOptions()
    watch = watch or Watch()
    stage, progress = watch.stage, watch.addresses
    stage("Đọc tệp (reading)")
    warm_up()
    meta = run_facts(input_file, opts.started)
    if opts.shown_as:
        meta["file"] = opts.shown_as
    results = []
    stem = safe_name(input_file.stem)
    with (
        staged_run(outdir, stem, meta["checksum"], input_file) as run,
        _sources(input_file, run.staging, opts, skipped) as sources,
    ):
        names = unique_names([safe_name(s.name) for s in sources if s.name is not None])
        for source in sources:
            name = names.pop(0) if source.name is not None else None
            where = Written(input_file, stem, run.staging, name, meta)
            _keep_decisions(outdir / where.path("xlsx", "report").name)
            stage(
                "Làm sạch tệp lớn theo dòng chảy (streaming a large file)"
                if source.spill
                else "Làm sạch, đổi địa chỉ (cleaning, new units)"
            )
            if opts.fmt == "xlsx":
                _fits_a_sheet(source, input_file)
            track = progress(source.sheet or input_file.name) if progress else None
            ctx = StageContext(
                source.roles,
                source.columns,
                track,
                spill=source.spill,
                as_of=opts.as_of,
                policy=opts.policy,
                other_addresses=source.layout.other_addresses(),
            )
            staged = normalize_frame(source.rows, ctx)
            if source.spill is not None and opts.fmt != "xlsx":
                results.append(_sink_streamed(source, staged, where, opts))
                continue
            frame, log = pl.collect_all([staged.people, staged.events])
            cleaned = Normalized(frame, log, staged.others)
            results.append(_write_whole(source, cleaned, where, opts, watch))
    return [_moved(result, run.final) for result in results]


def _moved(result: SheetResult, final: Callable[[Path], Path]) -> SheetResult:
    """``result`` naming its files where the run moved them."""
    return replace(
        result,
        target=final(result.target),
        deduplicated=result.deduplicated and final(result.deduplicated),
        report=result.report and final(result.report),
    )


@dataclass(frozen=True)
class Written:
    """Where a table's files go: ``<input>[_<name>]_<tag>.<format>`` in the output folder,
    and what its report says of the input file (``meta``: see :func:`run_facts`)."""

    input_file: Path
    stem: str  # the input's name, safe as a file name (see safe_name)
    outdir: Path
    name: str | None  # the sheet's, safe as a file name
    meta: dict[str, str]

    def path(self, fmt: str, tag: str = "clean") -> Path:
        suffix = f"_{self.name}" if self.name else ""
        return self.outdir / f"{self.stem}{suffix}_{tag}.{fmt}"


Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def masked(table: Frame) -> Frame:
    """Every ID and phone number in the text of ``table`` shown by its last 3 digits."""
    return table.with_columns(mask_numbers(pl.col(pl.String)))


def _facts(where: Written, source: Source) -> dict[str, str]:
    """What `dataclean report` needs to rebuild the report as `normalize` made it."""
    facts = {"file": where.meta["file"], "checksum": where.meta["checksum"]}
    facts["sheet"] = source.sheet or ""
    # One property per role: Excel keeps at most 255 characters in each.
    return facts | {f"role.{role}": label for role, label in source.roles.items()}


def _fits_a_sheet(source: Source, input_file: Path) -> None:
    """Refuse, before any work, a table whose cleaned sheet cannot hold it: the rows under
    one header row, the columns with the row number and the columns dataclean adds."""
    columns = 1 + len(source.columns) + len(ADDED)
    if source.row_count <= XLSX_MAX_ROWS and columns <= XLSX_MAX_COLUMNS:
        return
    size = (
        f"{source.row_count:,} dòng"
        if source.row_count > XLSX_MAX_ROWS
        else f"{len(source.columns):,} cột (thêm {len(ADDED) + 1} cột kết quả)"
    )
    raise InputError(
        ExitCode.OUTPUT_TOO_LARGE,
        f"{size}: quá sức chứa một trang Excel ({XLSX_MAX_ROWS + 1:,} dòng × "
        f"{XLSX_MAX_COLUMNS:,} cột); dùng -f csv hoặc -f parquet",
        "too large for an .xlsx sheet: use -f csv or -f parquet",
        file=str(input_file),
        sheet=source.sheet,
    )


def _keep_decisions(report: Path) -> None:
    """Refuse to write over a report in which an official has typed decisions."""
    if report.is_file() and has_decisions(report):
        raise InputError(
            ExitCode.REPORT_HAS_DECISIONS,
            "báo cáo đã có quyết định của cán bộ, không ghi đè: chạy apply-decisions trước, "
            "hoặc ghi vào thư mục khác (-o)",
            "the report holds an official's decisions: apply them first, or write elsewhere",
            file=str(report),
        )


def _write_whole(
    source: Source,
    cleaned: Normalized,
    where: Written,
    opts: NormalizeOptions,
    watch: Watch,
) -> SheetResult:
    """A table held whole: its people deduplicated, then its files written side by side."""
    stage = watch.stage
    frame, log = cleaned.frame, cleaned.events
    roles = source.roles
    sheets: dict[str, pl.DataFrame] = {}
    dedup = None
    if "name" in roles:
        stage("Tìm người trùng (duplicates)")
        done = deduplicate(frame, roles, opts.thresholds)
        frame, sheets, dedup = done.marked, done.sheets, done.kept
    stage("Ghi kết quả và báo cáo (writing)")
    frame = with_other_rows(frame, cleaned.others)  # every row, back in sheet order
    out = output_frame(frame, source.columns)
    _check(source.row_count, out.height, f"{where.input_file} {source.sheet or ''}")
    target = where.path(opts.fmt)
    notes = _layout_notes(source.layout)
    long = long_cells(out)
    whole = where.path("csv", "full_cells") if opts.fmt == "xlsx" else target
    if long.height:
        notes["long_cells"] = named(long, whole.name)
    if opts.fmt == "xlsx" and log.height > CHANGES_SHEET_ROWS:
        notes["changes_file"] = where.path("csv", "changes").name
    report = ReportInput(
        clean=out,
        roles=roles,
        events=log,
        pairs=pl.concat([sheets[MERGES_SHEET], sheets[REVIEW_SHEET].drop("decision")])
        if sheets
        else pl.DataFrame(),
        meta={**where.meta, "sheet": source.sheet or "", **notes},
        rows_in=source.row_count,
    )
    report_path = where.path("xlsx", "report")
    kept_path = None
    shown = log.head(CHANGES_SHEET_ROWS) if opts.fmt == "xlsx" else log
    merged = dedup is not None and dedup.height < cleaned.frame.height
    kept = (
        output_frame(dedup, source.columns, resident_list=True)
        if merged and dedup is not None
        else None
    )
    # The rows of the sheets, for the progress bar (polars writes the .csv and .parquet files
    # in a moment).
    sheets_rows = [out, shown, *headed(sheets).values(), *([kept] if kept is not None else [])]
    tell = watch.writing(sum(t.height for t in sheets_rows)) if opts.fmt == "xlsx" else None
    with SideBySide(source.row_count, opts.policy, tell, counting_into) as writes:
        # Workbooks in threads of their own; the rest here meanwhile (bench/README.md).
        apart = writes.submit if opts.fmt == "xlsx" else writes.here
        book = Book(facts=_facts(where, source))
        apart(write_output, out, target, needs_review(frame), shown, headed(sheets), book)
        if kept is not None and dedup is not None:  # only when rows were merged
            kept_path = where.path(opts.fmt, "dedup")
            apart(write_output, kept, kept_path, needs_review(dedup))
        writes.here(write_report, build_report(report, opts.lang, opts.mask), report_path)
        side: dict[str, pl.DataFrame] = {}
        if shown.height < log.height or opts.fmt != "xlsx":  # the whole log beside the data
            side["changes"] = log.rename(EVENT_HEADERS)
        if long.height and whole != target:
            side["full_cells"] = long
        if opts.fmt != "xlsx":
            side |= headed(sheets)
        _side_files(writes, side, where, opts)
    people = cleaned.frame
    statuses = (
        people["unit_status"].value_counts(sort=True).rows()
        if "unit_status" in people.columns
        else []
    )
    return SheetResult(
        source.sheet,
        source.row_count,
        out.height,
        log.height,
        statuses,
        target,
        invalid=int((frame["data_status"] == "invalid").sum())
        if "data_status" in frame.columns
        else 0,
        other_rows=cleaned.others.height,
        merged=people.height - dedup.height if dedup is not None else 0,
        to_review=sheets[REVIEW_SHEET].height if sheets else 0,
        deduplicated=kept_path,
        report=report_path,
    )


_SLUGS = {MERGES_SHEET: "merges", REVIEW_SHEET: "review"}


def _side_files(
    writes: SideBySide, tables: dict[str, pl.DataFrame], where: Written, opts: NormalizeOptions
) -> None:
    """The CSV files beside the data: the change log, the pair lists (beside a .csv or
    .parquet output), the cells too long for a sheet."""
    for name, table in tables.items():
        side = masked(table) if opts.mask else table  # side files leave the office
        writes.here(write_output, side, where.path("csv", _SLUGS.get(name, name)), _none(side))


def _layout_notes(layout: Layout) -> dict[str, str]:
    """The columns the original sheet hides, and those renamed, for the report."""
    notes = {"hidden_columns": layout.hidden_columns(), "renamed_columns": layout.renamed_columns()}
    return {key: ", ".join(labels) for key, labels in notes.items() if labels}


def _none(table: pl.DataFrame) -> pl.Series:
    return pl.repeat(False, table.height, eager=True)


def _sink_streamed(
    source: Source,
    staged: Staged,
    where: Written,
    opts: NormalizeOptions,
) -> SheetResult:
    """A streamed table: its rows and its change log sunk to files as they are computed, then
    counted from what was written (the rows were never held)."""
    target, changes_path = where.path(opts.fmt), where.path("csv", "changes")
    every_row = with_other_rows(staged.people, staged.others)
    sink_output(output_frame(every_row, source.columns), target)
    events = masked(staged.events) if opts.mask else staged.events
    sink_output(events.rename(EVENT_HEADERS), changes_path)
    changes = pl.scan_csv(changes_path).select(pl.len()).collect().item()
    written = (
        pl.scan_parquet(target)
        if opts.fmt == "parquet"
        else pl.scan_csv(target, infer_schema=False)
    )
    counts = (
        written.group_by(_STATUS).len().sort("len", descending=True).collect()
        if _STATUS in written.collect_schema().names()
        else written.select(pl.lit(None).alias(_STATUS), pl.len()).collect()
    )
    rows_out = int(counts["len"].sum())
    statuses = [(k, v) for k, v in counts.rows() if k is not None]
    _check(source.row_count, rows_out, str(where.input_file))
    report_path = where.path("xlsx", "report")
    streamed = Streamed(
        written, source.roles, source.row_count, statuses, rows_out, _layout_notes(source.layout)
    )
    invalid = _streamed_report(where, streamed, changes_path, report_path, opts)
    return SheetResult(
        None, source.row_count, rows_out, changes, statuses, target, invalid=invalid,
        other_rows=staged.others.height, report=report_path,
    )  # fmt: skip


# The changes the "Thay đổi" sheet of a cleaned workbook holds: a longer log is a CSV beside it.
CHANGES_SHEET_ROWS = XLSX_MAX_ROWS
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
    notes: dict[str, str]  # see _layout_notes


def _streamed_report(
    where: Written,
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
        .rename(EVENT_KEYS, strict=False)
        .with_columns(pl.col("row").cast(pl.Int64))
        .collect()
    )
    # Named as it sits beside the report: the path here is in the run's staging folder.
    meta = {**where.meta, "sheet": "", "changes_file": changes_path.name, **streamed.notes}
    data = ReportInput(
        rows.with_columns(pl.col(SOURCE_ROW).cast(pl.Int64)), roles, log,
        pl.DataFrame(), meta, streamed.rows_in, status_counts=streamed.statuses,
        rows_out=streamed.rows_out, totals=written,
    )  # fmt: skip
    write_report(build_report(data, opts.lang, opts.mask), target)
    if check not in names:
        return 0
    return written.select((pl.col(check) == "invalid").sum()).collect().item()

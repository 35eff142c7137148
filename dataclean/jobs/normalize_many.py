"""Many files normalised as partitions: each file cleaned by :func:`normalize_file` on its own,
side by side (processes here, or Spark tasks with ``cluster``), then one combined report.

A province's or the country's lists are many commune files; each is a partition. A file's
outputs are the same whichever way it ran (a test compares them byte for byte). A file that
cannot be read is listed in the combined report with its reason; the others are still written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from dataclean import clock
from dataclean.jobs.normalize import NormalizeOptions, SheetResult, normalize_file
from dataclean.reading.grid import EXCEL_SUFFIXES, TEXT_SUFFIXES
from dataclean.runtime.partitions import Done, run_partitions
from dataclean.schema.errors import ExitCode, InputError
from dataclean.writing.output_folder import safe_name
from dataclean.writing.summary_workbook import SUMMARY_NAME, PartitionRow, write_summary

READ_SUFFIXES = EXCEL_SUFFIXES | TEXT_SUFFIXES | {".parquet"}
# What a run writes beside its input (see normalize.Written): never read back as an input.
_OUTPUT_TAGS = ("_clean", "_report", "_dedup", "_changes", "_full_cells", "_merges", "_review")


@dataclass(frozen=True)
class Partition:
    """One file to clean, and where and how (pickled to the process or executor that runs it)."""

    input_file: Path
    outdir: Path
    options: NormalizeOptions
    label: str = ""  # what the reports call it, when its name would not say (see by_province)


@dataclass
class PartitionResult:
    input_file: Path
    tables: list[SheetResult] = field(default_factory=list)
    error: str | None = None  # why the file was not cleaned, in the words of its InputError
    code: int = 0  # that error's exit code
    label: str = ""  # how the reports name it: the file's name, or what the part is

    @property
    def shown(self) -> str:
        return self.label or self.input_file.name


@dataclass
class Batch:
    partitions: list[PartitionResult]
    summary: Path  # the combined report

    @property
    def failed(self) -> list[PartitionResult]:
        return [p for p in self.partitions if p.error is not None]


def input_files(paths: list[Path]) -> list[Path]:
    """The files to clean: each file given, and the spreadsheets directly in each folder given
    (in name order, leaving out what a run writes: ``*_clean.xlsx``, ``*_report.xlsx``, ...)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in READ_SUFFIXES
                and not p.name.startswith((".", "~$"))
                and not p.stem.endswith(_OUTPUT_TAGS)
                and p.name != SUMMARY_NAME
            )
        else:
            files.append(path)
    if not files:
        raise InputError(
            ExitCode.EMPTY,
            "không có tệp danh sách nào để làm sạch (.xlsx, .xls, .csv, .parquet)",
            "no spreadsheet to clean",
            file=", ".join(str(p) for p in paths),
        )
    _distinct_names(files)
    return files


def _distinct_names(files: list[Path]) -> None:
    """Two files whose outputs would have the same names: the second would overwrite the first."""
    seen: dict[str, Path] = {}
    for path in files:
        key = safe_name(path.stem).casefold()
        if key in seen:
            raise InputError(
                ExitCode.USAGE,
                f"hai tệp cùng tên, kết quả sẽ ghi đè nhau: {seen[key]} và {path}; "
                "đổi tên một tệp hoặc chạy riêng",
                f"two files of the same name would overwrite each other's outputs: {seen[key]} "
                f"and {path}",
                file=str(path),
            )
        seen[key] = path


def normalize_partition(partition: Partition) -> PartitionResult:
    """One file cleaned into the output folder (run in a worker process or a Spark task)."""
    options, label = partition.options, partition.label
    if label:  # its own report names it so too, not by its scratch file
        options = replace(options, shown_as=label)
    try:
        tables = normalize_file(partition.input_file, partition.outdir, options)
    except InputError as error:  # told in the combined report; the other files go on
        return PartitionResult(
            partition.input_file, error=str(error), code=int(error.code), label=label
        )
    return PartitionResult(partition.input_file, tables, label=label)


def normalize_files(
    files: list[Path] | dict[Path, str],
    outdir: Path,
    options: NormalizeOptions | None = None,
    *,
    workers: int = 1,
    cluster: str | None = None,
    done: Done | None = None,
) -> Batch:
    """Each file cleaned into ``outdir`` (see :func:`normalize_file`), ``workers`` at a time
    or on the Spark master ``cluster``, then the combined report written beside them.
    ``files`` may give each file what the reports call it, when its name would not say what
    it is (a part of a file cut by province; an empty label: its name)."""
    # One time for the whole run: a file's report is the same wherever and whenever it ran.
    opts = replace(options or NormalizeOptions(), started=clock.stamp())
    if cluster is not None or workers > 1:
        # The files already share the cores: only a large one forks resolvers of its own.
        opts = replace(opts, policy=opts.policy.with_cores_taken())
    outdir.mkdir(parents=True, exist_ok=True)
    labels = files if isinstance(files, dict) else {}
    partitions = [Partition(path, outdir, opts, labels.get(path, "")) for path in files]
    results = run_partitions(normalize_partition, partitions, workers, cluster, done)
    rows = [
        PartitionRow(
            r.shown,
            table.sheet,
            table.rows_in,
            table.rows_out,
            table.changes,
            table.invalid,
            table.merged,
            table.to_review,
            dict(table.statuses),
            table.target.name,
            table.report.name if table.report else None,
        )
        for r in results
        for table in r.tables
    ]
    failed = [(r.shown, r.error) for r in results if r.error is not None]
    summary = write_summary(outdir / SUMMARY_NAME, rows, failed)
    return Batch(results, summary)

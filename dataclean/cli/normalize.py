"""`dataclean normalize`: one spreadsheet cleaned, its addresses moved to the 2025 units."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dataclean.cli import options, render
from dataclean.cli.render import console
from dataclean.reading.size_guard import Limits

if TYPE_CHECKING:
    from dataclean.jobs.normalize import NormalizeOptions
    from dataclean.schema.errors import InputError

LIMITS = Limits()  # the defaults, each raised by its option


def normalize(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Tệp .xlsx, .xls, .csv hoặc .parquet cần làm sạch; nhiều tệp hoặc một thư mục "
            "thì mỗi tệp làm riêng, song song, thêm một báo cáo tổng hợp."
        ),
    ],
    outdir: options.OutdirOption = None,
    sheet: options.SheetOption = None,
    columns: options.ColumnOption = None,
    columns_file: options.ColumnsFileOption = None,
    fmt: Annotated[
        options.Format,
        typer.Option("--format", "-f", help="Định dạng kết quả: xlsx, csv hoặc parquet."),
    ] = options.Format.xlsx,
    merge_threshold: options.MergeOption = options.MERGE_DEFAULT,
    review_threshold: options.ReviewOption = options.REVIEW_DEFAULT,
    lang: options.LangOption = options.Lang.vi,
    mask: options.MaskOption = False,
    list_date: options.ListDateOption = None,
    max_sheet_mb: Annotated[
        int, typer.Option("--max-sheet-mb", help="Giới hạn dung lượng giải nén của .xlsx (MB).")
    ] = LIMITS.sheet_mb,
    max_cells: Annotated[
        int, typer.Option("--max-cells", help="Giới hạn số ô (dòng × cột) của một trang.")
    ] = LIMITS.cells,
    max_cell_chars: Annotated[
        int, typer.Option("--max-cell-chars", help="Giới hạn độ dài một ô (ký tự).")
    ] = LIMITS.cell_chars,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Nhiều tệp: số tệp làm cùng lúc (mặc định: số nhân CPU) (files cleaned at once).",
        ),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Nhiều tệp: mỗi tệp một tác vụ Spark, vd. spark://may:7077 hoặc local[4]; "
            "các máy phải thấy cùng thư mục (each file a Spark task; "
            "pip install 'dataclean\\[cluster]').",
        ),
    ] = None,
    by_province: Annotated[
        bool,
        typer.Option(
            "--by-province",
            help="Một tệp lớn (.csv, .parquet): chia theo tỉnh mới, mỗi tỉnh làm riêng, song "
            "song, thêm một báo cáo tổng hợp (one large file cut by its 2025 province).",
        ),
    ] = False,
) -> None:
    """Làm sạch tệp danh sách: đổi địa chỉ cũ sang đơn vị mới (clean spreadsheets)."""
    from dataclean.jobs.normalize import NormalizeOptions, Watch, normalize_file

    started = time.perf_counter()
    as_of = options.list_date(list_date)
    thresholds = options.thresholds(merge_threshold, review_threshold)
    overrides = options.overrides(columns, columns_file)
    chosen = NormalizeOptions(
        fmt=fmt.value,
        sheet=sheet,
        overrides=overrides,
        thresholds=thresholds,
        lang=lang.value,
        mask=mask,
        as_of=as_of,
        limits=Limits(max_sheet_mb, max_cells, max_cell_chars),
    )
    if by_province or len(inputs) > 1 or inputs[0].is_dir() or cluster is not None:
        with _partitions(inputs, outdir, chosen, by_province) as (files, where):
            _clean_partitions(files, where, chosen, workers, cluster)
        console.print(f"Thời gian (time): {time.perf_counter() - started:.1f} s")
        return
    input_file = options.existing(inputs[0])
    outdir = options.writable(outdir or input_file.parent)
    skipped: list[InputError] = []
    with render.progress_bar("{task.fields[count]}") as progress:

        def tracker(name: str):
            task = progress.add_task(f"Đổi địa chỉ ({name})", total=None, count="")

            def update(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total, count=f"{done}/{total} địa chỉ")

            return update

        now = progress.add_task("", total=None, count="")
        writing = None

        def written(done: int, total: int) -> None:
            nonlocal writing
            if writing is None:
                writing = progress.add_task("Ghi bảng tính (writing)", total=total, count="")
            progress.update(writing, completed=done, total=total, count=f"{done}/{total} dòng")

        results = normalize_file(
            input_file,
            outdir,
            chosen,
            watch=Watch(
                stage=lambda text: progress.update(now, description=text),
                addresses=tracker,
                written=written,
            ),
            skipped=skipped,
        )
    for table in render.normalized(results, input_file.name):
        console.print(table)
    render.skipped(skipped)
    for line in render.written(results):
        console.print(line)
    console.print(f"Thời gian (time): {time.perf_counter() - started:.1f} s")


@contextmanager
def _partitions(
    inputs: list[Path], outdir: Path | None, chosen: NormalizeOptions, by_province: bool
) -> Iterator[tuple[dict[Path, str], Path]]:
    """The files to clean one by one and the folder for their outputs: the files given (a
    folder's spreadsheets), or with ``by_province`` the parts of the one file given, cut by its
    2025 province (removed once cleaned)."""
    from dataclean.jobs.by_province import province_parts
    from dataclean.jobs.normalize_many import input_files
    from dataclean.schema.errors import ExitCode, InputError

    if not by_province:
        for path in inputs:
            if not path.is_dir():
                options.existing(path)
        files = dict.fromkeys(input_files(inputs), "")  # named by their own names
        yield files, options.writable(outdir or _default_outdir(inputs))
        return
    if len(inputs) != 1 or inputs[0].is_dir():
        raise InputError(
            ExitCode.USAGE, "--by-province nhận đúng một tệp", "--by-province takes one file"
        )
    input_file = options.existing(inputs[0])
    outdir = options.writable(outdir or input_file.parent)
    console.print("Chia theo tỉnh mới (cutting the file by its 2025 province)…")
    with province_parts(input_file, outdir, chosen) as parts:
        yield parts, outdir


def _clean_partitions(
    files: dict[Path, str],
    outdir: Path,
    chosen: NormalizeOptions,
    workers: int | None,
    cluster: str | None,
) -> None:
    """Each file on its own, side by side, then the combined report; exits non-zero when a
    file could not be cleaned (the others are written)."""
    from concurrent.futures import BrokenExecutor

    from dataclean.jobs.normalize_many import normalize_files
    from dataclean.runtime.partitions import local_workers
    from dataclean.schema.errors import ExitCode

    finished = 0
    with render.progress_bar("{task.completed}/{task.total} tệp") as progress:
        task = progress.add_task("Làm sạch từng tệp (cleaning each file)", total=len(files))

        def done(count: int, total: int) -> None:
            nonlocal finished
            finished = count
            progress.update(task, completed=count)

        try:
            batch = normalize_files(
                files,
                outdir,
                chosen,
                workers=local_workers(len(files), workers),
                cluster=cluster,
                done=done,
            )
        except KeyboardInterrupt as stop:  # the files done are kept: say so, not "nothing"
            raise _stopped(stop, finished, len(files), outdir) from None
        except BrokenExecutor:  # a file's process was killed (out of memory) or crashed
            raise _worker_lost(outdir) from None
    console.print(render.partitions(batch))
    for result in batch.failed:
        console.print(f"[red]Không làm được (failed):[/red] {result.error}", highlight=False)
    console.print(f"Báo cáo tổng hợp (combined report): {batch.summary}")
    if batch.failed:
        raise typer.Exit(max(r.code for r in batch.failed) or ExitCode.INPUT_NOT_READABLE)


def _stopped(stop: KeyboardInterrupt, finished: int, total: int, outdir: Path) -> InputError:
    """A many-file run stopped: each file finished before the stop was written whole, and kept;
    the others were not written, nor the combined report."""
    from dataclean.runtime.interrupts import Terminated
    from dataclean.schema.errors import ExitCode, InputError

    return InputError(
        ExitCode.TERMINATED if isinstance(stop, Terminated) else ExitCode.INTERRUPTED,
        f"đã dừng theo yêu cầu; {finished}/{total} tệp đã làm xong trước đó được giữ trong "
        f"{outdir}, các tệp khác và báo cáo tổng hợp chưa được ghi",
        f"stopped; the {finished} of {total} files finished before the stop are kept, no other "
        "output was written",
    )


def _worker_lost(outdir: Path) -> InputError:
    """A many-file run one of whose processes ended abruptly: what it had staged is removed (it
    could not remove it itself); the files finished before are kept, as after a stop. Not
    counted: a file's process may have finished it just before the pool broke, unheard."""
    from dataclean.schema.errors import ExitCode, InputError
    from dataclean.writing.output_folder import remove_abandoned

    remove_abandoned(outdir)
    return InputError(
        ExitCode.WORKER_LOST,
        "một tiến trình xử lý tệp đã dừng đột ngột, thường vì máy hết bộ nhớ; các tệp đã làm xong "
        f"trước đó được giữ nguyên trong {outdir}, các tệp khác và báo cáo tổng hợp chưa được "
        "ghi; chạy lại với --workers 1 (từng tệp một)",
        "a worker process ended abruptly, most often out of memory; the files finished before "
        "are kept whole, no other output was written; run again with --workers 1",
    )


def _default_outdir(inputs: list[Path]) -> Path:
    """Beside the first file; for a folder, its ``ket_qua`` folder (never read back as input)."""
    first = inputs[0]
    return first / "ket_qua" if first.is_dir() else first.parent

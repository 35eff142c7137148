"""`dataclean normalize`: one spreadsheet cleaned, its addresses moved to the 2025 units."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from dataclean.cli import options, render
from dataclean.cli.render import console
from dataclean.reading.size_guard import Limits

LIMITS = Limits()  # the defaults, each raised by its option


def normalize(
    input_file: Annotated[Path, typer.Argument(help="Tệp .xlsx, .xls hoặc .csv cần làm sạch.")],
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
) -> None:
    """Làm sạch một tệp danh sách: đổi địa chỉ cũ sang đơn vị mới (clean one spreadsheet)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from dataclean.jobs.normalize import NormalizeOptions, Watch, normalize_file
    from dataclean.schema.errors import InputError

    started = time.perf_counter()
    options.existing(input_file)
    outdir = options.writable(outdir or input_file.parent)
    as_of = options.list_date(list_date)
    thresholds = options.thresholds(merge_threshold, review_threshold)
    overrides = options.overrides(columns, columns_file)
    skipped: list[InputError] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[count]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:

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
            NormalizeOptions(
                fmt=fmt.value,
                sheet=sheet,
                overrides=overrides,
                thresholds=thresholds,
                lang=lang.value,
                mask=mask,
                as_of=as_of,
                limits=Limits(max_sheet_mb, max_cells, max_cell_chars),
            ),
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

"""`dataclean dedupe`: the same resident within one file or across several."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from dataclean.cli import options, render
from dataclean.cli.render import console


def dedupe(
    input_files: Annotated[
        list[Path], typer.Argument(help="Một hoặc nhiều tệp danh sách (.xlsx, .xls, .csv).")
    ],
    outdir: Annotated[
        Path | None,
        typer.Option("-o", "--outdir", help="Thư mục ghi kết quả (mặc định: cạnh tệp đầu)."),
    ] = None,
    sheet: options.SheetOption = None,
    merge_threshold: options.MergeOption = options.MERGE_DEFAULT,
    review_threshold: options.ReviewOption = options.REVIEW_DEFAULT,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Chấm các cặp trên Spark: địa chỉ master, vd. spark://may:7077 hoặc local[4] "
            "(score the pairs on a Spark master; needs pip install 'dataclean\\[cluster]').",
        ),
    ] = None,
) -> None:
    """Tìm người trùng trong một tệp hoặc giữa nhiều tệp (find duplicate residents)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from dataclean.jobs.dedupe import dedupe_files

    started = time.perf_counter()
    thresholds = options.thresholds(merge_threshold, review_threshold)
    for path in input_files:
        options.existing(path)
    outdir = options.writable(outdir or input_files[0].parent)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console,
                  transient=True) as progress:  # fmt: skip

        def tracker(name: str):
            task = progress.add_task(f"Làm sạch {name}", total=None)
            return lambda done, total: progress.update(task, completed=done, total=total)

        summary = dedupe_files(input_files, outdir, thresholds, sheet, tracker, cluster)
    console.print(render.deduplicated(summary))
    console.print(f"Đã ghi (written): {summary.target}")
    console.print(f"Thời gian (time): {time.perf_counter() - started:.1f} s")

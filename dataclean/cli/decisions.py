"""`dataclean apply-decisions`: the officials' decisions in the report, applied."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dataclean.cli import options
from dataclean.cli.render import console
from dataclean.schema.errors import ExitCode


def apply_decisions(
    report_file: Annotated[Path, typer.Argument(help="Báo cáo *_report.xlsx đã ghi quyết định.")],
    by: Annotated[str, typer.Option("--by", help="Người quyết định (ghi vào nhật ký).")],
    clean: Annotated[
        Path | None,
        typer.Option("--clean", help="Tệp *_clean.xlsx (mặc định: cạnh báo cáo)."),
    ] = None,
    outdir: Annotated[
        Path | None, typer.Option("-o", "--outdir", help="Thư mục ghi (mặc định: cạnh báo cáo).")
    ] = None,
) -> None:
    """Áp dụng quyết định của cán bộ trong báo cáo (apply the officials' decisions)."""
    from dataclean.jobs.decisions import apply_decisions as apply

    options.existing(report_file)
    outdir = options.writable(outdir or report_file.parent)
    done = apply(report_file, clean, by, outdir)
    console.print(
        f"Đã áp dụng (applied): {done.units} địa chỉ (addresses), {done.merges} gộp (merged), "
        f"{done.kept_apart} giữ riêng (kept apart)"
    )
    for problem in done.rejected:
        console.print(f"[yellow]Không áp dụng (rejected):[/yellow] {problem}", highlight=False)
    console.print(f"Đã ghi (written): {done.target}")
    if done.rejected:
        console.print(
            f"{len(done.rejected)} quyết định không áp dụng được: sửa trong báo cáo rồi chạy lại "
            "(decisions refused: correct them in the report and run again)"
        )
        raise typer.Exit(ExitCode.DECISIONS_REFUSED)

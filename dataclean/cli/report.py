"""`dataclean report`: the officials' report again, from a cleaned workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dataclean.cli import options
from dataclean.cli.render import console


def report(
    clean_file: Annotated[Path, typer.Argument(help="Tệp *_clean.xlsx do normalize ghi ra.")],
    outdir: Annotated[
        Path | None,
        typer.Option("-o", "--outdir", help="Thư mục ghi báo cáo (mặc định: cạnh tệp)."),
    ] = None,
    lang: options.LangOption = options.Lang.vi,
    mask: options.MaskOption = False,
) -> None:
    """Lập lại báo cáo từ một tệp đã làm sạch (rebuild the report from a cleaned file)."""
    from dataclean.jobs.report import rebuild_report

    options.existing(clean_file)
    outdir = options.writable(outdir or clean_file.parent)
    target = rebuild_report(clean_file, outdir, lang.value, mask)
    console.print(f"Đã ghi (written): {target}")

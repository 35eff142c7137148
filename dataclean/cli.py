"""The `dataclean` command line."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dataclean import __version__

app = typer.Typer(
    name="dataclean",
    help="Làm sạch dữ liệu dân cư sau sắp xếp đơn vị hành chính 2025 "
    "(clean resident records after the 2025 reform of administrative units).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()

STATUS_VI = {
    "exact": "khớp chính xác (exact)",
    "matched": "khớp sau chuẩn hoá (matched)",
    "fuzzy": "gần đúng, cần xem lại (fuzzy)",
    "split": "xã bị chia, cần chọn (split)",
    "disputed": "hai bảng không thống nhất (disputed)",
    "already_new": "đã là đơn vị mới (already new)",
    "unresolved": "không xác định được (unresolved)",
}


def _version(value: bool) -> None:
    if value:
        console.print(f"dataclean {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Làm sạch dữ liệu dân cư (clean resident records)."""


@app.command()
def lookup(
    address: Annotated[
        str | None, typer.Argument(help='Địa chỉ, ví dụ "P. Phúc Xá, Q.Ba Đình, HN"')
    ] = None,
    commune: Annotated[str | None, typer.Option("--xa", help="Xã/phường/thị trấn cũ.")] = None,
    district: Annotated[str | None, typer.Option("--huyen", help="Quận/huyện cũ.")] = None,
    province: Annotated[str | None, typer.Option("--tinh", help="Tỉnh/thành phố.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
) -> None:
    """Tra một địa chỉ cũ sang đơn vị mới (look up one old address). Chạy hoàn toàn offline."""
    from dataclean.units.resolver import resolve, resolve_text

    if address is None and not (commune or district or province):
        console.print("[red]Hãy nhập địa chỉ (give an address).[/red]")
        raise typer.Exit(2)
    res = resolve_text(address) if address is not None else resolve(commune, district, province)
    if as_json:
        row = res.as_row()
        row["candidates"] = [c.label() for c in res.candidates]
        typer.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Trạng thái", STATUS_VI.get(res.status, res.status))
    if res.score is not None and res.status == "fuzzy":
        table.add_row("Độ tin cậy", f"{res.score:.0f}/100")
    if res.old_commune_name or res.old_district_name:
        old = ", ".join(
            x for x in (res.old_commune_name, res.old_district_name, res.old_province_name) if x
        )
        code = f" (mã {res.old_commune_code})" if res.old_commune_code else ""
        table.add_row("Đơn vị cũ", old + code)
    if res.new_commune_name:
        table.add_row(
            "Đơn vị mới",
            f"{res.new_commune_name}, {res.new_province_name} (mã {res.new_commune_code})",
        )
    if res.street:
        table.add_row("Số nhà/đường", res.street)
    for i, cand in enumerate(res.candidates, 1):
        table.add_row(f"Phương án {i}", cand.label())
    if res.resolution:
        table.add_row("Căn cứ", res.resolution)
    if res.clause:
        table.add_row("Điều khoản", res.clause)
    if res.legal_note:
        table.add_row("Ghi chú pháp lý", res.legal_note)
    if res.reason:
        table.add_row("Lý do", res.reason)
    console.print(table)


class ExitCode:
    MISSING_FILE = 3
    UNREADABLE = 4
    NO_HEADER = 5
    OUTPUT_NOT_WRITABLE = 6


def _fail(code: int, vi: str, en: str) -> None:
    console.print(f"[red]Lỗi:[/red] {vi} ({en})")
    raise typer.Exit(code)


@app.command()
def normalize(
    input_file: Annotated[Path, typer.Argument(help="Tệp .xlsx, .xls hoặc .csv cần làm sạch.")],
    outdir: Annotated[
        Path | None,
        typer.Option("-o", "--outdir", help="Thư mục ghi kết quả (mặc định: cạnh tệp)."),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Chỉ xử lý trang tính này (mặc định: tất cả).")
    ] = None,
) -> None:
    """Làm sạch một tệp danh sách: đổi địa chỉ cũ sang đơn vị mới (clean one spreadsheet)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from dataclean.pipeline import read_tables, resolve_units
    from dataclean.reading.layout import LayoutError
    from dataclean.writing.clean_workbook import REVIEW_STATUSES, output_frame, write_clean_xlsx

    started = time.perf_counter()
    if not input_file.is_file():
        _fail(ExitCode.MISSING_FILE, f"không tìm thấy tệp {input_file}", "file not found")
    outdir = outdir or input_file.parent
    with contextlib.suppress(OSError):  # reported just below
        outdir.mkdir(parents=True, exist_ok=True)
    if not outdir.is_dir() or not os.access(outdir, os.W_OK):
        _fail(
            ExitCode.OUTPUT_NOT_WRITABLE,
            f"không ghi được vào thư mục {outdir}",
            "output directory not writable",
        )
    try:
        tables = read_tables(input_file, sheet)
    except LayoutError:
        _fail(
            ExitCode.NO_HEADER,
            f"{input_file}: không tìm thấy dòng tiêu đề cột",
            "no recognisable header row",
        )
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad file to the user
        _fail(
            ExitCode.UNREADABLE,
            f"{input_file}: không đọc được tệp ({type(exc).__name__})",
            "unreadable or corrupt file",
        )
    summary = Table(title=f"Kết quả: {input_file.name}")
    summary.add_column("Trang tính")
    summary.add_column("Số dòng đọc", justify="right")
    summary.add_column("Số dòng ghi", justify="right")
    summary.add_column("Theo trạng thái")
    written = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} địa chỉ"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        for t in tables:
            task = progress.add_task(f"Đổi địa chỉ ({t.grid.sheet or 'csv'})", total=None)
            resolved = resolve_units(
                t, lambda done, total, task=task: progress.update(task, completed=done, total=total)
            )
            out = output_frame(resolved, t.original_columns)
            suffix = f"_{t.grid.sheet}" if len(tables) > 1 else ""
            target = outdir / f"{input_file.stem}{suffix}_clean.xlsx"
            review = (
                resolved["unit_status"].is_in(REVIEW_STATUSES)
                if "unit_status" in resolved.columns
                else resolved["__row"].is_null()
            )
            try:
                write_clean_xlsx(out, target, review)
            except OSError:
                _fail(
                    ExitCode.OUTPUT_NOT_WRITABLE,
                    f"không ghi được {target}",
                    "output not writable",
                )
            written.append(target)
            counts = (
                resolved["unit_status"].value_counts(sort=True).rows()
                if "unit_status" in resolved.columns
                else []
            )
            summary.add_row(
                t.grid.sheet or "-",
                str(t.table.height),
                str(out.height),
                ", ".join(f"{STATUS_VI.get(k, k)}: {v}" for k, v in counts),
            )
    console.print(summary)
    for target in written:
        console.print(f"Đã ghi (written): {target}")
    console.print(f"Thời gian (time): {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    app()

"""The `dataclean` command line."""

from __future__ import annotations

import json
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


if __name__ == "__main__":
    app()

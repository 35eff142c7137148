"""`dataclean lookup`: one old address to the 2025 units, offline."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer

from dataclean.cli import options, render
from dataclean.cli.render import console


def lookup(
    address: Annotated[
        str | None, typer.Argument(help='Địa chỉ, ví dụ "P. Phúc Xá, Q.Ba Đình, HN"')
    ] = None,
    commune: Annotated[str | None, typer.Option("--xa", help="Xã/phường/thị trấn cũ.")] = None,
    district: Annotated[str | None, typer.Option("--huyen", help="Quận/huyện cũ.")] = None,
    province: Annotated[str | None, typer.Option("--tinh", help="Tỉnh/thành phố.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    list_date: options.ListDateOption = None,
) -> None:
    """Tra một địa chỉ cũ sang đơn vị mới (look up one old address). Chạy hoàn toàn offline."""
    from dataclean.rules.legacy_text import fix_legacy_text
    from dataclean.units.resolver import dated_resolver, default_resolver

    if address is None and not (commune or district or province):
        console.print("[red]Hãy nhập địa chỉ (give an address).[/red]")
        raise typer.Exit(2)
    # Text typed in TCVN3 or VNI ("Hµ Néi") is read as the Unicode it stands for.
    fixed = [fix_legacy_text(x) for x in (address, commune, district, province)]
    address, commune, district, province = (value for value, _ in fixed)
    converted = next((why for _, why in fixed if why), None)
    as_of = options.list_date(list_date)
    resolver = dated_resolver(as_of) if as_of else default_resolver()
    if address is not None:
        res = resolver.resolve_text(address)
    else:
        res = resolver.resolve(commune, district, province)
    if converted and res.status == "exact":
        res = dataclasses.replace(res, status="matched")  # not as typed: it was converted
    if as_json:
        row = res.as_row()
        row["candidates"] = [c.label() for c in res.candidates]
        row["legacy_text"] = converted
        typer.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    console.print(render.resolution(res, converted, address))

"""`dataclean lookup`: one old address to the 2025 units, offline."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from dataclean.cli import options, render
from dataclean.cli.render import console
from dataclean.writing.cells import plain_text


def lookup(
    address: Annotated[
        str | None, typer.Argument(help='Địa chỉ, ví dụ "P. Phúc Xá, Q.Ba Đình, HN"')
    ] = None,
    commune: Annotated[str | None, typer.Option("--xa", help="Xã/phường/thị trấn cũ.")] = None,
    district: Annotated[str | None, typer.Option("--huyen", help="Quận/huyện cũ.")] = None,
    province: Annotated[str | None, typer.Option("--tinh", help="Tỉnh/thành phố.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    many: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Tệp mỗi dòng một địa chỉ ('-': đọc từ stdin); in CSV, hoặc JSON từng dòng.",
        ),
    ] = None,
    list_date: options.ListDateOption = None,
) -> None:
    """Tra một địa chỉ cũ sang đơn vị mới (look up one old address). Chạy hoàn toàn offline."""
    from dataclean.units.resolver import dated_resolver, default_resolver

    if address is None and many is None and not (commune or district or province):
        console.print("[red]Hãy nhập địa chỉ (give an address).[/red]")
        raise typer.Exit(2)
    as_of = options.list_date(list_date)
    resolver = dated_resolver(as_of) if as_of else default_resolver()
    if many is not None:
        _many(resolver, _lines(many), as_json)
        return
    res, converted = _answer(resolver, address, commune, district, province)
    if as_json:
        typer.echo(json.dumps(_row(res, converted), ensure_ascii=False, indent=2))
        return
    console.print(render.resolution(res, converted, address))


def _answer(resolver, address, commune=None, district=None, province=None):
    """The resolution of an address (free text, or its parts), and the legacy encoding it was
    converted from, if any."""
    from dataclean.rules.legacy_text import fix_legacy_text

    # Text typed in TCVN3 or VNI ("Hµ Néi") is read as the Unicode it stands for.
    fixed = [fix_legacy_text(x) for x in (address, commune, district, province)]
    address, commune, district, province = (value for value, _ in fixed)
    converted = next((why for _, why in fixed if why), None)
    if address is not None:
        res = resolver.resolve_text(address)
    else:
        res = resolver.resolve(commune, district, province)
    if converted and res.status == "exact":
        res = dataclasses.replace(res, status="matched")  # not as typed: it was converted
    return res, converted


def _row(res, converted) -> dict:
    row = res.as_row()
    row["candidates"] = [c.label() for c in res.candidates]
    row["legacy_text"] = converted
    return row


def _lines(source: Path) -> Iterator[str]:
    """The addresses of a file (or of stdin for "-"), one a line, blank lines left out."""
    if str(source) == "-":
        stream = sys.stdin
    else:
        options.existing(source)
        stream = source.open(encoding="utf-8-sig", errors="replace")
    with contextlib.closing(stream) if stream is not sys.stdin else contextlib.nullcontext():
        for line in stream:
            if line.strip():
                yield line.strip()


def _many(resolver, addresses: Iterable[str], as_json: bool) -> None:
    """Each address answered on a line of its own: CSV with a header, or JSON lines."""
    writer = None
    for address in addresses:
        res, converted = _answer(resolver, address)
        row = {"address": address, **_row(res, converted)}
        row = {k: " | ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
            continue
        if writer is None:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        # A spreadsheet opening this CSV must not run a typed address as a formula.
        writer.writerow({k: plain_text(v) if isinstance(v, str) else v for k, v in row.items()})

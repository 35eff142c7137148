"""The `dataclean` command line."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from dataclean import __version__
from dataclean.dedupe import Thresholds
from dataclean.schema.errors import ExitCode, InputError
from dataclean.schema.statuses import label as status_label

app = typer.Typer(
    name="dataclean",
    help="Làm sạch dữ liệu dân cư sau sắp xếp đơn vị hành chính 2025 "
    "(clean resident records after the 2025 reform of administrative units).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()


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


def lookup(
    address: Annotated[
        str | None, typer.Argument(help='Địa chỉ, ví dụ "P. Phúc Xá, Q.Ba Đình, HN"')
    ] = None,
    commune: Annotated[str | None, typer.Option("--xa", help="Xã/phường/thị trấn cũ.")] = None,
    district: Annotated[str | None, typer.Option("--huyen", help="Quận/huyện cũ.")] = None,
    province: Annotated[str | None, typer.Option("--tinh", help="Tỉnh/thành phố.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    list_date: ListDateOption = None,
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
    as_of = _list_date(list_date)
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
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Trạng thái", status_label(res.status))
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
    if converted:
        table.add_row("Chuyển mã", f"{converted}: {address or ''}")
    console.print(table)


def _fail(code: int, vi: str, en: str) -> NoReturn:
    # One line, however narrow the terminal: a volunteer reads it, a script greps it.
    console.print(f"[red]Lỗi:[/red] {vi} ({en})", soft_wrap=True)
    raise typer.Exit(code)


def _report(error: InputError) -> NoReturn:
    console.print(f"[red]Lỗi:[/red] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(int(error.code))


def _overrides(columns: list[str] | None, columns_file: Path | None) -> dict[str, str]:
    from dataclean.reading.overrides import load_mapping_file, parse_column_options

    out = load_mapping_file(columns_file) if columns_file else {}
    out.update(parse_column_options(columns or []))
    return out


ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        "-c",
        help='Đặt vai trò một cột: "Tiêu đề=vai trò" (name, dob, gender, id, phone, street, '
        "commune, district, province, address, other). Lặp lại được.",
    ),
]
ColumnsFileOption = Annotated[
    Path | None,
    typer.Option("--columns-file", help='Tệp TOML có bảng [columns] "Tiêu đề" = "vai trò".'),
]
SheetOption = Annotated[
    str | None, typer.Option("--sheet", help="Chỉ xử lý trang tính này (mặc định: tất cả).")
]


LangOption = Annotated[
    str, typer.Option("--lang", help="Ngôn ngữ tiêu đề báo cáo: vi hoặc en (report headers).")
]
ListDateOption = Annotated[
    str | None,
    typer.Option(
        "--ngay-lap",
        help="Ngày lập danh sách (dd/mm/yyyy): tên từng chỉ đơn vị khác được đọc theo ngày đó.",
    ),
]


def _list_date(text: str | None) -> dt.date | None:
    """The date a list was made, as officials write it (dd/mm/yyyy) or as ISO."""
    if text is None:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    _fail(ExitCode.USAGE, f"--ngay-lap '{text}' không phải ngày dd/mm/yyyy", "not a date")


MaskOption = Annotated[
    bool,
    typer.Option("--mask", help="Che số CCCD và điện thoại trong báo cáo, chỉ để 3 số cuối."),
]


def _lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        _fail(ExitCode.USAGE, "--lang phải là vi hoặc en", "--lang is vi or en")
    return lang


MergeOption = Annotated[
    float,
    typer.Option("--merge-threshold", help="Điểm từ mức này trở lên: gộp (merge) hai dòng."),
]
ReviewOption = Annotated[
    float,
    typer.Option("--review-threshold", help="Điểm từ mức này đến mức gộp: cần người xem."),
]


def _thresholds(merge: float, review: float) -> Thresholds:
    if review > merge:
        _fail(ExitCode.USAGE, "--review-threshold phải nhỏ hơn --merge-threshold", "bad thresholds")
    return Thresholds(merge=merge, review=review)


def report(
    clean_file: Annotated[Path, typer.Argument(help="Tệp *_clean.xlsx do normalize ghi ra.")],
    outdir: Annotated[
        Path | None,
        typer.Option("-o", "--outdir", help="Thư mục ghi báo cáo (mặc định: cạnh tệp)."),
    ] = None,
    lang: LangOption = "vi",
    mask: MaskOption = False,
) -> None:
    """Lập lại báo cáo từ một tệp đã làm sạch (rebuild the report from a cleaned file)."""
    from dataclean.report_job import rebuild_report

    if not clean_file.is_file():
        _fail(ExitCode.MISSING_FILE, f"không tìm thấy tệp {clean_file}", "file not found")
    outdir = _writable(outdir or clean_file.parent)
    target = rebuild_report(clean_file, outdir, _lang(lang), mask)
    console.print(f"Đã ghi (written): {target}")


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
    from dataclean.decisions_job import apply_decisions as apply

    if not report_file.is_file():
        _fail(ExitCode.MISSING_FILE, f"không tìm thấy tệp {report_file}", "file not found")
    outdir = _writable(outdir or report_file.parent)
    done = apply(report_file, clean, by, outdir)
    console.print(
        f"Đã áp dụng (applied): {done.units} địa chỉ (addresses), {done.merges} gộp (merged), "
        f"{done.kept_apart} giữ riêng (kept apart)"
    )
    for problem in done.rejected:
        console.print(f"[yellow]Không áp dụng (rejected):[/yellow] {problem}", highlight=False)
    console.print(f"Đã ghi (written): {done.target}")


def dedupe(
    input_files: Annotated[
        list[Path], typer.Argument(help="Một hoặc nhiều tệp danh sách (.xlsx, .xls, .csv).")
    ],
    outdir: Annotated[
        Path | None,
        typer.Option("-o", "--outdir", help="Thư mục ghi kết quả (mặc định: cạnh tệp đầu)."),
    ] = None,
    sheet: SheetOption = None,
    merge_threshold: MergeOption = Thresholds.merge,
    review_threshold: ReviewOption = Thresholds.review,
) -> None:
    """Tìm người trùng trong một tệp hoặc giữa nhiều tệp (find duplicate residents)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from dataclean.dedupe_job import dedupe_files

    started = time.perf_counter()
    thresholds = _thresholds(merge_threshold, review_threshold)
    for path in input_files:
        if not path.is_file():
            _fail(ExitCode.MISSING_FILE, f"không tìm thấy tệp {path}", "file not found")
    outdir = _writable(outdir or input_files[0].parent)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console,
                  transient=True) as progress:  # fmt: skip

        def tracker(name: str):
            task = progress.add_task(f"Làm sạch {name}", total=None)
            return lambda done, total: progress.update(task, completed=done, total=total)

        try:
            summary = dedupe_files(input_files, outdir, thresholds, sheet, tracker)
        except OSError as exc:
            _os_error(exc, outdir)
    table = Table(title="Tìm người trùng (duplicates)", show_header=False)
    table.add_row("Số tệp / số dòng", f"{summary.files} / {summary.rows}")
    table.add_row("Cặp đã so sánh (candidate pairs)", str(summary.candidate_pairs))
    table.add_row("Dòng gộp vào dòng khác (merged)", str(summary.merged_rows))
    table.add_row("Cặp cần người xem (to review)", str(summary.review_pairs))
    table.add_row("Số người sau khi gộp (residents)", str(summary.residents))
    console.print(table)
    console.print(f"Đã ghi (written): {summary.target}")
    console.print(f"Thời gian (time): {time.perf_counter() - started:.1f} s")


def _os_error(exc: OSError, outdir: Path) -> NoReturn:
    """An operating-system error, told as what it is: a file that could not be read is named
    as such, never taken for an output folder that cannot be written."""
    name = Path(exc.filename) if exc.filename else None
    inside = name is not None and outdir.resolve() in (name.resolve(), *name.resolve().parents)
    if name is not None and not inside:
        _fail(
            ExitCode.INPUT_NOT_READABLE,
            f"không đọc được tệp {name} ({exc.strerror})",
            "input not readable",
        )
    _fail(
        ExitCode.OUTPUT_NOT_WRITABLE,
        f"không ghi được kết quả vào {outdir} ({exc.strerror})",
        "output not writable",
    )


def _writable(outdir: Path) -> Path:
    with contextlib.suppress(OSError):  # reported just below
        outdir.mkdir(parents=True, exist_ok=True)
    if not outdir.is_dir() or not os.access(outdir, os.W_OK):
        _fail(
            ExitCode.OUTPUT_NOT_WRITABLE,
            f"không ghi được vào thư mục {outdir}",
            "output directory not writable",
        )
    return outdir


def inspect(
    input_file: Annotated[Path, typer.Argument(help="Tệp .xlsx, .xls hoặc .csv.")],
    sheet: SheetOption = None,
    columns: ColumnOption = None,
    columns_file: ColumnsFileOption = None,
) -> None:
    """Xem bố cục bảng và vai trò từng cột mà dataclean nhận ra (show the layout and roles)."""
    from dataclean.pipeline import read_tables

    if not input_file.is_file():
        _fail(ExitCode.MISSING_FILE, f"không tìm thấy tệp {input_file}", "file not found")
    skipped: list[InputError] = []
    tables = read_tables(input_file, sheet, _overrides(columns, columns_file), skipped)
    for t in tables:
        lay, first = t.layout, t.grid.first_row
        header = ", ".join(str(i + first) for i in lay.header_rows)
        console.print(f"[bold]Trang tính:[/bold] {t.grid.sheet or '(CSV)'}")
        console.print(f"  Dòng tiêu đề (header rows): {header}")
        if lay.numbering_row is not None:
            console.print(f"  Dòng đánh số (numbering row): {lay.numbering_row + first}")
        console.print(
            f"  Dữ liệu (data): dòng {lay.data_start + first} đến {lay.data_end - 1 + first}, "
            f"{t.table.height} dòng"
        )
        table = Table("Cột", "Tiêu đề (header)", "Vai trò (role)", "Vì sao (why)")
        for c in lay.columns:
            table.add_row(_column_letter(c.index), c.label, c.role or "other", c.why)
        console.print(table)
    for problem in skipped:
        console.print(f"[yellow]Bỏ qua (skipped):[/yellow] {problem}", highlight=False)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalize(
    input_file: Annotated[Path, typer.Argument(help="Tệp .xlsx, .xls hoặc .csv cần làm sạch.")],
    outdir: Annotated[
        Path | None,
        typer.Option("-o", "--outdir", help="Thư mục ghi kết quả (mặc định: cạnh tệp)."),
    ] = None,
    sheet: SheetOption = None,
    columns: ColumnOption = None,
    columns_file: ColumnsFileOption = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="Định dạng kết quả: xlsx, csv hoặc parquet."),
    ] = "xlsx",
    merge_threshold: MergeOption = Thresholds.merge,
    review_threshold: ReviewOption = Thresholds.review,
    lang: LangOption = "vi",
    mask: MaskOption = False,
    list_date: ListDateOption = None,
) -> None:
    """Làm sạch một tệp danh sách: đổi địa chỉ cũ sang đơn vị mới (clean one spreadsheet)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from dataclean.normalize_job import normalize_file
    from dataclean.writing.clean_workbook import FORMATS

    started = time.perf_counter()
    if fmt not in FORMATS:
        _fail(ExitCode.USAGE, f"--format phải là {', '.join(FORMATS)}", "unknown format")
    if not input_file.is_file():
        _fail(ExitCode.MISSING_FILE, f"không tìm thấy tệp {input_file}", "file not found")
    outdir = _writable(outdir or input_file.parent)
    as_of = _list_date(list_date)
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
        try:
            results = normalize_file(
                input_file,
                outdir,
                fmt=fmt,
                sheet=sheet,
                overrides=_overrides(columns, columns_file),
                progress=tracker,
                skipped=skipped,
                thresholds=_thresholds(merge_threshold, review_threshold),
                lang=_lang(lang),
                mask=mask,
                stage=lambda text: progress.update(now, description=text),
                as_of=as_of,
            )
        except OSError as exc:
            _os_error(exc, outdir)
    summary = Table(title=f"Kết quả: {input_file.name}")
    for header in ("Trang tính", "Dòng đọc", "Dòng ghi", "Thay đổi", "Không hợp lệ",
                   "Gộp trùng", "Cần xem trùng"):  # fmt: skip
        summary.add_column(header, justify="left" if header == "Trang tính" else "right")
    statuses = Table(title="Địa chỉ theo trạng thái (addresses by status)")
    statuses.add_column("Trang tính")
    statuses.add_column("Trạng thái")
    statuses.add_column("Số dòng", justify="right")
    for r in results:
        summary.add_row(
            r.sheet or "-",
            *(str(x) for x in (r.rows_in, r.rows_out, r.changes, r.invalid, r.merged)),
            str(r.to_review),
        )
        for status, count in r.statuses:
            statuses.add_row(r.sheet or "-", status_label(status), str(count))
    console.print(summary)
    if statuses.row_count:
        console.print(statuses)
    for problem in skipped:
        console.print(f"[yellow]Bỏ qua (skipped):[/yellow] {problem}", highlight=False)
    for r in results:
        console.print(f"Đã ghi (written): {r.target}")
        if r.deduplicated:
            console.print(f"Bản đã gộp trùng (deduplicated): {r.deduplicated}")
        if r.report:
            console.print(f"Báo cáo (report): {r.report}")
    console.print(f"Thời gian (time): {time.perf_counter() - started:.1f} s")


def _stops_cleanly(command: Callable[..., None]) -> Callable[..., None]:
    """The one place a command's failure becomes what a volunteer reads: a problem with the
    input is one line naming file, sheet, row and column, with its exit code; Ctrl+C ends with
    one line and its own exit code, not a traceback. Every file is written through a temporary
    one, so what was written is whole and nothing is half."""

    @functools.wraps(command)
    def run(*args, **kwargs) -> None:
        try:
            command(*args, **kwargs)
        except InputError as exc:
            _report(exc)
        except KeyboardInterrupt:
            _fail(
                ExitCode.INTERRUPTED,
                "đã dừng theo yêu cầu; không có tệp nào bị ghi dở",
                "stopped by the user; no file was left half-written",
            )

    return run


# Listed in --help in the order a volunteer meets them.
app.command()(_stops_cleanly(normalize))
app.command()(_stops_cleanly(inspect))
app.command()(_stops_cleanly(dedupe))
app.command()(_stops_cleanly(report))
app.command("apply-decisions")(_stops_cleanly(apply_decisions))
app.command()(_stops_cleanly(lookup))

if __name__ == "__main__":
    app()

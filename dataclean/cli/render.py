"""The tables and lines people read in the terminal (rich)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from dataclean.schema.statuses import REVIEW
from dataclean.schema.statuses import label as status_label
from dataclean.writing.cells import column_letter

if TYPE_CHECKING:
    from rich.progress import Progress

    from dataclean.jobs.dedupe import DedupeSummary
    from dataclean.jobs.normalize import SheetResult
    from dataclean.jobs.normalize_many import Batch
    from dataclean.reading.tables import SheetTable
    from dataclean.schema.errors import InputError
    from dataclean.units.result import Resolution

console = Console()


def resolution(res: Resolution, converted: str | None, typed: str | None) -> Table:
    """One looked-up address: its status, the old and new units, the legal basis, why."""
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
    for title, value in (
        ("Căn cứ", res.resolution),
        ("Điều khoản", res.clause),
        ("Ghi chú pháp lý", res.legal_note),
        ("Lý do", res.reason),
    ):
        if value:
            table.add_row(title, value)
    if converted:
        table.add_row("Chuyển mã", f"{converted}: {typed or ''}")
    return table


def normalized(results: list[SheetResult], file_name: str) -> list[Table]:
    """What normalize did, per sheet, and the addresses by status."""
    summary = Table(title=f"Kết quả: {file_name}")
    # Rows that are no person (hamlet rows, subtotals) get a column where a sheet has any.
    others = any(r.other_rows for r in results)
    for header in ("Trang tính", "Dòng đọc", "Dòng ghi", "Không phải người", "Thay đổi",
                   "Không hợp lệ", "Gộp trùng", "Cần xem trùng"):  # fmt: skip
        if header == "Không phải người" and not others:
            continue
        summary.add_column(header, justify="left" if header == "Trang tính" else "right")
    statuses = Table(title="Địa chỉ theo trạng thái (addresses by status)")
    statuses.add_column("Trang tính")
    statuses.add_column("Trạng thái")
    statuses.add_column("Số dòng", justify="right")
    for r in results:
        counts = [r.rows_in, r.rows_out, *([r.other_rows] if others else []), r.changes]
        counts += [r.invalid, r.merged, r.to_review]
        summary.add_row(r.sheet or "-", *(str(x) for x in counts))
        for status, count in r.statuses:
            statuses.add_row(r.sheet or "-", status_label(status), str(count))
    return [summary, statuses] if statuses.row_count else [summary]


def progress_bar(counter: str) -> Progress:
    """What is being done, its bar, ``counter`` (a rich column template) and the time taken;
    gone when done."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn(counter),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def partitions(batch: Batch) -> Table:
    """A many-file run: a row per table cleaned (its rows, changes, what needs a person)."""
    table = Table(title="Kết quả từng tệp (each file)", expand=True)
    for header in ("Tệp", "Trang tính", "Dòng đọc", "Dòng ghi", "Thay đổi", "Không hợp lệ",
                   "Gộp trùng", "Địa chỉ cần xem"):  # fmt: skip
        table.add_column(
            header,
            justify="left" if header in ("Tệp", "Trang tính") else "right",
            overflow="fold",  # a long file name is wrapped, never cut to "ca_nuo…"
            ratio=3 if header == "Tệp" else 1,
        )
    total = [0] * 6
    for result in batch.partitions:
        for r in result.tables:
            review = sum(n for status, n in r.statuses if status in REVIEW)
            counts = (r.rows_in, r.rows_out, r.changes, r.invalid, r.merged, review)
            total = [a + b for a, b in zip(total, counts, strict=True)]
            table.add_row(result.shown, r.sheet or "-", *(str(x) for x in counts))
    table.add_section()
    table.add_row("Tổng cộng (total)", "", *(str(x) for x in total), style="bold")
    return table


def written(results: list[SheetResult]) -> list[str]:
    lines = []
    for r in results:
        lines.append(f"Đã ghi (written): {r.target}")
        if r.deduplicated:
            lines.append(f"Bản đã gộp trùng (deduplicated): {r.deduplicated}")
        if r.report:
            lines.append(f"Báo cáo (report): {r.report}")
    return lines


def deduplicated(summary: DedupeSummary) -> Table:
    table = Table(title="Tìm người trùng (duplicates)", show_header=False)
    table.add_row("Số tệp / số dòng", f"{summary.files} / {summary.rows}")
    table.add_row("Cặp đã so sánh (candidate pairs)", str(summary.candidate_pairs))
    table.add_row("Dòng gộp vào dòng khác (merged)", str(summary.merged_rows))
    table.add_row("Cặp cần người xem (to review)", str(summary.review_pairs))
    table.add_row("Số người sau khi gộp (residents)", str(summary.residents))
    return table


def layout(t: SheetTable) -> None:
    """Print where a sheet's header and data are, and each column's role and why."""
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
        letters = column_letter(c.index)
        if c.female is not None:
            letters += f"–{column_letter(c.female)}"  # a "Nam | Nữ" pair read as one field
        table.add_row(letters, c.label, c.role or "other", c.why)
    console.print(table)


def skipped(problems: list[InputError]) -> None:
    for problem in problems:
        console.print(f"[yellow]Bỏ qua (skipped):[/yellow] {problem}", highlight=False)

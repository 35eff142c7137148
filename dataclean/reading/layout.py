"""Find the table inside a government form: title rows, header rows, numbering row, footer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from dataclean.reading.grid import Grid
from dataclean.reading.roles import is_group_label, kinship_share, role_of
from dataclean.schema.columns import ADDED_COLUMNS, SOURCE_ROW
from dataclean.schema.errors import ExitCode, InputError
from dataclean.schema.roles import BIRTHPLACE, HOMETOWN, OTHER, UNIT_ROLES
from dataclean.vietnamese import ascii_key

SCAN_ROWS = 40  # the header sits within the first rows of any form seen
TAIL_ROWS = 60  # and the footer with its signatures within the last ones
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
# "Cộng" alone is a footer; "Cống Vị" (a ward) or "Công" (a name) is not.
_FOOTER = re.compile(
    r"^(tong cong|tong so|cong$|nguoi lap( bieu)?|nguoi ghi|ky ghi ro|xac nhan|chu tich|"
    r"truong (cong an|thon|ban)|thu truong|can bo|.* ngay \d+ thang \d+ nam)\b"
)


# Roles of the columns that `normalize` itself wrote: kept out of the data, or used as the
# row number, so that a second run on its own output gives the same result.
DERIVED, SOURCE = "derived", "source_row"
_OWN_LABELS = {ascii_key(v): DERIVED for v in ADDED_COLUMNS.values()} | {
    ascii_key(SOURCE_ROW): SOURCE
}


class LayoutError(InputError):
    """No table could be found in the sheet."""

    def __init__(self, grid: Grid) -> None:
        super().__init__(
            ExitCode.NO_HEADER,
            "không tìm thấy dòng tiêu đề cột (họ tên, ngày sinh, địa chỉ…)",
            "no recognisable header row",
            file=grid.source,
            sheet=grid.sheet,
        )


@dataclass
class Column:
    index: int  # position in the grid
    label: str  # header text, both header rows joined for a two-row header
    role: str | None
    why: str = ""  # how the role was chosen, in words (shown by `dataclean inspect`)


@dataclass
class Layout:
    header_rows: list[int]  # grid indexes of the header rows
    numbering_row: int | None
    data_start: int  # grid index of the first data row
    data_end: int  # grid index after the last data row (the footer starts here)
    columns: list[Column]

    def roles(self) -> dict[str, str]:
        """Role -> column label, for the columns whose role is known (first one wins)."""
        out: dict[str, str] = {}
        for c in self.columns:
            if c.role and c.role not in (OTHER, DERIVED) and c.role not in out:
                out[c.role] = c.label
        return out

    @property
    def data_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role not in (DERIVED, SOURCE)]


def _row(cells: pl.DataFrame, i: int) -> list[str | None]:
    return [None if v is None or not str(v).strip() else str(v).strip() for v in cells.row(i)]


def _score(labels: list[str | None], given: dict[str, str] | None = None) -> int:
    return len({r for r in _label_roles(labels, given) if r and r != OTHER})


def _combine(upper: list[str | None], lower: list[str | None]) -> list[str | None]:
    """Labels of a two-row header: the sub-header where there is one, else the merged parent."""
    out: list[str | None] = []
    group: str | None = None
    for up, low in zip(upper, lower, strict=True):
        if up is not None:
            group = up if is_group_label(up) else None
        if low is None:
            out.append(up)  # merged down from the upper row
        else:
            out.append(f"{group} - {low}" if group else low)
    return out


def _label_roles(labels: list[str | None], given: dict[str, str] | None = None) -> list[str | None]:
    """The role of each label; ``given`` maps the ASCII key of a label to a role set by hand."""
    roles: list[str | None] = []
    for label in labels:
        if given and label and ascii_key(label) in given:
            roles.append(given[ascii_key(label)])
        elif label and " - " in label:
            group, sub = label.split(" - ", 1)
            # "Nơi sinh - Xã/Phường" is where the person was born, not where they live.
            origin = role_of(group) in (BIRTHPLACE, HOMETOWN)
            roles.append(role_of(group) if origin else role_of(sub) or role_of(label))
        else:
            roles.append(role_of(label))
    return roles


def _is_numbering(values: list[str | None]) -> bool:
    filled = [v for v in values if v is not None]
    return len(filled) >= 2 and all(_NUMBERING.match(v) for v in filled)


def _is_footer(values: list[str | None]) -> bool:
    """A total or signature row: its first cell says so, and it fills few of the columns."""
    filled = [v for v in values if v is not None]
    if not filled or len(filled) > 4 or len(filled) == len(values):
        return False
    return bool(_FOOTER.match(ascii_key(filled[0])))


def detect_layout(grid: Grid, overrides: dict[str, str] | None = None) -> Layout:
    """Header row(s), numbering row, data rows and column roles of a sheet.

    ``overrides`` maps a column label (as printed by ``dataclean inspect``) to the role it has,
    whatever its header says.
    """
    cells = grid.cells
    return layout_from_edges(
        grid, cells.head(SCAN_ROWS), cells.tail(TAIL_ROWS), cells.height, overrides
    )


def layout_from_edges(
    grid: Grid,
    head: pl.DataFrame,
    tail: pl.DataFrame,
    n: int,
    overrides: dict[str, str] | None = None,
    filled: list[bool] | None = None,
) -> Layout:
    """The layout from the first and last rows of a sheet of ``n`` rows.

    The header sits in the first rows and the footer in the last ones, so a file too large to
    load whole is laid out from its edges. ``filled`` tells which columns hold any data; by
    default it is read from ``grid``.
    """
    rows = [_row(head, i) for i in range(head.height)]
    given = {ascii_key(k): v for k, v in (overrides or {}).items()}
    best, best_score = None, 1
    for i, row in enumerate(rows):
        s = _score(row, given)
        if s > best_score:
            best, best_score = i, s
    if best is None:
        raise LayoutError(grid)
    header_rows = [best]
    labels = rows[best]
    # A two-row header: sub-labels under merged cells, either below or above the best row.
    for upper, lower in ((best, best + 1), (best - 1, best)):
        if upper < 0 or lower >= len(rows):
            continue
        combined = _combine(rows[upper], rows[lower])
        if (
            any(is_group_label(x) for x in rows[upper])
            and _score(combined, given) > _score(labels, given)
            and not _is_numbering(rows[lower])
        ):
            header_rows, labels = [upper, lower], combined
            break
    start = header_rows[-1] + 1
    numbering = None
    if start < len(rows) and _is_numbering(rows[start]):
        numbering, start = start, start + 1
    end = _data_end(tail, n, start)
    if filled is None:
        body = grid.cells.slice(start, end - start)
        filled = [body.get_column(f"c{i}").null_count() < body.height for i in range(len(labels))]
    roles = _label_roles(labels, given)
    columns = []
    for idx, (header, role) in enumerate(zip(labels, roles, strict=True)):
        if header is None and not filled[idx]:
            continue  # an empty column with no header
        label = header or f"Cột {idx + 1}"
        own = _OWN_LABELS.get(ascii_key(label))
        why = "cột do dataclean thêm (added by dataclean)" if own else _why(label, role)
        columns.append(Column(idx, label, own or role, why))
    samples = rows[start:] + [_row(tail, i) for i in range(tail.height)]
    _check_values(columns, samples)
    if overrides:
        _apply_overrides(columns, overrides, grid)
    return Layout(header_rows, numbering, start, end, columns)


def _why(label: str, role: str | None) -> str:
    if role in (None, OTHER):
        return "tiêu đề không phải trường cần làm sạch (header names no field to clean)"
    return f"theo tiêu đề '{label}' (from the header)"


def _check_values(columns: list[Column], samples: list[list[str | None]]) -> None:
    """A header alone does not make a unit column: "Quan hệ" columns hold "Con", "Vợ"."""
    for c in columns:
        if c.role not in UNIT_ROLES:
            continue
        values = [r[c.index] for r in samples if c.index < len(r) and r[c.index] is not None]
        share = kinship_share([v for v in values if v is not None])
        if share >= 0.5:
            c.role = OTHER
            c.why = (
                f"{share:.0%} giá trị là quan hệ gia đình (Con, Vợ…), không phải địa danh "
                "(values are kinship words, not places)"
            )


def _data_end(tail: pl.DataFrame, n: int, start: int) -> int:
    """Where the footer ("Tổng cộng", "Người lập biểu", signatures) starts, among the last rows.

    Only the last rows are searched: a "Tổng cộng" of one village in the middle of the list
    stays a row of the table, so that no row after it is ever dropped.
    """
    offset = n - tail.height
    end = n
    for i in range(tail.height):
        if offset + i >= start and _is_footer(_row(tail, i)):
            end = offset + i
            break
    # Blank rows just above the footer are not part of the table.
    while end > start and all(v is None for v in _row(tail, end - 1 - offset)):
        end -= 1
    return end


def _apply_overrides(columns: list[Column], overrides: dict[str, str], grid: Grid) -> None:
    by_key = {ascii_key(c.label): c for c in columns}
    for label, role in overrides.items():
        column = by_key.get(ascii_key(label))
        if column is None:
            raise InputError(
                ExitCode.USAGE,
                f"không có cột '{label}'; các cột: " + ", ".join(c.label for c in columns),
                "no column with that header",
                file=grid.source,
                sheet=grid.sheet,
                column=label,
            )
        column.role = role
        column.why = "do người dùng chỉ định (set by --column)"


def extract_table(grid: Grid, layout: Layout) -> pl.DataFrame:
    """The data rows with their header labels, plus ``__row``: the sheet row number."""
    return table_rows(grid.cells, layout, grid.first_row)


Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def table_rows(cells: Frame, layout: Layout, first_row: int = 1) -> Frame:
    """The data rows of ``cells`` (columns c0, c1, …) under their labels, plus ``__row``.

    Blank rows are left out; a LazyFrame stays lazy.
    """
    body = cells.slice(layout.data_start, layout.data_end - layout.data_start)
    body = body.with_row_index("__index").with_columns(
        (pl.col("__index") + layout.data_start + first_row).cast(pl.Int64).alias("__row")
    )
    body = body.filter(pl.any_horizontal(pl.all().exclude("__index", "__row").is_not_null()))
    source = next((c for c in layout.columns if c.role == SOURCE), None)
    if source is not None:
        # Our own output: keep the original sheet's row numbers.
        own = pl.col(f"c{source.index}").cast(pl.Float64, strict=False).cast(pl.Int64)
        body = body.with_columns(own.fill_null(pl.col("__row")).alias("__row"))
    seen: dict[str, int] = {}
    exprs = [pl.col("__row")]
    for c in layout.data_columns:
        name = c.label
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        exprs.append(pl.col(f"c{c.index}").alias(name))
    return body.select(exprs)

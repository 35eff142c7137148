"""Find the table inside a government form: title rows, header rows, numbering row, footer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from dataclean.reading.grid import Grid
from dataclean.reading.roles import kinship_share, role_of
from dataclean.schema.columns import (
    ADDED,
    ADDED_COLUMNS,
    PRIOR_KEYS,
    PROBLEM_PREFIX,
    SOURCE_ROW,
    prior,
)
from dataclean.schema.errors import ExitCode, InputError
from dataclean.schema.roles import (
    CURRENT,
    OTHER,
    OTHER_ADDRESS_ROLES,
    UNIT_ROLES,
)
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
# The mark of a row the first input hid is carried, since our output hides no row.
DERIVED, SOURCE, HIDDEN_MARK = "derived", "source_row", "hidden_mark"
_OWN_LABELS = {ascii_key(v): DERIVED for v in ADDED_COLUMNS.values()} | {
    ascii_key(SOURCE_ROW): SOURCE,
    ascii_key(ADDED_COLUMNS["hidden_row"]): HIDDEN_MARK,
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
    # A "Nam | Nữ" pair read as one field: the grid index of the "Nữ" column (``index`` is the
    # "Nam" one). The date sits in the column of the person's gender, or a mark does.
    female: int | None = None
    hidden: bool = False  # the original sheet hides the column
    renamed_from: str | None = None  # its header collided with a column dataclean adds


@dataclass
class Layout:
    header_rows: list[int]  # grid indexes of the header rows
    numbering_row: int | None
    data_start: int  # grid index of the first data row
    data_end: int  # grid index after the last data row (the footer starts here)
    columns: list[Column]

    def roles(self) -> dict[str, str]:
        """Role -> column label, for the columns whose role is known (first one wins).

        The residence is the permanent address (``address``, or its unit columns); a list
        with only a current address has that one as its residence.
        """
        out: dict[str, str] = {}
        for c in self.columns:
            if c.role and c.role not in (OTHER, DERIVED) and c.role not in out:
                out[c.role] = c.label
        if CURRENT in out and not UNIT_ROLES & out.keys():
            out["address"] = out.pop(CURRENT)
        return out

    def other_addresses(self) -> dict[str, list[str]]:
        """The addresses beside the residence (current, birthplace, hometown): role -> the
        labels of its columns, in sheet order (one free-text column, or its unit columns)."""
        residence = {label for role, label in self.roles().items() if role in UNIT_ROLES}
        out: dict[str, list[str]] = {}
        for c in self.columns:
            if c.role in OTHER_ADDRESS_ROLES and c.label not in residence:
                out.setdefault(c.role, []).append(c.label)
        return out

    def renamed_columns(self) -> list[str]:
        """The input's columns renamed because their header is one dataclean adds, as
        "old → new"."""
        return [f"{c.renamed_from} → {c.label}" for c in self.columns if c.renamed_from]

    def hidden_columns(self) -> list[str]:
        """The labels of the columns the original sheet hides."""
        return [c.label for c in self.data_columns if c.hidden]

    @property
    def data_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role not in (DERIVED, SOURCE, HIDDEN_MARK)]


def _row(cells: pl.DataFrame, i: int) -> list[str | None]:
    return [None if v is None or not str(v).strip() else str(v).strip() for v in cells.row(i)]


def _score(labels: list[str | None], given: dict[str, str] | None = None) -> int:
    return len({r for r in _label_roles(labels, given) if r and r != OTHER})


def _combine(upper: list[str | None], lower: list[str | None]) -> list[str | None]:
    """Labels of two header rows: "parent - child" under a parent merged over sub-columns, the
    upper label where nothing is below it (merged down), else the lower one.

    A merged cell is read back as its first cell and blanks: a parent starts where both rows
    are filled and spans the blanks to its right that have a sub-label below them.
    """
    out: list[str | None] = []
    parent: str | None = None
    for up, low in zip(upper, lower, strict=True):
        if low is None:
            parent = None
            out.append(up)
            continue
        if up is not None:
            parent = up.rstrip(" :")  # "Nơi cư trú:" over "Thường trú | Tạm trú"
        out.append(f"{parent} - {low}" if parent else low)
    return out


# Sub-header words that name no field on their own: "Năm sinh" over "Nam | Nữ", "Nơi cư trú"
# over "Thường trú | Tạm trú".
SUB_HEADER_WORDS = frozenset(
    {"nam", "nu", "thuong tru", "tam tru", "hien tai", "hien nay", "ngay cap", "noi cap"}
)
MAX_HEADER_ROWS = 3


def _is_header_word(value: str) -> bool:
    return ascii_key(value) in SUB_HEADER_WORDS or role_of(value) is not None


def _spans(upper: list[str | None], lower: list[str | None]) -> bool:
    """Whether ``upper`` holds a parent label merged over two or more labels of ``lower``."""
    return any(
        upper[j] is not None
        and lower[j] is not None
        and upper[j + 1] is None
        and lower[j + 1] is not None
        for j in range(len(upper) - 1)
    )


def _is_sub_header(row: list[str | None], above: list[str | None]) -> bool:
    """A header row under ``above``: only header words, and fewer cells than the row above
    (a data row fills its name, date and address cells with values, not header words)."""
    filled = [v for v in row if v is not None]
    return (
        bool(filled)
        and all(_is_header_word(v) for v in filled)
        and len(filled) <= sum(v is not None for v in above)
        and not _is_numbering(row)
    )


def _header_block(
    rows: list[list[str | None]], best: int
) -> tuple[list[int], list[str | None], int | None, int]:
    """The header rows around the best-scoring one (a parent row above it, sub-header rows
    below it: up to three rows), their joined labels, the numbering row ("(1) (2) …", before,
    between or after the sub-headers) and where the data starts."""
    block, labels = [best], rows[best]
    upper = rows[best - 1] if best > 0 else []
    if upper and _spans(upper, labels) and all(_is_header_word(v) for v in upper if v):
        block, labels = [best - 1, best], _combine(upper, labels)
    numbering = None
    i = best + 1
    while i < len(rows):
        row = rows[i]
        if _is_numbering(row):
            numbering = i if numbering is None else numbering
        elif len(block) < MAX_HEADER_ROWS and _is_sub_header(row, rows[block[-1]]):
            labels = _combine(labels, row)
            block.append(i)
        else:
            break
        i += 1
    return block, labels, numbering, i


def _label_roles(labels: list[str | None], given: dict[str, str] | None = None) -> list[str | None]:
    """The role of each label; ``given`` maps the ASCII key of a label to a role set by hand."""
    roles: list[str | None] = []
    for label in labels:
        if given and label and ascii_key(label) in given:
            roles.append(given[ascii_key(label)])
        elif label and " - " in label:
            group, sub = label.split(" - ", 1)
            # "Nơi sinh - Xã/Phường" is where the person was born, not where they live; the
            # sub-columns of a current address are that address's, not the residence's.
            origin = role_of(group) in OTHER_ADDRESS_ROLES
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
    header_rows, labels, numbering, start = _header_block(rows, best)
    end = _data_end(tail, n, start)
    if filled is None:
        body = grid.cells.slice(start, end - start)
        filled = [body.get_column(f"c{i}").null_count() < body.height for i in range(len(labels))]
    roles = _label_roles(labels, given)
    pairs = _gender_pairs(labels, roles)
    columns = []
    for idx, (header, role) in enumerate(zip(labels, roles, strict=True)):
        if idx in pairs:
            columns.extend(pairs[idx])
            continue
        if idx - 1 in pairs or (header is None and not filled[idx]):
            continue  # the "Nữ" half of a pair, or an empty column with no header
        label = header or f"Cột {idx + 1}"
        own = _OWN_LABELS.get(ascii_key(label))
        why = "cột do dataclean thêm (added by dataclean)" if own else _why(label, role)
        columns.append(Column(idx, label, own or role, why))
    if not any(c.role == SOURCE for c in columns):
        _keep_colliding(columns)
    for c in columns:
        if c.index in grid.facts.hidden_columns:
            c.hidden = True
            c.why += "; cột ẩn trong tệp gốc (hidden in the original)"
    samples = rows[start:] + [_row(tail, i) for i in range(tail.height)]
    _check_values(columns, samples)
    if overrides:
        _apply_overrides(columns, overrides, grid)
    return Layout(header_rows, numbering, start, end, columns)


ORIGINAL_MARK = " (tệp gốc)"


def _keep_colliding(columns: list[Column]) -> None:
    """A sheet that is not our own output (it has no "Dòng gốc") may still head a column with
    a name dataclean adds ("Trạng thái", "Lỗi dữ liệu") or uses inside ("unit_status"): that
    column is the user's data, kept under a name of its own, never dropped or overwritten."""
    taken = {c.label for c in columns}
    for c in columns:
        if c.role not in (DERIVED, HIDDEN_MARK) and not _reserved(c.label):
            continue
        label = c.label + ORIGINAL_MARK
        while label in taken:
            label += ORIGINAL_MARK
        taken.add(label)
        c.renamed_from, c.label = c.label, label
        # Kept as data, read as no field: our words in the user's header ("Xã/Phường mới",
        # "Họ tên không dấu") say what we would have put there, not what the user did.
        c.role = None
        c.why = (
            f"trùng tên cột dataclean thêm, đổi thành '{label}' "
            "(collides with a column dataclean adds: renamed)"
        )


def _reserved(label: str) -> bool:
    return label in ADDED_COLUMNS or label.startswith("__")


def _last_part(label: str | None) -> str:
    return ascii_key(label.rsplit(" - ", 1)[-1]) if label else ""


def _gender_pairs(labels: list[str | None], roles: list[str | None]) -> dict[int, list[Column]]:
    """Adjacent "Nam" and "Nữ" columns, by the index of the "Nam" one: under "Năm sinh" they
    hold the date of birth (a date of birth and a gender column), else marks ("x", "1": a
    gender column)."""
    pairs: dict[int, list[Column]] = {}
    for i in range(len(labels) - 1):
        if (_last_part(labels[i]), _last_part(labels[i + 1])) != ("nam", "nu"):
            continue
        male, female = labels[i] or "", labels[i + 1] or ""
        why = f"giới tính theo cột có ghi: '{male}' hay '{female}' (gender from the filled column)"
        gender = Column(i, "Giới tính", "gender", why, female=i + 1)
        if roles[i] == "dob":
            parent = male.rsplit(" - ", 1)[0]
            dob_why = f"ngày sinh ghi ở cột '{male}' hoặc '{female}' (date in either column)"
            pairs[i] = [Column(i, parent, "dob", dob_why, female=i + 1), gender]
        else:
            pairs[i] = [gender]
    return pairs


def _why(label: str, role: str | None) -> str:
    if role in (None, OTHER):
        return "tiêu đề không phải trường cần làm sạch (header names no field to clean)"
    return f"theo tiêu đề '{label}' (from the header)"


def _check_values(columns: list[Column], samples: list[list[str | None]]) -> None:
    """A header alone does not make a unit column: "Quan hệ" columns hold "Con", "Vợ"."""
    for c in columns:
        if c.role not in UNIT_ROLES and c.role not in OTHER_ADDRESS_ROLES:
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
    """The data rows with their header labels, plus ``__row``: the sheet row number, and
    ``hidden_row`` where the sheet hides some rows."""
    table = table_rows(grid.cells, layout, grid.first_row)
    hidden = list(grid.facts.hidden_rows)
    if not hidden or not table["__row"].is_in(hidden).any():
        return table
    marked: pl.Expr = pl.when(pl.col("__row").is_in(hidden)).then(pl.lit(HIDDEN))
    if HIDDEN_ROW in table.columns:
        marked = pl.coalesce(pl.col(HIDDEN_ROW), marked)
    return table.with_columns(marked.alias(HIDDEN_ROW))


# What a PivotTable shows, pasted as values or not: its own labels.
_PIVOT_LABELS = frozenset(
    {"row labels", "column labels", "grand total", "nhan hang", "nhan cot", "tong cuoi"}
)


def looks_like_pivot(head: pl.DataFrame) -> bool:
    """Whether the first rows of a sheet are a PivotTable's: "Row Labels", "Grand Total" and
    their Vietnamese Excel words ("Nhãn Hàng", "Tổng Cuối")."""
    for i in range(head.height):
        if any(v and ascii_key(v) in _PIVOT_LABELS for v in _row(head, i)):
            return True
    return False


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
        exprs.append(_cell(c).alias(name))
    exprs.extend(_pair_problem(c) for c in layout.data_columns if c.female and c.role == "gender")
    mark = next((c for c in layout.columns if c.role == HIDDEN_MARK), None)
    if mark is not None:
        hidden = pl.col(f"c{mark.index}").str.strip_chars() == HIDDEN_WORD
        exprs.append(pl.when(hidden).then(pl.lit(HIDDEN)).alias(HIDDEN_ROW))
    derived = {ascii_key(c.label): c for c in layout.columns if c.role == DERIVED}
    for key in PRIOR_KEYS:
        earlier = derived.get(ascii_key(ADDED_COLUMNS[key]))
        if earlier is not None:
            exprs.append(pl.col(f"c{earlier.index}").cast(pl.String).alias(prior(key)))
    return body.select(exprs)


PAIR_PROBLEM = f"{PROBLEM_PREFIX}gender_columns"
# A row the original sheet hides (often a resident who moved away): read, and marked so.
HIDDEN_ROW, HIDDEN = "hidden_row", "hidden"
HIDDEN_WORD = next(c.words or {} for c in ADDED if c.key == HIDDEN_ROW)[HIDDEN]  # "ẩn"
# What reading adds beside the table's own columns.
_HELPERS = frozenset({"__row", PAIR_PROBLEM, HIDDEN_ROW})
PRIOR = prior("")


def own_columns(names: list[str]) -> list[str]:
    """The table's own columns among ``names``: reading's helper columns left out."""
    return [c for c in names if c not in _HELPERS and not c.startswith(PRIOR)]


def _marked(index: int) -> pl.Expr:
    text = pl.col(f"c{index}").str.strip_chars()
    return text.is_not_null() & (text != "") & (text != "0")


def _cell(c: Column) -> pl.Expr:
    """The value of a column; for a "Nam | Nữ" pair, the date (from either column) or the
    gender (from which column is filled; none when both or neither are)."""
    if c.female is None:
        return pl.col(f"c{c.index}")
    male, female = _marked(c.index), _marked(c.female)
    if c.role == "dob":
        return pl.coalesce(pl.col(f"c{c.index}"), pl.col(f"c{c.female}"))
    return pl.when(male & ~female).then(pl.lit("Nam")).when(female & ~male).then(pl.lit("Nữ"))


def _pair_problem(c: Column) -> pl.Expr:
    assert c.female is not None
    male, female = _marked(c.index), _marked(c.female)
    return (
        pl.when(male & female)
        .then(pl.lit("Ghi ở cả cột Nam và cột Nữ (both the Nam and Nữ columns are filled)"))
        .when(~male & ~female)
        .then(pl.lit("Không ghi ở cột Nam hay cột Nữ (neither the Nam nor Nữ column is filled)"))
        .alias(PAIR_PROBLEM)
    )

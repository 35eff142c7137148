"""Options shared by the commands, and what they turn into."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dataclean.cli.errors import MADE_DIRS, OUTPUT_DIR, fail
from dataclean.schema.errors import ExitCode

if TYPE_CHECKING:
    from dataclean.dedupe import Thresholds

# The dedupe defaults, here so that `--help` needs no polars (dataclean.dedupe.Thresholds holds
# the same values; a test keeps them equal).
MERGE_DEFAULT, REVIEW_DEFAULT = 12.0, 5.0


class Format(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    parquet = "parquet"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


OutdirOption = Annotated[
    Path | None,
    typer.Option("-o", "--outdir", help="Thư mục ghi kết quả (mặc định: cạnh tệp)."),
]
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
    Lang, typer.Option("--lang", help="Ngôn ngữ tiêu đề báo cáo: vi hoặc en (report headers).")
]
ListDateOption = Annotated[
    str | None,
    typer.Option(
        "--ngay-lap",
        help="Ngày lập danh sách (dd/mm/yyyy): tên từng chỉ đơn vị khác được đọc theo ngày đó.",
    ),
]
MaskOption = Annotated[
    bool,
    typer.Option("--mask", help="Che số CCCD và điện thoại trong báo cáo, chỉ để 3 số cuối."),
]
MergeOption = Annotated[
    float,
    typer.Option("--merge-threshold", help="Điểm từ mức này trở lên: gộp (merge) hai dòng."),
]
ReviewOption = Annotated[
    float,
    typer.Option("--review-threshold", help="Điểm từ mức này đến mức gộp: cần người xem."),
]


def existing(path: Path) -> Path:
    """``path``, or the error that it is not a file."""
    if path.is_dir():
        fail(ExitCode.INPUT_NOT_READABLE, f"{path} là một thư mục, không phải tệp", "a folder")
    if not path.is_file():
        fail(ExitCode.MISSING_FILE, f"không tìm thấy tệp {path}", "file not found")
    return path


def writable(outdir: Path) -> Path:
    """The output folder, made if need be, or the error that it cannot be written."""
    made = [p for p in (outdir, *outdir.parents) if not p.exists()]
    with contextlib.suppress(OSError):  # reported just below
        outdir.mkdir(parents=True, exist_ok=True)
    MADE_DIRS.set(made)
    if not outdir.is_dir() or not os.access(outdir, os.W_OK):
        fail(
            ExitCode.OUTPUT_NOT_WRITABLE,
            f"không ghi được vào thư mục {outdir}",
            "output directory not writable",
        )
    OUTPUT_DIR.set(outdir)
    return outdir


def overrides(columns: list[str] | None, columns_file: Path | None) -> dict[str, str]:
    """The column roles set by hand: the TOML file's, then each ``--column``."""
    from dataclean.reading.overrides import load_mapping_file, parse_column_options

    out = load_mapping_file(columns_file) if columns_file else {}
    out.update(parse_column_options(columns or []))
    return out


def list_date(text: str | None) -> dt.date | None:
    """The date a list was made, as officials write it (dd/mm/yyyy) or as ISO."""
    if text is None:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    fail(ExitCode.USAGE, f"--ngay-lap '{text}' không phải ngày dd/mm/yyyy", "not a date")


def thresholds(merge: float, review: float) -> Thresholds:
    from dataclean.dedupe import Thresholds

    if review > merge:
        fail(ExitCode.USAGE, "--review-threshold phải nhỏ hơn --merge-threshold", "bad thresholds")
    return Thresholds(merge=merge, review=review)

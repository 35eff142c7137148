"""One large file cut by its 2025 province, each part then cleaned as a file of its own.

A national or regional export is one file of millions of rows. Its province column says where
each row lives: each distinct text is read once (an old province gives its new one, since the
2025 merger moved provinces whole), the rows are written to one Parquet file a province in a
single streamed pass, and those files are the partitions of a many-file run
(:mod:`dataclean.jobs.normalize_many`): side by side here, or as Spark tasks. Each part keeps
the row's number in the file it came from (``Dòng trong tệp gốc``), and the parts' rows add up
to the file's.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from dataclean.jobs.normalize import NormalizeOptions, RowCountMismatch
from dataclean.reading.lazy_table import (
    LAZY_SUFFIXES,
    open_lazy_table,
    remove_workdir,
    temporary_workdir,
)
from dataclean.rules.base import mapped
from dataclean.schema.columns import ORIGINAL_FILE_ROW
from dataclean.schema.errors import ExitCode, InputError
from dataclean.units.resolver import default_resolver
from dataclean.vietnamese import ascii_key

UNKNOWN = "00"  # the part of the rows whose province is empty or names no province we know
_KEY = "__new_province"


@contextmanager
def province_parts(
    input_file: Path, outdir: Path, opts: NormalizeOptions
) -> Iterator[dict[Path, str]]:
    """The Parquet files of ``input_file`` cut by new province, in a scratch folder inside
    ``outdir`` (removed afterwards, whatever happens): ``<name>_<code>_<province>.parquet``,
    each with what the reports call it ("ca_nuoc.csv: Thành phố Hà Nội (01)")."""
    workdir = temporary_workdir(outdir)
    try:
        yield split_by_province(input_file, workdir, opts)
    finally:
        remove_workdir(workdir)


def split_by_province(input_file: Path, workdir: Path, opts: NormalizeOptions) -> dict[Path, str]:
    """Cut ``input_file`` into one Parquet file a new province, in ``workdir``; each file with
    what the reports call it."""
    if input_file.suffix.lower() not in LAZY_SUFFIXES:
        raise InputError(
            ExitCode.USAGE,
            "--by-province dành cho tệp lớn .csv hoặc .parquet; một bảng tính .xlsx/.xls hãy làm "
            "sạch trực tiếp, không cần --by-province",
            "--by-province cuts a large .csv or .parquet file; clean a workbook without it",
            file=str(input_file),
        )
    table = open_lazy_table(input_file, workdir, opts.overrides)
    column = table.layout.roles().get("province")
    if column is None:
        raise InputError(
            ExitCode.USAGE,
            "--by-province cần một cột tỉnh/thành phố; không thấy cột nào như vậy "
            "(chỉ định bằng --column province=<tên cột>)",
            "--by-province needs a province column (name it with --column province=...)",
            file=str(input_file),
        )
    texts = table.rows.select(pl.col(column).unique()).collect(engine="streaming")[column]
    codes, names = _new_provinces(texts.drop_nulls().to_list())
    keyed = table.rows.select(
        pl.col("__row").alias(ORIGINAL_FILE_ROW),
        *(pl.col(c) for c in table.original_columns),
        mapped(pl.col(column), codes).fill_null(UNKNOWN).alias(_KEY),
    )
    cut = workdir / "parts"
    keyed.sink_parquet(
        pl.PartitionBy(cut, key=_KEY, include_key=False, approximate_bytes_per_file=None),
        mkdir=True,
    )
    parts = dict(_named(folder, input_file, names, workdir) for folder in sorted(cut.iterdir()))
    rows = sum(pl.scan_parquet(p).select(pl.len()).collect().item() for p in parts)
    if rows != table.row_count:
        raise RowCountMismatch(f"{input_file}: {table.row_count} rows in, {rows} in the parts")
    return dict(sorted(parts.items()))


def _new_provinces(texts: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each province text's new province code, and each code's name (for the file names)."""
    resolver = default_resolver()
    codes: dict[str, str] = {}
    names = {UNKNOWN: "Không rõ tỉnh"}
    for text in texts:
        answer = resolver.resolve(province=text)
        if answer.new_province_code:
            codes[text] = answer.new_province_code
            names.setdefault(answer.new_province_code, answer.new_province_name or "")
    return codes, names


def _named(
    folder: Path, input_file: Path, names: dict[str, str], workdir: Path
) -> tuple[Path, str]:
    """The part in ``folder`` (``__new_province=79``) as ``<stem>_79_thanh_pho_ho_chi_minh
    .parquet``, and its label."""
    code = folder.name.partition("=")[2]
    code = code if code in names else UNKNOWN  # polars names the part of missing keys its way
    slug = "_".join(ascii_key(names[code]).split()) or code
    (written,) = folder.glob("*.parquet")  # one file a key: no size split was asked for
    target = workdir / f"{input_file.stem}_{code}_{slug}.parquet"
    shutil.move(written, target)
    return target, f"{input_file.name}: {names[code]} ({code})"

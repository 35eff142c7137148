"""Open a large CSV or Parquet file lazily: laid out from its first and last rows, then streamed.

Only the header rows, the last rows (for the footer) and one streaming pass that counts rows
and finds the empty columns are read up front. The rows themselves flow through polars'
streaming engine to the output, so a file of millions of rows runs in a few GiB.
"""

from __future__ import annotations

import codecs
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean.reading.encoding import detect_encoding, line_text
from dataclean.reading.grid import Grid, csv_options, csv_sample, malformed, refuse_non_text
from dataclean.reading.layout import (
    SCAN_ROWS,
    TAIL_ROWS,
    Layout,
    layout_from_edges,
    own_columns,
    table_rows,
)
from dataclean.schema.errors import ExitCode, InputError

LAZY_SUFFIXES = {".csv", ".txt", ".parquet"}


@dataclass
class LazyTable:
    source: str
    layout: Layout
    rows: pl.LazyFrame  # __row plus the original columns
    row_count: int  # data rows (blank rows inside the table not counted)

    @property
    def original_columns(self) -> list[str]:
        return own_columns(self.rows.collect_schema().names())


def _utf8_copy(path: Path, encoding: str, workdir: Path) -> Path:
    """A UTF-8 copy of a file in another encoding, converted in chunks (polars reads UTF-8)."""
    target = workdir / (path.stem + ".utf8.csv")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        if encoding == "cp1258":
            dst.writelines(line_text(line) for line in src)  # each line in its own encoding
            return target
        while chunk := src.read(1 << 24):
            dst.write(decoder.decode(chunk))
        dst.write(decoder.decode(b"", final=True))
    return target


def _scan(path: Path, workdir: Path) -> pl.LazyFrame:
    """Cells c0, c1, … of every row as text; a Parquet file's column names are its row 1."""
    if path.suffix.lower() == ".parquet":
        lf = pl.scan_parquet(path)
        names = lf.collect_schema().names()
        header = pl.DataFrame([[n] for n in names], schema=[f"c{i}" for i in range(len(names))])
        body = lf.select(pl.col(n).cast(pl.String).alias(f"c{i}") for i, n in enumerate(names))
        return pl.concat([header.lazy(), body])
    if path.stat().st_size == 0:
        raise InputError(ExitCode.EMPTY, "tệp rỗng", "the file is empty", file=str(path))
    refuse_non_text(path)
    encoding = detect_encoding(path)
    if encoding not in ("utf-8", "utf-8-sig"):
        path = _utf8_copy(path, encoding, workdir)
    with path.open("rb") as f:
        head = f.read(64 << 20)  # at most: csv_sample needs only the first lines whole
    sample = csv_sample(head.removeprefix(b"\xef\xbb\xbf"))
    return pl.scan_csv(path, **csv_options(sample, path))


def open_lazy_table(
    path: Path, workdir: Path, overrides: dict[str, str] | None = None
) -> LazyTable:
    """The table of a large CSV or Parquet file, without loading it."""
    try:
        cells = _scan(path, workdir)
        width = len(cells.collect_schema())
        stats = cells.select(
            pl.len().alias("__n"), *(pl.col(f"c{i}").is_not_null().any() for i in range(width))
        ).collect(engine="streaming")
        n = stats["__n"][0]
        head = cells.head(SCAN_ROWS).collect()
        tail = cells.slice(max(0, n - TAIL_ROWS), TAIL_ROWS).collect()
        grid = Grid(str(path), None, head, 1)
        filled = [bool(stats[f"c{i}"][0]) for i in range(width)]
        layout = layout_from_edges(grid, head, tail, n, overrides, filled)
        rows = table_rows(cells, layout)
        count = rows.select(pl.len()).collect(engine="streaming").item()
    except pl.exceptions.PolarsError as exc:
        raise malformed(path, exc) from None
    return LazyTable(str(path), layout, rows, count)


def temporary_workdir(near: Path) -> Path:
    """A scratch folder beside the output, for a UTF-8 copy of a legacy-encoded input."""
    return Path(tempfile.mkdtemp(prefix=".dataclean-", dir=near))


def remove_workdir(workdir: Path) -> None:
    shutil.rmtree(workdir, ignore_errors=True)

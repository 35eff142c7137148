"""The `dedupe` job: the same resident within one file or across the files of merged communes.

Each file is cleaned as `normalize` cleans it (field rules, units); their rows are put in one
table under common headers, with the file, the sheet and the row each came from; duplicates
are found across all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean.dedupe import Thresholds
from dataclean.dedupe.report import deduplicate, headed
from dataclean.pipeline import Progress, normalize_table
from dataclean.reading.tables import read_tables
from dataclean.runtime.cluster import spark_engine
from dataclean.runtime.warm_up import warm_up
from dataclean.schema.columns import ADDED_COLUMNS, ID_TRUSTED, REVIEW_SHEET
from dataclean.schema.errors import ExitCode, InputError
from dataclean.writing.clean_workbook import Book, write_output
from dataclean.writing.output_folder import safe_name

# Common headers for the fields, whatever each file called them.
HEADERS = {
    "name": "Họ tên",
    "dob": "Ngày sinh",
    "gender": "Giới tính",
    "id": "Số CCCD/CMND",
    "phone": "Số điện thoại",
}
_HELPERS = (
    "name_key", "id_type", "phone_kind", "dob_precision", "data_problems", ID_TRUSTED,
    "new_commune_code", "old_commune_code", "new_address",
)  # fmt: skip
# The added columns under their headers in the registry; the row is "file:row" here, and so
# are the rows a pair is to be reviewed with.
_OUT = {
    "__row": "Tệp:dòng",
    **{v: v for v in HEADERS.values()},
    **{k: ADDED_COLUMNS[k] for k in ("new_address", "dup_status", "dup_cluster", "dup_score")},
    "dup_review": "Cần xem trùng với",
    "merged_rows": ADDED_COLUMNS["merged_rows"],
}
ALL_ROWS, KEPT = "Các dòng", "Giữ lại"
# Names an input column cannot keep here: ours would be written over it.
_RESERVED = frozenset(_OUT) | frozenset(_OUT.values()) | frozenset(_HELPERS)


@dataclass
class DedupeSummary:
    rows: int
    files: int
    candidate_pairs: int
    merged_rows: int
    review_pairs: int
    residents: int
    target: Path


def _rows_of(path: Path, sheet: str | None, progress: Callable[[str], Progress] | None):
    for table in read_tables(path, sheet):
        roles = table.layout.roles()
        if "name" not in roles:
            raise InputError(
                ExitCode.NO_HEADER,
                "không thấy cột họ tên để tìm người trùng",
                "no name column to match people on",
                file=str(path),
                sheet=table.grid.sheet,
            )
        label = f"{path.name}" + (f"[{table.grid.sheet}]" if table.grid.sheet else "")
        frame = normalize_table(table, progress(label) if progress else None).frame
        fields = {roles[r] for r in HEADERS if r in roles}
        # Every other column of the file too, as it was cleaned, under its own header.
        others = [c for c in table.original_columns if c not in fields and c not in _RESERVED]
        yield frame.select(
            pl.concat_str([pl.lit(label + ":"), pl.col("__row").cast(pl.String)]).alias("__row"),
            *(pl.col(roles[r]).alias(h) for r, h in HEADERS.items() if r in roles),
            *(pl.col(c).cast(pl.String) for c in others),
            *(pl.col(c) for c in _HELPERS if c in frame.columns),
        )


def dedupe_files(
    paths: list[Path],
    outdir: Path,
    thresholds: Thresholds | None = None,
    sheet: str | None = None,
    progress: Callable[[str], Progress] | None = None,
    cluster: str | None = None,
) -> DedupeSummary:
    """Find duplicates within and across ``paths``; write ``dedupe_<first file>.xlsx``. With
    ``cluster`` (a Spark master), the pairs are scored there."""
    warm_up()
    frames = [f for path in paths for f in _rows_of(path, sheet, progress)]
    table = pl.concat(frames, how="diagonal_relaxed")
    roles = {r: h for r, h in HEADERS.items() if h in table.columns}
    if cluster:
        with spark_engine(cluster) as engine:
            done = deduplicate(table, roles, thresholds, engine)
    else:
        done = deduplicate(table, roles, thresholds)
    marked, found, kept = done.marked, done.found, done.kept

    originals = [c for c in table.columns if c not in _OUT and c not in _HELPERS]

    def shown(df: pl.DataFrame) -> pl.DataFrame:
        fields = [c for c in _OUT if c in df.columns]
        order = fields[: 1 + len(HEADERS)] + originals + fields[1 + len(HEADERS) :]
        return df.select(pl.col(c).alias(_OUT.get(c) or c) for c in order if c in df.columns)

    target = outdir / f"dedupe_{safe_name(paths[0].stem)}.xlsx"
    rows = shown(marked)
    write_output(
        rows,
        target,
        marked["dup_status"].is_not_null() | marked["dup_review"].is_not_null(),
        None,
        {**headed(done.sheets), KEPT: shown(kept)},
        Book(first_sheet=ALL_ROWS),
    )
    return DedupeSummary(
        table.height, len(paths), found.candidate_pairs, table.height - kept.height,
        done.sheets[REVIEW_SHEET].height, kept.height, target,
    )  # fmt: skip

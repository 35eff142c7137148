"""`dataclean report`: the report again, from a cleaned workbook and the sheets beside its data."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dataclean.reading.facts import run_facts
from dataclean.reading.own_workbook import OwnWorkbook
from dataclean.reporting.report import ReportInput, build_report
from dataclean.schema.audit import EVENT_HEADERS, EVENT_KEYS
from dataclean.schema.columns import (
    CHANGES_SHEET,
    CLEAN_SHEET,
    MERGES_SHEET,
    PAIR_HEADERS,
    REVIEW_SHEET,
    SOURCE_ROW,
)
from dataclean.schema.errors import ExitCode, InputError
from dataclean.writing.output_folder import safe_name
from dataclean.writing.report_workbook import write_report


def rebuild_report(clean_file: Path, outdir: Path, lang: str = "vi", mask: bool = False) -> Path:
    """Write ``<name>_report.xlsx`` for a ``<name>_clean.xlsx``; returns its path."""
    book = OwnWorkbook(clean_file)
    clean = book.sheet(CLEAN_SHEET)
    if clean is None:
        raise InputError(
            ExitCode.NO_HEADER,
            f"không có trang '{CLEAN_SHEET}': không phải tệp do dataclean normalize ghi",
            "not a cleaned workbook",
            file=str(clean_file),
        )
    # The roles and the input `normalize` recorded; a workbook without them is read afresh.
    facts = book.facts()
    roles = book.roles(CLEAN_SHEET)
    clean = clean.with_columns(pl.col(SOURCE_ROW).cast(pl.Int64))
    events = book.sheet(CHANGES_SHEET)
    events = (
        events.rename(EVENT_KEYS, strict=False).with_columns(pl.col("row").cast(pl.Int64))
        if events is not None and events.height
        else pl.DataFrame(schema={k: pl.String for k in EVENT_HEADERS})
    )
    pairs = [p for p in (book.sheet(MERGES_SHEET), book.sheet(REVIEW_SHEET)) if p is not None]
    keys = {header: key for key, header in PAIR_HEADERS.items()}
    numbers = pl.col("row_a", "row_b").cast(pl.Int64, strict=False)
    pairs = [
        p.rename(keys, strict=False)
        .select("row_a", "name_a", "row_b", "name_b", "score", "evidence", "verdict")
        .with_columns(numbers)
        for p in pairs
        if p.height
    ]
    data = ReportInput(
        clean=clean,
        roles=roles,
        events=events,
        pairs=pl.concat(pairs).with_columns(pl.col("score").cast(pl.Float64))
        if pairs
        else pl.DataFrame(),
        meta={**run_facts(clean_file), "sheet": CLEAN_SHEET, **_input(facts)},
    )
    stem = clean_file.stem.removesuffix("_clean")
    target = outdir / f"{safe_name(stem)}_report.xlsx"
    write_report(build_report(data, lang, mask), target)
    return target


def _input(facts: dict[str, str]) -> dict[str, str]:
    """The input file, its checksum and its sheet, as `normalize` recorded them."""
    return {k: facts[k] for k in ("file", "checksum", "sheet") if facts.get(k) is not None}

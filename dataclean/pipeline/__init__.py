"""The normalize job as stages over polars frames, in the order they run: legacy text -> field
rules -> validation -> new units (whose distinct addresses are resolved while the rules and the
validation run).

Each stage takes a frame (with ``__row``, the row number in the original sheet) and returns the
new frame and its audit events (see :mod:`dataclean.schema.audit`). No stage reads or writes a
file: reading is :mod:`dataclean.reading.tables`, writing :mod:`dataclean.writing`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean.pipeline.legacy_text import fix_legacy_encoding
from dataclean.pipeline.rules import apply_rules
from dataclean.pipeline.units import Progress, add_units, resolve_units, start_units
from dataclean.pipeline.validate import validate_rows
from dataclean.reading.tables import SheetTable
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.schema import audit

__all__ = [
    "Normalized",
    "Progress",
    "StageContext",
    "add_units",
    "apply_rules",
    "fix_legacy_encoding",
    "normalize_frame",
    "normalize_table",
    "resolve_units",
    "start_units",
    "validate_rows",
]


@dataclass
class Normalized:
    frame: pl.DataFrame  # __row, the original columns (cleaned), then the added columns
    events: pl.DataFrame  # audit.EVENT_SCHEMA


@dataclass(frozen=True)
class StageContext:
    """What the stages know of the table they run over, beside its rows."""

    roles: dict[str, str]  # role -> column
    columns: list[str]  # the table's own columns (``__row`` aside)
    progress: Progress | None = None  # told how many distinct addresses are resolved
    today: dt.date | None = None  # for dates of birth in the future; None: the real today
    spill: Path | None = None  # a scratch folder: the table is streamed, not held
    as_of: dt.date | None = None  # the date the list was made, when it is known
    policy: RunPolicy = DEFAULT


def normalize_frame(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Every stage over a table's rows (``__row`` plus ``ctx.columns``): the rows and the events.

    The cleaned fields are computed once: in memory, or for a streamed table (``ctx.spill``, a
    scratch folder) written to a Parquet file there and read back.
    """
    roles, spill = ctx.roles, ctx.spill
    lf, text_events = fix_legacy_encoding(lf, ctx.columns)

    def materialize(staged: pl.LazyFrame) -> pl.LazyFrame:
        if spill is None:
            return staged.collect().lazy()
        path = spill / "cleaned_fields.parquet"
        staged.sink_parquet(path, row_group_size=50_000)  # read back a group at a time
        return pl.scan_parquet(path)

    # The addresses are resolved in other processes (or a thread) while polars runs the rules
    # and the validation here, so that the two overlap.
    units = start_units(lf, roles, ctx.progress, ctx.as_of, ctx.policy)
    lf, rule_events = apply_rules(lf, roles, ctx.today, materialize)
    lf = validate_rows(lf, roles)
    lf, unit_events = add_units(lf, roles, units)
    return lf, audit.concat([text_events, rule_events, unit_events])


def normalize_table(
    table: SheetTable,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    policy: RunPolicy = DEFAULT,
) -> Normalized:
    """Every stage over one sheet's table, collected."""
    ctx = StageContext(
        table.layout.roles(), table.original_columns, progress, as_of=as_of, policy=policy
    )
    lf, events = normalize_frame(table.table.lazy(), ctx)
    frame, log = pl.collect_all([lf, events])
    return Normalized(frame, log)

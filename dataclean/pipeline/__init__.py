"""The normalize job as stages over polars frames, in the order they run: legacy text -> field
rules -> validation -> new units (whose distinct addresses are resolved while the rules and the
validation run).

Each stage has one shape, ``(frame, context) -> (frame, events)`` (:data:`Stage`): it takes the
rows (with ``__row``, the row number in the original sheet) and a :class:`StageContext`, and
returns the new rows and the audit events of what it changed (see
:mod:`dataclean.schema.audit`). No stage reads or writes a
file: reading is :mod:`dataclean.reading.tables`, writing :mod:`dataclean.writing`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import polars as pl

from dataclean.pipeline import legacy_text, rules, units, validate
from dataclean.pipeline.context import Progress, Stage, StageContext
from dataclean.pipeline.legacy_text import fix_legacy_encoding
from dataclean.pipeline.row_kinds import split_rows, with_other_rows
from dataclean.pipeline.rules import apply_rules
from dataclean.pipeline.units import add_units, resolve_units, start_units
from dataclean.pipeline.validate import validate_rows
from dataclean.reading.tables import SheetTable
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.schema import audit

__all__ = [
    "Normalized",
    "Progress",
    "Stage",
    "StageContext",
    "add_units",
    "apply_rules",
    "fix_legacy_encoding",
    "normalize_frame",
    "normalize_table",
    "resolve_units",
    "start_units",
    "validate_rows",
    "with_other_rows",
]


@dataclass
class Normalized:
    frame: pl.DataFrame  # the people: __row, the original columns (cleaned), the added columns
    events: pl.DataFrame  # audit.EVENT_SCHEMA
    others: pl.DataFrame  # the rows that are no person (hamlet rows, subtotals), as read

    def all_rows(self) -> pl.DataFrame:
        """Every row of the table in sheet order, the others marked by ``row_kind``."""
        return with_other_rows(self.frame, self.others)


@dataclass
class Staged:
    """A table's rows through every stage, not yet computed."""

    people: pl.LazyFrame
    events: pl.LazyFrame
    others: pl.DataFrame  # the rows that are no person, set aside (few, held)


def normalize_frame(lf: pl.LazyFrame, ctx: StageContext) -> Staged:
    """Every stage over a table's rows (``__row`` plus ``ctx.columns``), in the order they run.

    The rows that are no person (hamlet rows, subtotals) are set aside first: no stage cleans
    them (see :mod:`dataclean.pipeline.row_kinds`). The distinct addresses start resolving (in
    other processes or a thread) once the legacy text and the ditto marks are read, so that
    they resolve while polars runs the rules and the validation.
    """
    split = split_rows(lf, ctx.columns, ctx.roles)
    lf = split.people
    events = [split.events]
    for stage in BEFORE_UNITS:
        lf, more = stage(lf, ctx)
        events.append(more)
    ctx = replace(ctx, units=start_units(lf, ctx.roles, ctx.progress, ctx.as_of, ctx.policy))
    for stage in STAGES:
        lf, more = stage(lf, ctx)
        events.append(more)
    return Staged(lf, audit.concat(events), split.others)


# The stages that settle what the cells say, before the addresses start resolving; then the
# others, in the order they run.
BEFORE_UNITS: tuple[Stage, ...] = (legacy_text.stage, units.typed_in_street_stage)
STAGES: tuple[Stage, ...] = (rules.stage, validate.stage, units.stage)


def normalize_table(
    table: SheetTable,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    policy: RunPolicy = DEFAULT,
) -> Normalized:
    """Every stage over one sheet's table, collected."""
    ctx = StageContext(
        table.layout.roles(),
        table.original_columns,
        progress,
        as_of=as_of,
        policy=policy,
        other_addresses=table.layout.other_addresses(),
    )
    staged = normalize_frame(table.table.lazy(), ctx)
    frame, log = pl.collect_all([staged.people, staged.events])
    return Normalized(frame, log, staged.others)

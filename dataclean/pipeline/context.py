"""What every stage is given beside the rows, and the one shape every stage has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.runtime.resolving import UnitLookup

Progress = Callable[[int, int], None]


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
    units: UnitLookup | None = None  # the distinct addresses being resolved, once started
    # The addresses beside the residence: role (current, birthplace, hometown) -> columns.
    other_addresses: dict[str, list[str]] = field(default_factory=dict)

    def materialize(self, staged: pl.LazyFrame) -> pl.LazyFrame:
        """``staged`` computed once: in memory, or for a streamed table written to a Parquet
        file in the scratch folder and read back a row group at a time."""
        if self.spill is None:
            return staged.collect().lazy()
        path = self.spill / "cleaned_fields.parquet"
        staged.sink_parquet(path, row_group_size=50_000)
        return pl.scan_parquet(path)


# A stage: the rows in, the rows out and the audit events of what it changed.
Stage = Callable[[pl.LazyFrame, StageContext], tuple[pl.LazyFrame, pl.LazyFrame]]

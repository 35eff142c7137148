"""A table's distinct addresses resolved in the background while the other stages run.

:func:`start_resolving` sends the work of :mod:`dataclean.units.column` to a thread or to
forked workers (see :mod:`dataclean.runtime.background`); :meth:`UnitLookup.join` waits for it
and joins the results.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import polars as pl

from dataclean.runtime.background import Background, Progress
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.runtime.warm_up import ready_resolver
from dataclean.units.column import (
    Frame,
    address_columns,
    as_frame,
    distinct_addresses,
    join_resolved,
    lookup_table,
    resolve_rows,
)
from dataclean.units.resolver import Resolver


class UnitLookup:
    """The distinct addresses of a table, being resolved; :meth:`join` adds the results."""

    def __init__(
        self,
        df: pl.DataFrame | pl.LazyFrame,
        used: dict[str, str],
        resolver: Resolver | None,
        progress: Progress | None,
        policy: RunPolicy,
    ) -> None:
        self._used = used
        self._distinct = distinct_addresses(df, used)
        resolver = resolver or ready_resolver()
        rows = self._distinct.rows()
        if policy.resolving_workers(len(rows)) > 1:
            resolver.load_all()  # read now what it would read later with polars, once forked
        work = partial(resolve_rows, resolver, list(used))
        self._resolving = Background(work, rows, as_frame, progress, policy)

    def join(self, df: Frame, spill: Path | None = None) -> Frame:
        """``df`` (the table, or a later stage of it) with the results joined, row order and
        count unchanged; waits for the resolving to finish.

        With ``spill`` (a streamed table's scratch folder) the results are written there and
        joined from the file, no longer held here: a streamed run joins them more than once
        (the rows, the change log), and each join holds its own copy of them.
        """
        lookup = lookup_table(self._distinct, pl.concat(self._resolving.result()))
        if spill is None or not isinstance(df, pl.LazyFrame):
            return join_resolved(df, self._used, lookup)
        path = spill / "resolved_addresses.parquet"
        lookup.write_parquet(path)
        del lookup, self._distinct, self._resolving  # joined from the file from here on
        return join_resolved(df, self._used, pl.scan_parquet(path))


def start_resolving(
    df: pl.DataFrame | pl.LazyFrame,
    columns: dict[str, str],
    *,
    resolver: Resolver | None = None,
    progress: Progress | None = None,
    policy: RunPolicy = DEFAULT,
) -> UnitLookup:
    """Start resolving the distinct addresses of ``df``; join the results with
    :meth:`UnitLookup.join`. Only the distinct addresses of a LazyFrame are collected.

    ``columns`` gives the column of each address part it has: ``commune``, ``district`` and
    ``province``, or one ``address`` with the whole address. ``progress(done, total)`` is
    called while the distinct addresses are resolved.
    """
    return UnitLookup(df, columns, resolver, progress, policy)


def resolve_columns(
    df: Frame,
    *,
    resolver: Resolver | None = None,
    progress: Progress | None = None,
    policy: RunPolicy = DEFAULT,
    **parts: str | None,
) -> Frame:
    """``df`` with the resolved columns added, row order and count unchanged: the
    :func:`start_resolving` of ``df``, joined at once. A LazyFrame stays lazy."""
    lookup = start_resolving(
        df, address_columns(**parts), resolver=resolver, progress=progress, policy=policy
    )
    return lookup.join(df)

"""Resolve address columns of a polars DataFrame: each distinct address once, then a join."""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from functools import partial
from typing import TypeVar, cast

import polars as pl

from dataclean.interrupts import joined, wait_until
from dataclean.units.resolver import Resolution, Resolver, default_resolver

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)

# Columns added to every resolved frame, in this order.
RESULT_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "unit_status": pl.String,
    "unit_score": pl.Int64,
    "unit_reason": pl.String,
    "new_commune_code": pl.String,
    "new_commune_name": pl.String,
    "new_province_code": pl.String,
    "new_province_name": pl.String,
    "old_province_code": pl.String,
    "old_province_name": pl.String,
    "old_district_code": pl.String,
    "old_district_name": pl.String,
    "old_commune_code": pl.String,
    "old_commune_name": pl.String,
    "candidates": pl.String,
    "candidate_codes": pl.List(pl.String),
    "legal_resolution": pl.String,
    "legal_clause": pl.String,
    "legal_note": pl.String,
    "parsed_street": pl.String,
}

_RENAMED = {
    "status": "unit_status",
    "score": "unit_score",
    "reason": "unit_reason",
    "resolution": "legal_resolution",
    "clause": "legal_clause",
    "street": "parsed_street",
}


# From this many distinct addresses on, a second process saves more than it costs.
PARALLEL_FROM = 20_000
_CHUNKS = 16


def _resolve_one(resolver: Resolver, roles: list[str], values: tuple) -> Resolution:
    given = dict(zip(roles, values, strict=True))
    if "address" in given:
        parts = ("address", "commune", "district", "province")
        return resolver.resolve_text(", ".join(v for k in parts if (v := given.get(k))))
    return resolver.resolve(given.get("commune"), given.get("district"), given.get("province"))


def _as_columns(results: list[Resolution]) -> dict[str, list]:
    """The results as plain lists per column of :data:`RESULT_SCHEMA` (no polars here: this
    runs in forked workers too)."""
    fields = {_RENAMED.get(k, k): k for k in Resolution.__slots__ if k != "candidates"}
    data: dict[str, list] = {col: [getattr(r, f) for r in results] for col, f in fields.items()}
    data["candidates"] = [" | ".join(c.label() for c in r.candidates) or None for r in results]
    # Joined here and split by polars: building a list column from Python lists is slow.
    data["candidate_codes"] = [" ".join(c.new_code for c in r.candidates) for r in results]
    return {col: data[col] for col in RESULT_SCHEMA}


def _as_frame(columns: dict[str, list]) -> pl.DataFrame:
    codes = pl.col("candidate_codes")
    return pl.DataFrame(
        columns, schema=RESULT_SCHEMA | {"candidate_codes": pl.String}
    ).with_columns(
        pl.when(codes != "")
        .then(codes.str.split(" "))
        .otherwise(pl.lit([], dtype=RESULT_SCHEMA["candidate_codes"]))
        .alias("candidate_codes")
    )


_FORKED: tuple[Resolver, list[str]] | None = None  # what forked workers inherit


def _resolve_chunk(rows: list[tuple]) -> dict[str, list]:
    assert _FORKED is not None
    resolver, roles = _FORKED
    gc.disable()  # see _collector_paused; a worker lives for one table
    # Ctrl+C is the parent's to handle: a worker would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return _as_columns([_resolve_one(resolver, roles, values) for values in rows])


def _workers(total: int) -> int:
    cpus = os.cpu_count() or 1
    if total < PARALLEL_FROM or cpus < 2 or "fork" not in mp.get_all_start_methods():
        return 1
    return min(cpus, 4)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Resolving makes many small objects and no reference cycles: the cyclic collector, run
    over and over through the whole heap, would take a quarter of the time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


Progress = Callable[[int, int], None]


class _Resolving:
    """Distinct addresses being resolved while the caller does other work; :meth:`result`
    waits for them.

    Many addresses go to forked workers that share the resolver already built: the workers
    are forked at once, before the caller's next polars work starts. Fewer are resolved in a
    thread, which runs while polars (which releases the GIL) computes.
    """

    def __init__(
        self, resolver: Resolver, roles: list[str], rows: list[tuple], progress: Progress | None
    ) -> None:
        self._progress = progress or (lambda done, total: None)
        self._total = len(rows)
        self._done = 0
        self._counting = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        if _workers(len(rows)) == 1:
            self._thread_result: dict[str, list] = {}
            self._thread_error: BaseException | None = None
            self._thread = threading.Thread(
                target=self._run_serially, args=(resolver, roles, rows), daemon=True
            )
            self._thread.start()
        else:
            self._fork(resolver, roles, rows)

    def _run_serially(self, resolver: Resolver, roles: list[str], rows: list[tuple]) -> None:
        results = []
        try:
            with _collector_paused():
                for i, values in enumerate(rows):
                    results.append(_resolve_one(resolver, roles, values))
                    if i % 500 == 0 or i == self._total - 1:
                        self._progress(i + 1, self._total)
            self._thread_result = _as_columns(results)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._thread_error = exc

    def _fork(self, resolver: Resolver, roles: list[str], rows: list[tuple]) -> None:
        global _FORKED
        resolver.prepare_for_fork()
        size = -(-len(rows) // _CHUNKS)
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        _FORKED = (resolver, roles)
        try:
            with warnings.catch_warnings():
                # The workers run plain Python on the resolver, never polars' threads.
                warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
                self._pool = ProcessPoolExecutor(
                    _workers(len(rows)), mp_context=mp.get_context("fork")
                )
                # All workers are forked at the first submit (the fork start method).
                self._futures = [self._pool.submit(_resolve_chunk, chunk) for chunk in chunks]
        finally:
            _FORKED = None
        for future, chunk in zip(self._futures, chunks, strict=True):
            future.add_done_callback(partial(self._chunk_done, len(chunk)))

    def _chunk_done(self, rows: int, _: Future) -> None:
        with self._counting:
            self._done += rows
            self._progress(self._done, self._total)

    def result(self) -> dict[str, list]:
        if self._pool is None:
            wait_until(joined(self._thread))
            if self._thread_error is not None:
                raise self._thread_error
            return self._thread_result
        try:
            wait_until(lambda timeout: not wait(self._futures, timeout).not_done)
            parts = [f.result() for f in self._futures]
        finally:
            self._pool.shutdown(cancel_futures=True)
        return {col: [v for part in parts for v in part[col]] for col in RESULT_SCHEMA}


def _key_columns(used: dict[str, str]) -> list[pl.Expr]:
    # The resolver collapses spaces first: addresses that differ only in spacing are one.
    return [
        pl.col(col)
        .cast(pl.String)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .fill_null("")
        .alias(f"__key_{role}")
        for role, col in used.items()
    ]


class UnitLookup:
    """The distinct addresses of a table, being resolved; :meth:`join` adds the results."""

    def __init__(
        self,
        df: pl.DataFrame | pl.LazyFrame,
        used: dict[str, str],
        resolver: Resolver | None,
        progress: Progress | None,
    ) -> None:
        if not used:
            raise ValueError("no address column given")
        self._used = used
        self._keys = [f"__key_{role}" for role in used]
        distinct = df.select(_key_columns(used)).unique(maintain_order=True)
        if isinstance(distinct, pl.LazyFrame):
            distinct = distinct.collect(engine="streaming")
        self._distinct = distinct
        self._resolving = _Resolving(
            resolver or default_resolver(), list(used), distinct.rows(), progress
        )

    def join(self, df: Frame) -> Frame:
        """``df`` (the table, or a later stage of it) with the :data:`RESULT_SCHEMA` columns
        added, row order and count unchanged; waits for the resolving to finish."""
        columns = self._resolving.result()
        lookup = pl.concat([self._distinct, _as_frame(columns)], how="horizontal")
        keyed = df.with_columns(_key_columns(self._used))
        if isinstance(keyed, pl.LazyFrame):
            lazy = keyed.join(lookup.lazy(), on=self._keys, how="left", maintain_order="left")
            return cast(Frame, lazy.drop(self._keys))
        out = keyed.join(lookup, on=self._keys, how="left", maintain_order="left")
        return cast(Frame, out.drop(self._keys))


def start_resolving(
    df: pl.DataFrame | pl.LazyFrame,
    *,
    commune: str | None = None,
    district: str | None = None,
    province: str | None = None,
    address: str | None = None,
    resolver: Resolver | None = None,
    progress: Progress | None = None,
) -> UnitLookup:
    """Start resolving the distinct addresses of ``df``; join the results with
    :meth:`UnitLookup.join`. Only the distinct addresses of a LazyFrame are collected.

    Give the columns that hold the commune, district and province, or one ``address`` column
    with the whole address; any may be omitted. ``progress(done, total)`` is called while the
    distinct addresses are resolved.
    """
    parts = {"commune": commune, "district": district, "province": province, "address": address}
    used = {role: col for role, col in parts.items() if col is not None}
    return UnitLookup(df, used, resolver, progress)


def resolve_columns(df: Frame, **options: str | Resolver | Progress | None) -> Frame:
    """``df`` with the :data:`RESULT_SCHEMA` columns added, row order and count unchanged: the
    :func:`start_resolving` of ``df`` with these ``options``, joined at once.

    A LazyFrame stays lazy: only its distinct addresses are collected, so a file larger than
    memory streams through the join.
    """
    return start_resolving(df, **options).join(df)  # type: ignore[arg-type]

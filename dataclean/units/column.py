"""Resolve address columns of a polars DataFrame: each distinct address once, then a join."""

from __future__ import annotations

import multiprocessing as mp
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

import polars as pl

from dataclean.units.resolver import Resolution, Resolver, default_resolver

# Columns added to every resolved frame, in this order.
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "unit_status": pl.String,
    "unit_score": pl.Float64,
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
    return _as_columns([_resolve_one(resolver, roles, values) for values in rows])


def _workers(total: int) -> int:
    cpus = os.cpu_count() or 1
    if total < PARALLEL_FROM or cpus < 2 or "fork" not in mp.get_all_start_methods():
        return 1
    return min(cpus, 4)


def _resolve_rows(
    resolver: Resolver,
    roles: list[str],
    rows: list[tuple],
    progress: Callable[[int, int], None] | None,
) -> dict[str, list]:
    """Resolve each distinct address; on several cores, in forked workers that share the
    resolver already built."""
    global _FORKED
    total = len(rows)
    workers = _workers(total)
    if workers == 1:
        results = []
        for i, values in enumerate(rows):
            results.append(_resolve_one(resolver, roles, values))
            if progress is not None and (i % 500 == 0 or i == total - 1):
                progress(i + 1, total)
        return _as_columns(results)
    resolver.prepare_for_fork()
    size = -(-total // _CHUNKS)
    chunks = [rows[i : i + size] for i in range(0, total, size)]
    _FORKED = (resolver, roles)
    try:
        with warnings.catch_warnings():
            # The workers run plain Python on the resolver, never polars' threads.
            warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
            with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
                futures = [pool.submit(_resolve_chunk, chunk) for chunk in chunks]
                done = 0
                for future in as_completed(futures):
                    done += len(chunks[futures.index(future)])
                    if progress is not None:
                        progress(done, total)
                parts = [f.result() for f in futures]
    finally:
        _FORKED = None
    return {col: [v for part in parts for v in part[col]] for col in RESULT_SCHEMA}


def resolve_columns(
    df: pl.DataFrame | pl.LazyFrame,
    *,
    commune: str | None = None,
    district: str | None = None,
    province: str | None = None,
    address: str | None = None,
    resolver: Resolver | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """``df`` with the :data:`RESULT_SCHEMA` columns added, row order and count unchanged.

    A LazyFrame stays lazy: only its distinct addresses are collected, so a file larger than
    memory streams through the join.

    Give the columns that hold the commune, district and province, or one ``address`` column
    with the whole address; any may be omitted. ``progress(done, total)`` is called while the
    distinct addresses are resolved.
    """
    resolver = resolver or default_resolver()
    parts = {"commune": commune, "district": district, "province": province, "address": address}
    used = {role: col for role, col in parts.items() if col is not None}
    if not used:
        raise ValueError("no address column given")
    keys = [f"__key_{role}" for role in used]
    # The resolver collapses spaces first: addresses that differ only in spacing are one.
    keyed = df.with_columns(
        pl.col(col)
        .cast(pl.String)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .fill_null("")
        .alias(f"__key_{role}")
        for role, col in used.items()
    )
    distinct = keyed.select(keys).unique(maintain_order=True)
    if isinstance(distinct, pl.LazyFrame):
        distinct = distinct.collect(engine="streaming")
    rows = distinct.rows()
    columns = _resolve_rows(resolver, list(used), rows, progress)
    lookup = pl.concat([distinct, _as_frame(columns)], how="horizontal")
    if isinstance(keyed, pl.LazyFrame):
        lookup = lookup.lazy()
    out = keyed.join(lookup, on=keys, how="left", maintain_order="left")
    return out.drop(keys)

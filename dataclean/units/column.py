"""Resolve address columns of a polars frame: each distinct address once, then a join.

Pure: the rows are resolved here, one after the other. :mod:`dataclean.runtime.resolving`
runs the same work in a thread or in forked workers while the rest of a run goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import polars as pl

from dataclean.units.resolver import Resolution, Resolver, default_resolver

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)
Progress = Callable[[int, int], None]

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

# Columns whose values repeat from address to address (a province's name, a status, a legal
# basis): held as categories in the lookup, a number a row, until joined. Two and a half
# million distinct addresses' results are gigabytes as strings.
_REPEATING = [
    col
    for col, dtype in RESULT_SCHEMA.items()
    if dtype == pl.String and col not in ("new_address", "parsed_street")
]

_RENAMED = {
    "status": "unit_status",
    "score": "unit_score",
    "reason": "unit_reason",
    "resolution": "legal_resolution",
    "clause": "legal_clause",
    "street": "parsed_street",
}


def resolve_one(resolver: Resolver, roles: list[str], values: tuple) -> Resolution:
    given = dict(zip(roles, values, strict=True))
    if "address" in given:
        parts = ("address", "commune", "district", "province")
        return resolver.resolve_text(", ".join(v for k in parts if (v := given.get(k))))
    units = (given.get("commune"), given.get("district"), given.get("province"))
    if not any(units) and given.get("street"):
        # The whole address typed into the house/street column, the unit columns left blank.
        return resolver.resolve_text(given["street"])
    return resolver.resolve(*units)


def as_columns(results: list[Resolution]) -> dict[str, list]:
    """The results as plain lists per column of :data:`RESULT_SCHEMA` (no polars here: this
    runs in forked workers too)."""
    fields = {_RENAMED.get(k, k): k for k in Resolution.__slots__ if k != "candidates"}
    data: dict[str, list] = {col: [getattr(r, f) for r in results] for col, f in fields.items()}
    data["candidates"] = [" | ".join(c.label() for c in r.candidates) or None for r in results]
    # Joined here and split by polars: building a list column from Python lists is slow.
    data["candidate_codes"] = [" ".join(c.new_code for c in r.candidates) for r in results]
    return {col: data[col] for col in RESULT_SCHEMA}


def as_frame(columns: dict[str, list]) -> pl.DataFrame:
    """The results as a compact frame: repeating text as categories (see :func:`join_resolved`,
    which gives them back as text)."""
    codes = pl.col("candidate_codes")
    return pl.DataFrame(
        columns, schema=RESULT_SCHEMA | {"candidate_codes": pl.String}
    ).with_columns(
        pl.when(codes != "")
        .then(codes.str.split(" "))
        .otherwise(pl.lit([], dtype=RESULT_SCHEMA["candidate_codes"]))
        .alias("candidate_codes"),
        pl.col(_REPEATING).cast(pl.Categorical),
    )


def resolve_rows(
    resolver: Resolver, roles: list[str], rows: list[tuple], progress: Progress
) -> dict[str, list]:
    """Each row of address parts (in the order of ``roles``) resolved, as plain lists per
    column of :data:`RESULT_SCHEMA`; ``progress(done, total)`` now and then."""
    results = []
    for i, values in enumerate(rows):
        results.append(resolve_one(resolver, roles, values))
        if i % 500 == 0 or i == len(rows) - 1:
            progress(i + 1, len(rows))
    return as_columns(results)


def key_columns(used: dict[str, str]) -> list[pl.Expr]:
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


def address_columns(**parts: str | None) -> dict[str, str]:
    """The roles given a column: commune, district, province and address; ``street`` with
    the unit columns, for a row whose whole address is typed there and its units left blank
    (give it only for such rows: each distinct value is resolved)."""
    return {role: col for role, col in parts.items() if col is not None}


def distinct_addresses(df: pl.DataFrame | pl.LazyFrame, used: dict[str, str]) -> pl.DataFrame:
    """The distinct addresses of ``df`` (only these are collected from a LazyFrame)."""
    if not used:
        raise ValueError("no address column given")
    distinct = df.select(key_columns(used)).unique(maintain_order=True)
    if isinstance(distinct, pl.LazyFrame):
        return distinct.collect(engine="streaming")
    return distinct


def join_resolved(df: Frame, used: dict[str, str], lookup: pl.DataFrame | pl.LazyFrame) -> Frame:
    """``df`` with the :data:`RESULT_SCHEMA` columns of its distinct addresses joined from
    ``lookup`` (see :func:`lookup_table`), row order and count unchanged."""
    keys = [f"__key_{role}" for role in used]
    keyed = df.with_columns(key_columns(used))
    as_text = pl.col(_REPEATING).cast(pl.String)
    if isinstance(keyed, pl.LazyFrame):
        lazy = keyed.join(lookup.lazy(), on=keys, how="left", maintain_order="left")
        return cast(Frame, lazy.drop(keys).with_columns(as_text))
    if isinstance(lookup, pl.LazyFrame):
        lookup = lookup.collect()
    out = keyed.join(lookup, on=keys, how="left", maintain_order="left")
    return cast(Frame, out.drop(keys).with_columns(as_text))


def resolve_columns(df: Frame, *, resolver: Resolver | None = None, **parts: str | None) -> Frame:
    """``df`` with the :data:`RESULT_SCHEMA` columns added, row order and count unchanged.

    Give the columns that hold the commune, district and province, or one ``address`` column
    with the whole address; any may be omitted. A LazyFrame stays lazy: only its distinct
    addresses are collected, so a file larger than memory streams through the join.
    """
    used = address_columns(**parts)
    distinct = distinct_addresses(df, used)
    columns = resolve_rows(
        resolver or default_resolver(), list(used), distinct.rows(), lambda done, total: None
    )
    return join_resolved(df, used, lookup_table(distinct, as_frame(columns)))


def lookup_table(distinct: pl.DataFrame, resolved: pl.DataFrame) -> pl.DataFrame:
    """The distinct addresses' keys beside their results (``resolved``, in their order)."""
    return pl.concat([distinct, resolved], how="horizontal")

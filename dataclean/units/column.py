"""Resolve address columns of a polars DataFrame: each distinct address once, then a join."""

from __future__ import annotations

from collections.abc import Callable

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


def _row(res: Resolution) -> dict:
    row = res.as_row()
    return {_RENAMED.get(k, k): v for k, v in row.items()}


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
    keyed = df.with_columns(
        pl.col(col).cast(pl.String).str.strip_chars().fill_null("").alias(f"__key_{role}")
        for role, col in used.items()
    )
    distinct = keyed.select(keys).unique(maintain_order=True)
    if isinstance(distinct, pl.LazyFrame):
        distinct = distinct.collect(engine="streaming")
    total = distinct.height
    rows = []
    for i, values in enumerate(distinct.iter_rows()):
        given = dict(zip(used, values, strict=True))
        if "address" in given:
            text = ", ".join(
                v
                for v in (
                    given.get("address"),
                    given.get("commune"),
                    given.get("district"),
                    given.get("province"),
                )
                if v
            )
            res = resolver.resolve_text(text)
        else:
            res = resolver.resolve(
                given.get("commune"), given.get("district"), given.get("province")
            )
        rows.append(_row(res))
        if progress is not None and (i % 500 == 0 or i == total - 1):
            progress(i + 1, total)
    results = (
        pl.DataFrame(rows, schema=RESULT_SCHEMA) if rows else pl.DataFrame(schema=RESULT_SCHEMA)
    )
    lookup = pl.concat([distinct, results], how="horizontal")
    if isinstance(keyed, pl.LazyFrame):
        lookup = lookup.lazy()
    out = keyed.join(lookup, on=keys, how="left", maintain_order="left")
    return out.drop(keys)

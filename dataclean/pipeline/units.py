"""Stage: the new units of each row, its distinct addresses resolved while the others run."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dataclean.pipeline.context import Progress, StageContext
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.runtime.resolving import UnitLookup, start_resolving
from dataclean.runtime.warm_up import ready_resolver
from dataclean.schema import audit
from dataclean.units.resolver import dated_resolver


def start_units(
    lf: pl.LazyFrame,
    roles: dict[str, str],
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    policy: RunPolicy = DEFAULT,
) -> UnitLookup | None:
    """Start resolving the table's distinct addresses (None if it has no address column); the
    other stages run meanwhile, and :func:`add_units` joins the results. ``as_of`` is the date
    the list was made, when it is known."""
    parts = {k: roles.get(k) for k in ("commune", "district", "province", "address")}
    if not any(parts.values()):
        return None
    resolver = ready_resolver() if as_of is None else dated_resolver(as_of)
    used = {role: col for role, col in parts.items() if col is not None}
    return start_resolving(lf, used, progress=progress, resolver=resolver, policy=policy)


def add_units(
    lf: pl.LazyFrame, roles: dict[str, str], lookup: UnitLookup | None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The new units and the new full address (house/street, commune, province) of each row."""
    if lookup is None:
        return lf, audit.no_events().lazy()
    out = lookup.join(lf)
    street = pl.col(roles["street"]) if "street" in roles else pl.col("parsed_street")
    out = out.with_columns(
        pl.when(pl.col("new_commune_name").is_not_null())
        .then(
            pl.concat_str(
                [street.str.strip_chars(), pl.col("new_commune_name"), pl.col("new_province_name")],
                separator=", ",
                ignore_nulls=True,
            )
        )
        .alias("new_address")
    )
    return out, _unit_events(out, roles)


def resolve_units(
    lf: pl.LazyFrame, roles: dict[str, str], progress: Progress | None = None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """:func:`start_units` and :func:`add_units` in one step."""
    return add_units(lf, roles, start_units(lf, roles, progress))


def _unit_events(lf: pl.LazyFrame, roles: dict[str, str]) -> pl.LazyFrame:
    """One event per row whose address now names a 2025 unit, with the legal basis."""
    parts = ("street", "address", "commune", "district", "province")
    typed = [roles[k] for k in parts if k in roles]
    basis = pl.concat_str(
        [pl.col("legal_resolution"), pl.col("legal_clause")], separator=": ", ignore_nulls=True
    )
    return lf.filter(pl.col("new_address").is_not_null()).select(
        pl.col("__row").cast(pl.Int64).alias("row"),
        pl.lit(roles.get("address") or roles.get("commune")).alias("column"),
        pl.concat_str(
            [pl.col(c).cast(pl.String) for c in typed], separator=", ", ignore_nulls=True
        ).alias("old"),
        pl.col("new_address").alias("new"),
        pl.concat_str([pl.lit("unit:"), pl.col("unit_status")]).alias("rule"),
        # The steps that led here (a ward merged in 2020, a name the official table settled),
        # then the 2025 resolution and clause: the official reads the whole chain.
        pl.concat_str(
            [
                pl.when(pl.col("unit_reason").str.len_chars() > 0).then(pl.col("unit_reason")),
                pl.when(basis.str.len_chars() > 0).then(basis),
            ],
            separator="; ",
            ignore_nulls=True,
        ).alias("reason"),
    )


def stage(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The resolved units joined to the rows (waiting for the resolving to finish)."""
    return add_units(lf, ctx.roles, ctx.units)

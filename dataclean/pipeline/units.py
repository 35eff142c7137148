"""Stage: the new units of each row, its distinct addresses resolved while the others run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import polars as pl

from dataclean.pipeline.context import Progress, StageContext
from dataclean.pipeline.row_kinds import GROUP_LABEL
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.runtime.resolving import UnitLookup, start_resolving
from dataclean.runtime.warm_up import ready_resolver
from dataclean.schema import audit
from dataclean.schema.columns import OTHER_ADDRESS_FIELDS, other_address_key, prior
from dataclean.units.column import resolve_columns
from dataclean.units.resolver import Resolver, dated_resolver


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
    if _typed_in_street(roles):
        parts["street"] = TYPED_IN_STREET
    used = {role: col for role, col in parts.items() if col is not None}
    return start_resolving(lf, used, progress=progress, resolver=_resolver(as_of), policy=policy)


def _resolver(as_of: dt.date | None) -> Resolver:
    """The resolver of a list made on ``as_of`` (the day's units), or of today's units."""
    return ready_resolver() if as_of is None else dated_resolver(as_of)


def add_units(
    lf: pl.LazyFrame, roles: dict[str, str], lookup: UnitLookup | None, spill: Path | None = None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The new units and the new full address (house/street, commune, province) of each row
    (the results joined from a file in ``spill``, for a streamed table)."""
    if lookup is None:
        return lf, audit.no_events().lazy()
    out = _with_new_address(lookup.join(lf, spill), _street(lf, roles))
    typed = [
        roles[k] for k in ("street", "address", "commune", "district", "province") if k in roles
    ]
    return out, _unit_events(out, typed, roles.get("address") or roles.get("commune"), _same)


# A row's street cell where it holds the whole address: its unit columns are blank.
TYPED_IN_STREET = "__typed_in_street"


def _typed_in_street(roles: dict[str, str]) -> bool:
    return "street" in roles and "address" not in roles and any(k in roles for k in _UNITS)


_UNITS = ("commune", "district", "province")


def with_typed_in_street(lf: pl.LazyFrame, roles: dict[str, str]) -> pl.LazyFrame:
    """The street cell of each row whose unit columns are blank, as the whole address (people
    type "Thôn 3, Xã Vạn Phúc, Huyện Thanh Trì, Hà Nội" there): for :func:`start_units`."""
    if not _typed_in_street(roles):
        return lf
    units = [pl.col(roles[k]) for k in _UNITS if k in roles]
    blank = pl.all_horizontal(
        u.cast(pl.String).str.strip_chars().fill_null("") == "" for u in units
    )
    return lf.with_columns(pl.when(blank).then(pl.col(roles["street"])).alias(TYPED_IN_STREET))


def typed_in_street_stage(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Stage: :func:`with_typed_in_street`; it changes no cell."""
    return with_typed_in_street(lf, ctx.roles), audit.no_events().lazy()


def _street(lf: pl.LazyFrame, roles: dict[str, str]) -> pl.Expr:
    """The house/street part of the new address: the street column (unless it holds the whole
    address), else what the resolver left of a free-text address, else the hamlet row above
    (see pipeline.row_kinds)."""
    parsed = pl.col("parsed_street")
    street = pl.col(roles["street"]) if "street" in roles else parsed
    names = lf.collect_schema().names()
    if TYPED_IN_STREET in names:
        street = pl.when(pl.col(TYPED_IN_STREET).is_null()).then(street).otherwise(parsed)
    if GROUP_LABEL in names:
        street = pl.coalesce(street, pl.col(GROUP_LABEL))
    return street


def _with_new_address(lf: pl.LazyFrame, street: pl.Expr, key: KeyOf | None = None) -> pl.LazyFrame:
    col = key or _same
    return lf.with_columns(
        pl.when(pl.col(col("new_commune_name")).is_not_null())
        .then(
            pl.concat_str(
                [
                    street.str.strip_chars(),
                    pl.col(col("new_commune_name")),
                    pl.col(col("new_province_name")),
                ],
                separator=", ",
                ignore_nulls=True,
            )
        )
        .alias(col("new_address"))
    )


def add_other_addresses(
    lf: pl.LazyFrame, others: dict[str, list[str]], resolver: Resolver
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Each address beside the residence (current, birthplace, hometown) resolved into its own
    columns (see :data:`OTHER_ADDRESS_FIELDS`); its columns read as one free-text address,
    each distinct text once."""
    events = []
    for role, columns in others.items():
        text = pl.concat_str(
            [pl.col(c).cast(pl.String) for c in columns], separator=", ", ignore_nulls=True
        )
        key = f"__{role}_text"
        lf = lf.with_columns(pl.when(text.str.strip_chars() != "").then(text).alias(key))
        distinct = lf.select(pl.col(key).drop_nulls().unique()).collect(engine="streaming")
        resolved = resolve_columns(distinct, resolver=resolver, address=key)
        resolved = _with_new_address(resolved.lazy(), pl.col("parsed_street")).collect()

        def named(k: str, role: str = role) -> str:
            return other_address_key(role, k)

        picked = resolved.select(
            key,
            *(pl.col(k).alias(named(k)) for k in OTHER_ADDRESS_FIELDS),
            *(pl.col(k).alias(named(k)) for k in _EVENT_FIELDS if k not in OTHER_ADDRESS_FIELDS),
        )
        lf = lf.join(picked.lazy(), on=key, how="left", maintain_order="left")
        events.append(_unit_events(lf, columns, " + ".join(columns), named))
        lf = lf.drop(key, *(named(k) for k in _EVENT_FIELDS if k not in OTHER_ADDRESS_FIELDS))
    return lf, audit.concat(events)


def resolve_units(
    lf: pl.LazyFrame, roles: dict[str, str], progress: Progress | None = None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """:func:`start_units` and :func:`add_units` in one step."""
    lf = with_typed_in_street(lf, roles)
    return add_units(lf, roles, start_units(lf, roles, progress))


KeyOf = Callable[[str], str]
# What an address's change-log entry reads beside its new address.
_EVENT_FIELDS = ("new_address", "unit_status", "unit_reason", "legal_resolution", "legal_clause")


def _same(key: str) -> str:
    return key


def _unit_events(
    lf: pl.LazyFrame, typed: list[str], column: str | None, col: KeyOf
) -> pl.LazyFrame:
    """One event per row whose address (typed in the ``typed`` columns) now reads otherwise,
    naming a 2025 unit, with the legal basis; ``col`` gives the frame's name of each resolved
    column."""
    basis = pl.concat_str(
        [pl.col(col("legal_resolution")), pl.col(col("legal_clause"))],
        separator=": ",
        ignore_nulls=True,
    )
    reason = pl.col(col("unit_reason"))
    new = pl.col(col("new_address"))
    earlier = prior(col("new_address"))
    if earlier in lf.collect_schema().names():
        # Our own output read again: what the first run logged is no change now.
        new = pl.when(new.ne_missing(pl.col(earlier))).then(new)
    return (
        lf.filter(new.is_not_null())
        .select(
            pl.col("__row").cast(pl.Int64).alias("row"),
            pl.lit(column, dtype=pl.String).alias("column"),
            pl.concat_str(
                [pl.col(c).cast(pl.String) for c in typed], separator=", ", ignore_nulls=True
            ).alias("old"),
            pl.col(col("new_address")).alias("new"),
            pl.concat_str([pl.lit(audit.UNIT_RULE[0]), pl.col(col("unit_status"))]).alias("rule"),
            # The steps that led here (a ward merged in 2020, a name the official table settled),
            # then the 2025 resolution and clause: the official reads the whole chain.
            pl.concat_str(
                [
                    pl.when(reason.str.len_chars() > 0).then(reason),
                    pl.when(basis.str.len_chars() > 0).then(basis),
                ],
                separator="; ",
                ignore_nulls=True,
            ).alias("reason"),
        )
        .filter(pl.col("old").ne_missing(pl.col("new")))
    )  # an address already new is no change


def stage(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The resolved units joined to the rows (waiting for the resolving to finish), then the
    addresses beside the residence resolved."""
    lf, events = add_units(lf, ctx.roles, ctx.units, ctx.spill)
    if not ctx.other_addresses:
        return lf, events
    lf, more = add_other_addresses(lf, ctx.other_addresses, _resolver(ctx.as_of))
    return lf, audit.concat([events, more])

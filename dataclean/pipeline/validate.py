"""Stage: every row marked valid or invalid by the cleaned table's schema."""

from __future__ import annotations

import polars as pl

from dataclean.pipeline.context import StageContext
from dataclean.schema import audit
from dataclean.schema.columns import ID_TRUSTED, SHARED_ID
from dataclean.validation import CONFLICT, PROBLEM_PREFIX, VALID, validate


def validate_rows(lf: pl.LazyFrame, roles: dict[str, str]) -> pl.LazyFrame:
    """Every row marked valid or invalid, with its failing checks; the problem columns go.

    The schema is run on the rows that can fail it: those a rule or the CCCD cross-check found
    a problem in, and those whose CCCD appears more than once. Every other row passes every
    check, so it is valid without being collected, and a streamed table stays streamed.
    """
    names = lf.collect_schema().names()
    helpers = [c for c in names if c.startswith(PROBLEM_PREFIX) or c == CONFLICT]
    # The ID is the one field whose check spans rows; the others' verdicts are in the helpers.
    fields = [roles["id"]] if "id" in roles else []
    if not helpers:
        return lf
    flagged = pl.any_horizontal(pl.col(h).is_not_null() for h in helpers)
    if "id" in roles:
        # Counted by hash, which is light for millions of IDs: a rare collision only sends a
        # few more rows through the schema's exact uniqueness check.
        key = pl.col(roles["id"]).hash().alias("__id_hash")
        twice = (
            lf.filter(pl.col(roles["id"]).is_not_null())
            .group_by(key)
            .len()
            .filter(pl.col("len") > 1)
            .collect(engine="streaming")
        )
        flagged = flagged | key.is_in(twice["__id_hash"].implode())
    checked = lf.filter(flagged).select("__row", *fields, *helpers).collect(engine="streaming")
    verdict = validate(checked, roles)
    trusted = (
        [
            pl.all_horizontal(
                pl.col(h).is_null() for h in (f"{PROBLEM_PREFIX}id", CONFLICT) if h in names
            ).alias(ID_TRUSTED)
        ]
        if "id" in roles
        else []
    )
    return (
        lf.with_columns(trusted)
        .drop(helpers)
        .join(verdict.lazy(), on="__row", how="left", maintain_order="left")
        .with_columns(pl.col("data_status").fill_null(VALID), pl.col(SHARED_ID).fill_null(False))
    )


def stage(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Every row marked valid or invalid; marking changes no cell, so no events."""
    return validate_rows(lf, ctx.roles), audit.no_events().lazy()

"""A small library of comparison levels, splink-shaped: each level carries its condition, its
weight and its words together, and a comparison is a field's levels tried in order.

Conditions are polars expressions over a pair of records, the left one's columns ending in
``_l`` and the right one's in ``_r`` (see :func:`left` and :func:`right`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl


def left(column: str) -> pl.Expr:
    return pl.col(column + "_l")


def right(column: str) -> pl.Expr:
    return pl.col(column + "_r")


def both_given(column: str) -> pl.Expr:
    return left(column).is_not_null() & right(column).is_not_null()


def equal(column: str) -> pl.Expr:
    return left(column) == right(column)


@dataclass(frozen=True)
class Level:
    """One level of a comparison: the pair is at this level when ``condition`` holds and no
    level before it did (``None``: always, the last level)."""

    name: str
    condition: pl.Expr | None
    weight: float  # a log2 Bayes factor: how much likelier for one resident than for two
    words: str  # the evidence, for the official reading the pair

    @property
    def explained(self) -> str:
        return f"{self.words} ({self.weight:+g})"


@dataclass(frozen=True)
class Comparison:
    """A field compared into levels; no level when the field is not ``given`` for the pair."""

    field: str
    given: pl.Expr
    levels: tuple[Level, ...]

    def level(self) -> pl.Expr:
        """The name of the pair's level (null when the field is not given)."""
        chain: Any = pl.when(~self.given).then(None)  # Then, then ChainedThen
        for lv in self.levels:
            if lv.condition is None:
                return chain.otherwise(pl.lit(lv.name)).alias(self.field)
            chain = chain.when(lv.condition).then(pl.lit(lv.name))
        return chain.otherwise(None).alias(self.field)

    def weight(self) -> pl.Expr:
        """The weight of the pair's level, read from its name (0 when no level)."""
        names = [lv.name for lv in self.levels]
        return pl.col(self.field).replace_strict(
            names, [lv.weight for lv in self.levels], default=0.0, return_dtype=pl.Float64
        )

    def words(self) -> pl.Expr:
        """The evidence of the pair's level in words, with its weight."""
        names = [lv.name for lv in self.levels]
        return pl.col(self.field).replace_strict(
            names, [lv.explained for lv in self.levels], default=None, return_dtype=pl.String
        )


def same_or_different(
    field: str, same: tuple[float, str], different: tuple[float, str]
) -> Comparison:
    """The plainest comparison: the same value or not."""
    return Comparison(
        field,
        both_given(field),
        (
            Level("same", equal(field), *same),
            Level("different", None, *different),
        ),
    )

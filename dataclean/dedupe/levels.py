"""A small library of comparison levels, in splink's terms: each level carries its condition,
its weight and its words together, and a comparison is a field's levels tried in order.

Conditions are SQL that DuckDB and Spark read alike, over a pair of records: the left one's
columns end in ``_l`` and the right one's in ``_r`` (see :func:`left` and :func:`right`), as
splink writes them. The same text scores the pairs in splink and names the level of each pair
a person reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


# Column names are plain words, unquoted: DuckDB and Spark read the same SQL.
def left(column: str) -> str:
    return f"{column}_l"


def right(column: str) -> str:
    return f"{column}_r"


def both_given(column: str) -> str:
    return f"({left(column)} IS NOT NULL AND {right(column)} IS NOT NULL)"


def equal(column: str) -> str:
    return f"({left(column)} = {right(column)})"


@dataclass(frozen=True)
class Level:
    """One level of a comparison: the pair is at this level when ``condition`` holds and no
    level before it did (``None``: always, the last level)."""

    name: str
    condition: str | None
    weight: float  # a log2 Bayes factor: how much likelier for one resident than for two
    words: str  # the evidence, for the official reading the pair

    @property
    def explained(self) -> str:
        return f"{self.words} ({self.weight:+g})"

    def splink(self) -> dict[str, Any]:
        """The level as a splink comparison level: m and u chosen so that log2(m/u) is the
        weight (both at most 1)."""
        m, u = (1.0, 2.0**-self.weight) if self.weight >= 0 else (2.0**self.weight, 1.0)
        return {
            "sql_condition": self.condition or "ELSE",
            "label_for_charts": self.name,
            "m_probability": m,
            "u_probability": u,
        }


@dataclass(frozen=True)
class Comparison:
    """A field compared into levels; no level when the field is not ``given`` for the pair."""

    field: str
    given: str
    levels: tuple[Level, ...]

    def splink(self) -> dict[str, Any]:
        """The comparison as splink settings: a null level, then ours in order."""
        null = {"sql_condition": f"NOT {self.given}", "is_null_level": True}
        return {
            "output_column_name": self.field,
            "comparison_levels": [null, *(lv.splink() for lv in self.levels)],
        }

    def level(self) -> str:
        """SQL naming the pair's level (NULL when the field is not given)."""
        whens = " ".join(
            f"WHEN {lv.condition} THEN '{lv.name}'" for lv in self.levels if lv.condition
        )
        last = self.levels[-1]
        otherwise = f"'{last.name}'" if last.condition is None else "NULL"
        case = f"CASE WHEN NOT {self.given} THEN NULL {whens} ELSE {otherwise} END"
        return f"{case} AS {self.field}"


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

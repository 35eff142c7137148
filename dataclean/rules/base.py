"""What every field rule is: polars expressions, and the pure function they make for one value.

A rule turns a raw column (text, as read) into a clean column and says why each value changed.
The expressions are the rule; :meth:`FieldRule.__call__` runs them on one value, so the one-value
form and the column form can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

import polars as pl

Expr = Callable[[pl.Expr], pl.Expr]
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


class Steps(NamedTuple):
    """The columns a rule's steps read; each is computed once, in its own step."""

    raw: pl.Expr  # the value as read
    text: pl.Expr  # squeezed: NFC, spaces collapsed, empty as null
    parsed: pl.Expr  # the rule's reading of the text: the digits of an ID, a date, ...
    clean: pl.Expr  # the clean value


@dataclass(frozen=True)
class FieldRule:
    name: str  # the rule's name in the change log
    role: str  # the column role it cleans
    parse: Expr  # squeezed text -> what the rule reads in it (null where it reads nothing)
    clean: Callable[[Steps], pl.Expr]  # -> clean text (null stays null); not Steps.clean
    reason: Callable[[Steps], pl.Expr]  # -> why the value changed, or null
    problem: Expr  # clean text -> why it is not valid, or null

    def apply(self, frame: Frame, column: str, prefix: str = "__") -> Frame:
        """``frame`` with ``<prefix>clean``, ``<prefix>reason`` (why a value changed, or null)
        and ``<prefix>problem`` (why the clean value is not valid, or null) for ``column``."""
        return apply_many(frame, [(self, column, prefix)])

    def steps(self, column: str, prefix: str) -> list[list[pl.Expr]]:
        """The rule's expressions over ``column``, step by step; each step reads the columns
        the one before it wrote (see :func:`apply_many`)."""
        raw = pl.col(column).cast(pl.String)
        s = Steps(raw, *(pl.col(f"{prefix}{part}") for part in ("text", "parsed", "clean")))
        return [
            [squeeze(raw).alias(f"{prefix}text")],
            [self.parse(s.text).alias(f"{prefix}parsed")],
            [self.clean(s).alias(f"{prefix}clean")],
            [
                pl.when(raw.ne_missing(s.clean)).then(self.reason(s)).alias(f"{prefix}reason"),
                self.problem(s.clean).alias(f"{prefix}problem"),
            ],
        ]

    def _one(self, value: object) -> tuple[str | None, str | None, str | None]:
        frame = pl.DataFrame({"raw": [as_text(value)]}, schema={"raw": pl.String})
        return self.apply(frame, "raw").select("__clean", "__reason", "__problem").row(0)

    def __call__(self, value: object) -> tuple[str | None, str | None]:
        """The pure rule for one value: its clean form and the reason it changed (or None)."""
        clean, reason, _ = self._one(value)
        return clean, reason

    def check(self, value: object) -> str | None:
        """Why the clean form of one value is not valid, or None."""
        return self._one(value)[2]


def apply_many(frame: Frame, rules: list[tuple[FieldRule, str, str]]) -> Frame:
    """``frame`` with each (rule, column, prefix)'s ``<prefix>clean``, ``<prefix>reason`` and
    ``<prefix>problem`` columns.

    Each step reads the one before it as a column: an expression that repeated the earlier
    steps wherever it used them would compute them many times over (polars does not share a
    subexpression across the branches of a ``when``). The rules take their steps together, so
    that polars computes the columns of one step side by side.
    """
    staged = [rule.steps(column, prefix) for rule, column, prefix in rules]
    for step in zip(*staged, strict=True):
        frame = frame.with_columns(e for exprs in step for e in exprs)
    return frame.drop(f"{prefix}{part}" for _, _, prefix in rules for part in ("text", "parsed"))


def as_text(value: object) -> str | None:
    """A cell as the reader gives it: text, with a whole float written without its ".0"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def squeeze(raw: pl.Expr) -> pl.Expr:
    """Unicode NFC, whitespace collapsed and trimmed; empty becomes null."""
    text = raw.str.normalize("NFC").str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.when(text.str.len_bytes() > 0).then(text)  # not `replace`: see `mapped`


def mapped(
    text: pl.Expr, mapping: Mapping[str, str | None], *, keep_others: bool = False
) -> pl.Expr:
    """Each text found in ``mapping`` replaced by its value; any other text kept
    (``keep_others``) or null.

    Batch by batch: polars' streaming engine holds the whole column for ``replace`` and
    ``replace_strict``, not for an elementwise function (5 M rows streamed: 1.4 GiB against
    0.5 GiB, see bench/README.md).
    """
    old, new = list(mapping), list(mapping.values())

    def batch(s: pl.Series) -> pl.Series:
        if keep_others:
            return s.replace(old, new)
        return s.replace_strict(old, new, default=None, return_dtype=pl.String)

    return text.map_batches(batch, return_dtype=pl.String, is_elementwise=True)


def without_marks(text: pl.Expr) -> pl.Expr:
    """Lower case, đ as d, every diacritic dropped: "Nguyễn" and "NGUYEN" both "nguyen"."""
    return (
        text.str.to_lowercase()
        .str.replace_all("đ", "d")
        .str.normalize("NFD")
        .str.replace_all(r"\p{Mn}", "")
    )


def reasons(*steps: tuple[pl.Expr, str]) -> pl.Expr:
    """The texts of the steps whose condition holds, joined: the reason for a change."""
    parts = [pl.when(cond).then(pl.lit(text)) for cond, text in steps]
    joined = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    return pl.when(joined.str.len_chars() > 0).then(joined)

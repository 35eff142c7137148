"""What every field rule is: polars expressions, and the pure function they make for one value.

A rule turns a raw column (text, as read) into a clean column and says why each value changed.
The expressions are the rule; :meth:`FieldRule.__call__` runs them on one value, so the one-value
form and the column form can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

Expr = Callable[[pl.Expr], pl.Expr]


@dataclass(frozen=True)
class FieldRule:
    name: str  # the rule's name in the change log
    role: str  # the column role it cleans
    clean: Expr  # raw text -> clean text (null stays null)
    reason: Callable[[pl.Expr, pl.Expr], pl.Expr]  # (raw, clean) -> why it changed, or null
    problem: Expr  # clean text -> why it is not valid, or null

    def apply(self, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        """The clean value, the reason for a change and the problem, as expressions."""
        clean = self.clean(raw)
        changed = raw.ne_missing(clean)
        return clean, pl.when(changed).then(self.reason(raw, clean)), self.problem(clean)

    def __call__(self, value: object) -> tuple[str | None, str | None]:
        """The pure rule for one value: its clean form and the reason it changed (or None)."""
        frame = pl.DataFrame({"raw": [as_text(value)]}, schema={"raw": pl.String})
        clean, reason, _ = self.apply(pl.col("raw"))
        return frame.select(clean.alias("v"), reason.alias("r")).row(0)

    def check(self, value: object) -> str | None:
        """Why the clean form of one value is not valid, or None."""
        frame = pl.DataFrame({"raw": [as_text(value)]}, schema={"raw": pl.String})
        return frame.select(self.apply(pl.col("raw"))[2]).item()


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
    return pl.when(text.str.len_chars() > 0).then(text)


def reasons(*steps: tuple[pl.Expr, str]) -> pl.Expr:
    """The texts of the steps whose condition holds, joined: the reason for a change."""
    parts = [pl.when(cond).then(pl.lit(text)) for cond, text in steps]
    joined = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    return pl.when(joined.str.len_chars() > 0).then(joined)

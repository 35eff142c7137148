"""Each candidate pair compared field by field into levels, each level with its weight and
words (the comparisons are data: :mod:`dataclean.dedupe.settings`)."""

from __future__ import annotations

import polars as pl
from rapidfuzz import fuzz, process

from dataclean.dedupe.settings import NAME_SCORE, comparisons


def compare(pairs: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` (rid_l, rid_r) with each field's level, the score and the evidence in words."""
    left = people.rename({c: c + "_l" for c in people.columns if c != "rid"})
    right = people.rename({c: c + "_r" for c in people.columns if c != "rid"})
    joined = pairs.join(left, left_on="rid_l", right_on="rid").join(
        right, left_on="rid_r", right_on="rid"
    )
    score = process.cpdist(
        joined["name_ascii_l"].fill_null("").to_list(),
        joined["name_ascii_r"].fill_null("").to_list(),
        scorer=fuzz.token_sort_ratio,
        workers=-1,
    )
    fields = comparisons()
    leveled = joined.with_columns(pl.Series(NAME_SCORE, score, dtype=pl.Float64)).with_columns(
        c.level() for c in fields
    )
    return leveled.select(
        "rid_l",
        "rid_r",
        *(c.field for c in fields),
        pl.sum_horizontal(c.weight() for c in fields).alias("score"),
        pl.concat_str([c.words() for c in fields], separator="; ", ignore_nulls=True).alias(
            "evidence"
        ),
    )

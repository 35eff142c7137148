"""Each candidate pair compared field by field into levels, each level with its weight.

Weights are log2 Bayes factors, set by hand the way splink's comparison library frames them:
how much likelier the level is for the same resident than for two residents who share a
blocking key. Two CCCDs that differ outweigh everything else: the same name with a different
CCCD is two people.
"""

from __future__ import annotations

import polars as pl
from rapidfuzz import fuzz, process

# (field, level) -> weight
WEIGHTS: dict[tuple[str, str], float] = {
    ("name", "exact"): 8.0,
    ("name", "same_without_marks"): 7.0,  # one typed without diacritics
    ("name", "middle_left_out"): 5.0,  # "Nguyễn Văn An" / "Nguyễn An"
    ("name", "close"): 3.0,  # a typo
    ("name", "marks_differ"): 0.0,  # "Lê Văn Tú" / "Lê Văn Tư": other names, same letters
    ("name", "different"): -8.0,
    ("id", "same"): 14.0,
    ("id", "different"): -25.0,
    ("dob", "same_day"): 8.0,
    ("dob", "same_year"): 3.0,  # one of them gives the year only
    ("dob", "same_year_other_day"): -4.0,
    ("dob", "different"): -10.0,
    ("gender", "same"): 0.5,
    ("gender", "different"): -8.0,
    ("phone", "same"): 8.0,
    ("phone", "different"): -1.0,  # people change numbers
    ("unit", "same"): 2.0,
    ("unit", "different"): -1.0,
}
# The evidence, in words, for the explanation of each pair.
WORDS = {
    ("name", "exact"): "cùng họ tên",
    ("name", "same_without_marks"): "cùng họ tên (một bản không dấu)",
    ("name", "middle_left_out"): "cùng họ và tên, thiếu tên đệm",
    ("name", "close"): "họ tên gần giống",
    ("name", "marks_differ"): "họ tên chỉ giống khi bỏ dấu",
    ("name", "different"): "họ tên khác",
    ("id", "same"): "cùng số CCCD/CMND",
    ("id", "different"): "số CCCD/CMND khác",
    ("dob", "same_day"): "cùng ngày sinh",
    ("dob", "same_year"): "cùng năm sinh",
    ("dob", "same_year_other_day"): "cùng năm, khác ngày sinh",
    ("dob", "different"): "năm sinh khác",
    ("gender", "same"): "cùng giới tính",
    ("gender", "different"): "giới tính khác",
    ("phone", "same"): "cùng số điện thoại",
    ("phone", "different"): "số điện thoại khác",
    ("unit", "same"): "cùng xã/phường",
    ("unit", "different"): "khác xã/phường",
}
FIELDS = ("name", "id", "dob", "gender", "phone", "unit")
CLOSE_NAME = 90.0  # rapidfuzz token_sort_ratio on the names without marks


def _both(a: str, b: str) -> pl.Expr:
    return pl.col(a).is_not_null() & pl.col(b).is_not_null()


def _levels(pairs: pl.DataFrame) -> pl.DataFrame:
    l, r = "_l", "_r"  # noqa: E741 - left and right
    first = pl.col("name_ascii" + l).str.extract(r"^(\S+)")
    last = pl.col("name_ascii" + l).str.extract(r"(\S+)$")
    first_r = pl.col("name_ascii" + r).str.extract(r"^(\S+)")
    last_r = pl.col("name_ascii" + r).str.extract(r"(\S+)$")
    words_l = pl.col("name_ascii" + l).str.count_matches(" ")
    words_r = pl.col("name_ascii" + r).str.count_matches(" ")
    marks_l = pl.col("name" + l).str.contains(r"[^\x00-\x7f]")
    marks_r = pl.col("name" + r).str.contains(r"[^\x00-\x7f]")
    same_ascii = pl.col("name_ascii" + l) == pl.col("name_ascii" + r)
    name = (
        pl.when(~_both("name_ascii" + l, "name_ascii" + r))
        .then(None)
        .when(pl.col("name" + l).str.to_lowercase() == pl.col("name" + r).str.to_lowercase())
        .then(pl.lit("exact"))
        .when(same_ascii & marks_l & marks_r)
        .then(pl.lit("marks_differ"))
        .when(same_ascii)
        .then(pl.lit("same_without_marks"))
        .when((first == first_r) & (last == last_r) & (words_l != words_r))
        .then(pl.lit("middle_left_out"))
        .when(pl.col("__name_score") >= CLOSE_NAME)
        .then(pl.lit("close"))
        .otherwise(pl.lit("different"))
    )
    cccd = _both("cccd" + l, "cccd" + r)
    cmnd = _both("cmnd" + l, "cmnd" + r)
    same_id = (cccd & (pl.col("cccd" + l) == pl.col("cccd" + r))) | (
        cmnd & (pl.col("cmnd" + l) == pl.col("cmnd" + r))
    )
    id_level = pl.when(same_id).then(pl.lit("same")).when(cccd | cmnd).then(pl.lit("different"))
    day_l = pl.col("dob" + l).str.len_chars() == 10
    day_r = pl.col("dob" + r).str.len_chars() == 10
    same_year = pl.col("dob_year" + l) == pl.col("dob_year" + r)
    dob = (
        pl.when(~_both("dob_year" + l, "dob_year" + r))
        .then(None)
        .when(~same_year)
        .then(pl.lit("different"))
        .when(day_l & day_r & (pl.col("dob" + l) == pl.col("dob" + r)))
        .then(pl.lit("same_day"))
        .when(day_l & day_r)
        .then(pl.lit("same_year_other_day"))
        .otherwise(pl.lit("same_year"))
    )

    def same_or_not(field: str) -> pl.Expr:
        return (
            pl.when(~_both(field + l, field + r))
            .then(None)
            .when(pl.col(field + l) == pl.col(field + r))
            .then(pl.lit("same"))
            .otherwise(pl.lit("different"))
        )

    return pairs.with_columns(
        name.alias("name"),
        id_level.alias("id"),
        dob.alias("dob"),
        same_or_not("gender").alias("gender"),
        same_or_not("phone").alias("phone"),
        same_or_not("unit").alias("unit"),
    )


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
    leveled = _levels(joined.with_columns(pl.Series("__name_score", score, dtype=pl.Float64)))
    weight_exprs, word_exprs = [], []
    for field in FIELDS:
        levels = [lv for f, lv in WEIGHTS if f == field]
        weight_exprs.append(
            pl.col(field).replace_strict(levels, [WEIGHTS[(field, lv)] for lv in levels],
                                         default=0.0, return_dtype=pl.Float64)
        )  # fmt: skip
        word_exprs.append(
            pl.col(field).replace_strict(
                levels,
                [f"{WORDS[(field, lv)]} ({WEIGHTS[(field, lv)]:+g})" for lv in levels],
                default=None,
                return_dtype=pl.String,
            )
        )
    return leveled.select(
        "rid_l",
        "rid_r",
        *FIELDS,
        pl.sum_horizontal(weight_exprs).alias("score"),
        pl.concat_str(word_exprs, separator="; ", ignore_nulls=True).alias("evidence"),
    )

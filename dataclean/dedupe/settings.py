"""How residents are linked, as data: the blocking keys, the comparisons with their levels,
weights and words, and the thresholds (see :mod:`dataclean.dedupe.levels`).

Weights are log2 Bayes factors, set by hand the way splink's comparison library frames them:
how much likelier the level is for the same resident than for two residents who share a
blocking key. Two CCCDs that differ outweigh everything else: the same name with a different
CCCD is two people. splink scores the pairs with these settings on DuckDB
(:mod:`dataclean.dedupe.scoring`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dataclean.dedupe.levels import (
    Comparison,
    Level,
    both_given,
    equal,
    left,
    right,
    same_or_different,
)


@dataclass(frozen=True)
class Thresholds:
    merge: float = 12.0  # pairs scoring this or more are merged
    review: float = 5.0  # pairs from this up to the merge threshold go to a person


# A key shared by more rows than this says little about who is who (a very common given name
# in one year); such blocks are left out and counted.
MAX_BLOCK = 3000
CLOSE_NAME = 90.0  # rapidfuzz token_sort_ratio on the names without marks: a typo
NAME_RATIO = "token_sort_ratio"  # that ratio, as a SQL function (see dedupe/scoring.py)
# What DuckDB may hold in memory while it scores the pairs; past it, it spills to disk.
SCORING_MEMORY = "512MB"


def blocking_keys() -> dict[str, pl.Expr]:
    """The keys: the name without marks with the year of birth, or with the commune; surname,
    given name and year (for a middle name left out); CCCD; CMND; phone.

    The name alone is no key: in a million rows "nguyen thi hoa" is thousands of people, and
    comparing each with each is tens of millions of pairs for nothing. The names are keyed
    within a new province (and the commune), the numbers across all: without the province the
    pairs grew with the square of the rows (bench/README.md).
    """
    # The surname and given name are per-person features (dedupe/people.py).
    given, surname = pl.col("name_last"), pl.col("name_first")
    year = pl.col("dob_year").cast(pl.String)
    province = pl.col("province")
    return {
        "name_year": pl.concat_str([pl.col("name_ascii"), year, province], separator="|"),
        "name_unit": pl.concat_str([pl.col("name_ascii"), pl.col("unit")], separator="|"),
        "given_year": pl.concat_str([surname, given, year, province], separator="|"),
        "cccd": pl.col("cccd"),
        "cmnd": pl.col("cmnd"),
        "phone": pl.col("phone"),
    }


def _name() -> Comparison:
    # The per-person features (dedupe/people.py): lower case, surname, given name, word count.
    same_ascii = equal("name_ascii")
    return Comparison(
        "name",
        both_given("name_ascii"),
        (
            Level(
                "exact",
                equal("name_lower"),
                8.0,
                "cùng họ tên",
            ),
            # "Lê Văn Tú" / "Lê Văn Tư": other names that share their letters
            Level(
                "marks_differ",
                f"{same_ascii} AND {left('name_marked')} AND {right('name_marked')}",
                0.0,
                "họ tên chỉ giống khi bỏ dấu",
            ),
            Level("same_without_marks", same_ascii, 7.0, "cùng họ tên (một bản không dấu)"),
            Level(  # "Nguyễn Văn An" / "Nguyễn An"
                "middle_left_out",
                f"{equal('name_first')} AND {equal('name_last')} AND NOT {equal('name_words')}",
                5.0,
                "cùng họ và tên, thiếu tên đệm",
            ),
            Level(
                "close",
                f"{NAME_RATIO}({left('name_ascii')}, {right('name_ascii')}) >= {CLOSE_NAME}",
                3.0,
                "họ tên gần giống",
            ),
            Level("different", None, -8.0, "họ tên khác"),
        ),
    )


def _id() -> Comparison:
    cccd, cmnd = both_given("cccd"), both_given("cmnd")
    same = f"({cccd} AND {equal('cccd')}) OR ({cmnd} AND {equal('cmnd')})"
    return Comparison(
        "id",
        f"({cccd} OR {cmnd})",
        (
            Level("same", same, 14.0, "cùng số CCCD/CMND"),
            Level("different", None, -25.0, "số CCCD/CMND khác"),
        ),
    )


def _dob() -> Comparison:
    day_l, day_r = left("dob_day"), right("dob_day")
    return Comparison(
        "dob",
        both_given("dob_year"),
        (
            Level("different", f"NOT {equal('dob_year')}", -10.0, "năm sinh khác"),
            Level("same_day", f"{day_l} AND {day_r} AND {equal('dob')}", 8.0, "cùng ngày sinh"),
            Level("same_year_other_day", f"{day_l} AND {day_r}", -4.0, "cùng năm, khác ngày sinh"),
            # one of them gives the year only
            Level("same_year", None, 3.0, "cùng năm sinh"),
        ),
    )


def comparisons() -> tuple[Comparison, ...]:
    """Every field compared, in the order the evidence is written."""
    return (
        _name(),
        _id(),
        _dob(),
        same_or_different("gender", (0.5, "cùng giới tính"), (-8.0, "giới tính khác")),
        # people change numbers
        same_or_different("phone", (8.0, "cùng số điện thoại"), (-1.0, "số điện thoại khác")),
        same_or_different("unit", (2.0, "cùng xã/phường"), (-1.0, "khác xã/phường")),
    )

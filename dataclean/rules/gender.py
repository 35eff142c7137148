"""Gender: Nam, Nữ, nam, NU, M, F, 1, 0 and their kin become "Nam" or "Nữ"; anything else is
reported, never guessed.

The digits follow the CCCD's own convention (its 4th digit is 0 or 2 for men, 1 or 3 for
women): 0 is Nam, 1 is Nữ.
"""

from __future__ import annotations

import polars as pl

from dataclean.rules.base import FieldRule, Steps, mapped, without_marks

MALE, FEMALE = "Nam", "Nữ"
# Written without marks, lower case, punctuation dropped.
_WORDS = {
    MALE: ("nam", "m", "male", "man", "trai", "ong", "0", "gioi tinh nam"),
    FEMALE: ("nu", "f", "female", "woman", "gai", "ba", "1", "gioi tinh nu"),
}
_KEYS = {word: gender for gender, words in _WORDS.items() for word in words}


def _key(text: pl.Expr) -> pl.Expr:
    return (
        without_marks(text)
        .str.replace_all(r"[^a-z0-9 ]", "")
        .str.replace_all(r"\.0$", "")
        .str.strip_chars()
    )


def _clean(s: Steps) -> pl.Expr:
    return pl.coalesce(mapped(s.parsed, _KEYS), s.text)


def _reason(s: Steps) -> pl.Expr:
    return pl.concat_str(
        [pl.lit("ghi thống nhất là Nam/Nữ (gender as Nam/Nữ): '"), s.raw, pl.lit("'")]
    )


def _problem(clean: pl.Expr) -> pl.Expr:
    return pl.when(clean.is_not_null() & ~clean.is_in([MALE, FEMALE])).then(
        pl.concat_str([pl.lit("Giới tính không rõ ("), clean, pl.lit(")")])
    )


RULE = FieldRule("gender", "gender", _key, _clean, _reason, _problem)

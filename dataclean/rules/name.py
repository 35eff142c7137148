"""Full names: NFC, spaces, Vietnamese title case, one tone-mark style, a key without marks.

"NGUYỄN  VĂN AN" becomes "Nguyễn Văn An". Tone marks on the open syllables oa, oe, uy are put
in the style most official records use, on the first vowel: "Hoà" becomes "Hòa", "Thuỷ"
becomes "Thủy" ("Quý" keeps its mark: there the u belongs to "qu"). A name typed without any
diacritic stays as typed (marks are never invented) and is flagged ``no_diacritics``.
"""

from __future__ import annotations

import polars as pl

from dataclean.rules.base import FieldRule, Steps, reasons, without_marks

_LOOKALIKE_D = {"\u00d0": "\u0110", "\u00f0": "\u0111"}  # Icelandic eth typed for Đ/đ
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền sắc hỏi ngã nặng


def _toned(letter: str, tone: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", letter + tone)


# (pattern, replacement) pairs moving the tone from the second vowel to the first, at the end
# of a word: "oà" -> "òa", "uỷ" -> "ủy" (not after q).
_TONE_STYLE = [
    (f"{first}{_toned(second, t)}\\b", f"{_toned(first, t)}{second}")
    for first, second in (("o", "a"), ("o", "e"))
    for t in _TONES
] + [(f"([^qQ])u{_toned('y', t)}\\b", f"${{1}}{_toned('u', t)}y") for t in _TONES]


def _letters(text: pl.Expr) -> pl.Expr:
    return text.str.replace_many(list(_LOOKALIKE_D), list(_LOOKALIKE_D.values()))


def _titled(text: pl.Expr) -> pl.Expr:
    return _letters(text).str.to_titlecase()


# The vowel pairs _TONE_STYLE looks at, at the end of a word: a cheap sieve. ("\b" after a
# letter is "(?:\W|$)"; written as "\b", it makes this alternation thirty times slower.)
_PAIRS = [f"o{_toned(v, t)}" for v in "ae" for t in _TONES] + [f"u{_toned('y', t)}" for t in _TONES]
_OLD_STYLE = f"(?:{'|'.join(_PAIRS)})(?:\\W|$)"


def _restyled(names: pl.Series) -> pl.Series:
    """The names with one tone-mark style. Only those with such a vowel pair are rewritten:
    fifteen passes over every name would be most of the rule's time."""
    hit = names.str.contains(_OLD_STYLE).fill_null(False)
    if not hit.any():
        return names
    fixed = names.filter(hit)
    for pattern, replacement in _TONE_STYLE:
        fixed = fixed.str.replace_all(pattern, replacement)
    return names.scatter(hit.arg_true(), fixed)


def _tone_style(s: Steps) -> pl.Expr:
    return s.parsed.map_batches(_restyled, return_dtype=pl.String, is_elementwise=True)


def _reason(s: Steps) -> pl.Expr:
    letters = _letters(s.text)
    return reasons(
        (letters.ne_missing(s.raw), "bỏ khoảng trắng thừa, chuẩn Unicode (spaces, NFC)"),
        (s.parsed != letters, "viết hoa chữ cái đầu (title case)"),
        (s.clean != s.parsed, "thống nhất cách bỏ dấu: hòa, thủy (one tone-mark style)"),
    )


def _problem(clean: pl.Expr) -> pl.Expr:
    return (
        pl.when(clean.is_null())
        .then(pl.lit("Thiếu họ tên (name missing)"))
        .when(clean.str.contains(r"\d"))
        .then(pl.lit("Họ tên có chữ số (name contains digits)"))
        .when(clean.str.contains(r"[^\p{L}\p{M} '\-.]"))
        .then(pl.lit("Họ tên có ký tự lạ (name contains symbols)"))
    )


def name_key(clean: pl.Expr) -> pl.Expr:
    """The name without marks, lower case: "Nguyễn Văn An" and "NGUYEN VAN AN" share it."""
    return without_marks(clean)


def no_diacritics(clean: pl.Expr) -> pl.Expr:
    """A name of Latin letters only: typed without marks (a warning, not an error)."""
    return clean.str.contains(r"[A-Za-z]") & ~clean.str.contains(r"[^\x00-\x7f]")


RULE = FieldRule("name", "name", _titled, _tone_style, _reason, _problem)

"""The words of a free-text address, with their keys and where the separators fall.

People glue words ("TỉnhNghệ An", "TPHàNội", "HuyệnU Minh Thượng"), drop commas, use dashes and
dots ("Thừa.t.Huế"), and glue numbers to type letters ("Q11", "P.7", "F7"). The reader works on
words, not on commas, so this module only has to find the words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from dataclean.vietnamese import VOWEL_LETTERS, ascii_key_word, clean_text, tone_key_word

# Separators that end a part ("Phúc Xá, Ba Đình"): a name never runs across them. Dashes and
# slashes often end one too ("Trung Môn - Tuyên Quang"), but stand inside a few names
# ("Bà Rịa - Vũng Tàu", "Phan Rang-Tháp Chàm").
_STRONG = frozenset(",;|\n")
_STRONG_SPLIT = re.compile("[" + re.escape("".join(sorted(_STRONG))) + "]")
_SOFT = frozenset("-–—/\\()")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A type letter or word glued to a number: "P7", "Q11", "F12", "Phường7".
_GLUED_NUMBER = re.compile(r"^(p|f|q|x|phuong|quan|phường|quận)(\d+)$", re.IGNORECASE)


class Token(NamedTuple):  # a tuple: made thousands of times a second, cheaply
    """One word of an address."""

    text: str
    ascii: str  # without marks, lower case
    tone: str  # tone mark as a digit at the end (see dataclean.vietnamese)
    start: int  # offsets in the prepared text
    end: int
    hard_before: bool  # a comma, dash, slash… stands between it and the word before
    strong_before: bool  # a comma, semicolon, pipe or line break does
    dotted: bool  # a dot follows it ("P.", "T.P"): an abbreviation rather than a name

    @property
    def marked(self) -> bool:
        """Typed with Vietnamese marks."""
        return self.tone != self.ascii


# Type abbreviations that people glue to a capitalised name: "TPHà Nội", "TBến Tre", "TXSơn Tây".
_GLUED_TYPES = frozenset({"t", "tp", "tx", "tt", "p", "q", "h", "x", "f", "dk"})


_UPPER = "".join(chr(c) for c in range(0x41, 0x1F00) if chr(c).isupper() and chr(c).isalpha())
_LOWER = "".join(chr(c) for c in range(0x61, 0x1F00) if chr(c).islower() and chr(c).isalpha())
# Where a seam may be: only a text that has one is walked letter by letter.
_SEAM = re.compile(f"[{re.escape(_LOWER)}][{re.escape(_UPPER)}]|[{re.escape(_UPPER)}]{{2}}")


def unglue(text: str) -> str:
    """Spaces where case shows two glued words: "TỉnhNghệ" -> "Tỉnh Nghệ", "TPHà" -> "TP Hà".

    A lower-case letter before a capital always ends a word. A run of capitals before a
    capitalised word ends one only when the run is a type abbreviation, so "TBến tre" is
    "T Bến tre" while "TPHCM", "KBang" and "AYun" stay whole.
    """
    if not _SEAM.search(text):
        return text
    out: list[str] = []
    n = len(text)
    run_start = 0  # where the current run of capitals began
    for i, ch in enumerate(text):
        if ch.isupper():
            before = text[i - 1] if i else ""
            if not before.isupper():
                run_start = i
            after = text[i + 1] if i + 1 < n else ""
            if before.islower():
                out.append(" ")
                run_start = i
            elif (
                before.isupper()
                and after.islower()
                and (not run_start or not text[run_start - 1].isalnum())
                and ascii_key_word(text[run_start:i]) in _GLUED_TYPES
            ):
                out.append(" ")
        out.append(ch)
    return "".join(out)


# Type words glued to the next name in lower or upper case, where case cannot show the seam
# ("huyenlộc ninh", "TỈNHĐIỆN BIÊN", "tphanoi"), with the word that must stand before a
# second word ("thị TRẤNTRÙNG KHÁNH").
_GLUE_PREFIXES = (
    ("thitran", None), ("thanhpho", None), ("thixa", None), ("phuong", None), ("huyen", None),
    ("tinh", None), ("quan", None), ("xa", None), ("tp", None), ("tx", None), ("tt", None),
    ("tran", "thi"), ("pho", "thanh"), ("khu", "dac"),
)  # fmt: skip


_GLUE_BY_FIRST: dict[str, tuple[tuple[str, str | None], ...]] = {}
for _prefix in _GLUE_PREFIXES:
    _GLUE_BY_FIRST[_prefix[0][0]] = (*_GLUE_BY_FIRST.get(_prefix[0][0], ()), _prefix)


@lru_cache(maxsize=50_000)
def _glued_type(word: str, before: str | None) -> int:
    """How many letters of ``word`` are a type word glued to a name (0 when none).

    No Vietnamese syllable runs on past these type words with a vowel ("xanh" and "quang"
    do not), so a word that does is two words.
    """
    key = ascii_key_word(word)
    if len(key) < 4 or len(key) != len(word):
        return 0  # too short to hold a type and a name, or not one letter for one letter
    for prefix, after in _GLUE_BY_FIRST.get(key[0], ()):
        if key.startswith(prefix) and (after is None or before == after):
            rest = key[len(prefix) :]
            if len(rest) >= 2 and any(c in VOWEL_LETTERS for c in rest):
                return len(prefix)
    return 0


@lru_cache(maxsize=50_000)
def _token(word: str) -> tuple[str, str]:
    return ascii_key_word(word), tone_key_word(word)


# Notes people add to a unit's name: "Xã Tân Lập (cũ)", "Phường 5 (mới)".
_NOTE = re.compile(r"\(\s*(cũ|mới|cu|moi)\s*\)", re.IGNORECASE)


# Type words a stray comma or dot may cut in two, and what may cut them.
_SPLIT_TYPES = frozenset({"tinh", "huyen", "quan", "phuong", "thi", "thanh", "pho", "tran"})
_STRAY = frozenset({",", "."})


def parts(text: str) -> list[str]:
    """The parts of a text between commas, semicolons, pipes and line breaks, blank ones out."""
    return [p for p in _STRONG_SPLIT.split(text) if p.strip()]


# A dash with a space on each side: "Hà Nội - Ba Đình - Phúc Xá", not "Phan Rang-Tháp Chàm".
_SPACED_DASH = re.compile(r"\s[-–—]+\s")


def dashed_parts(text: str) -> list[str]:
    """The parts of a text between dashes that stand apart, blank ones out."""
    return [p for p in _SPACED_DASH.split(text) if p.strip()]


def tokenize(text: str) -> tuple[str, list[Token]]:
    """The prepared text (NFC, spaces collapsed, glued words apart) and its words."""
    prepared = unglue(clean_text(text))
    if "(" in prepared:
        prepared = _NOTE.sub("", prepared)
    tokens: list[Token] = []
    last_end = 0
    for m in _WORD.finditer(prepared):
        word, start, end = m.group(), m.start(), m.end()
        between = prepared[last_end:start]
        if (
            between in _STRAY
            and tokens
            and word[0].islower()
            and word.lower() not in _GLUED_TYPES  # "Quảng Tín,h Đắk R'Lấp": Huyện
            and _token(tokens[-1].text + word)[0] in _SPLIT_TYPES
        ):
            # "Tỉ,nh Tiền Giang", "Th,ị xã": a stray comma or dot inside a type word, before
            # the rest of it in lower case ("P.Hương Sơn" is Phường Hương Sơn).
            last = tokens.pop()
            word, start = last.text + word, last.start
            between = prepared[tokens[-1].end if tokens else 0 : start]
        strong = hard = False
        if between and between != " ":
            # ". " after a word ends a part ("Thôn 3. Hậu Thạnh. Tân Thạnh"); after a letter or
            # a short abbreviation it is the abbreviation's dot ("T. Nghệ An", "TP. Huế").
            strong = not _STRONG.isdisjoint(between) or (
                between.startswith(". ")
                and bool(tokens)
                and (len(tokens[-1].text) >= 3 or tokens[-1].ascii.isdigit())
            )
            hard = strong or not _SOFT.isdisjoint(between)
        dotted = prepared[end : end + 1] == "."
        seam = _glued_type(word, tokens[-1].ascii if tokens else None) if len(word) > 3 else 0
        glued = _GLUED_NUMBER.match(word) if word[-1].isdigit() else None
        if seam:
            cut = start + seam
            tokens.append(_make(prepared[start:cut], start, cut, hard, strong, False))
            tokens.append(_make(prepared[cut:end], cut, end, False, False, dotted))
        elif glued:
            cut = start + len(glued.group(1))
            tokens.append(_make(glued.group(1), start, cut, hard, strong, False))
            tokens.append(_make(glued.group(2), cut, end, False, False, dotted))
        else:
            tokens.append(_make(word, start, end, hard, strong, dotted))
        last_end = end
    return prepared, tokens


def _make(word: str, start: int, end: int, hard: bool, strong: bool, dotted: bool) -> Token:
    asc, tone = _token(word)
    return Token(word, asc, tone, start, end, hard, strong, dotted)

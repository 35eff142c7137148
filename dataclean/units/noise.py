"""Slips of the keyboard and the scanner around type words, mended before an address is read.

OCR and hurried typing leave type words one letter off ("Tnh An Giang", "Huzyen", "Thà6nh
phố") and stray capitals glued to them ("TỉnhC Tuyên Quang", "ThànhMphố Hải Phòng"). A word is
mended only where what follows it is the opening of a name of the level that type word names,
so a name typed with a slip ("Thnh Lợi", "C Giang") is left for the name matcher.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz.distance import Levenshtein

from dataclean.units.names import COMMUNE, DISTRICT, PROVINCE
from dataclean.units.tokens import Token
from dataclean.vietnamese import ascii_key_word, tone_key_word

# What may follow each type word typed in full: names of these levels, or one of these words.
_LEVELS_AFTER: dict[str, tuple[str, ...]] = {
    "tinh": (PROVINCE,),
    "huyen": (DISTRICT,),
    "quan": (DISTRICT,),
    "phuong": (COMMUNE,),
    "xa": (COMMUNE, DISTRICT),
    "pho": (PROVINCE, DISTRICT),
    "tran": (COMMUNE,),
}
_WORDS_AFTER: dict[str, frozenset[str]] = {
    "thanh": frozenset({"pho"}),
    "thi": frozenset({"xa", "tran"}),
}
_WORDS_BEFORE: dict[str, frozenset[str]] = {
    "pho": frozenset({"thanh", "t"}),
    "tran": frozenset({"thi", "t"}),
}
# The type words a slip is looked for in: long enough that one letter off is still them.
_SLIPPABLE = tuple(
    (ascii_key_word(w), tone_key_word(w))
    for w in ("tỉnh", "huyện", "phường", "thành", "phố", "trấn")
)


def _opens(tokens: list[Token], i: int, type_word: str, openings: Mapping[str, frozenset[str]]):
    """Whether the words from ``i`` on can follow ``type_word``."""
    if i >= len(tokens) or tokens[i].hard_before:
        return False
    if type_word in _WORDS_AFTER:
        return tokens[i].ascii in _WORDS_AFTER[type_word]
    first = tokens[i].ascii
    two = (
        f"{first} {tokens[i + 1].ascii}"
        if i + 1 < len(tokens) and not tokens[i + 1].hard_before
        else None
    )
    return any(
        first in openings[level] or (two is not None and two in openings[level])
        for level in _LEVELS_AFTER.get(type_word, ())
    )


def _slipped(
    tokens: list[Token], i: int, words: frozenset[str], openings: Mapping[str, frozenset[str]]
) -> tuple[str, str] | None:
    """The type word that word ``i``, no name's word, is one slip away from, if what stands
    around it fits that type word."""
    word = tokens[i].ascii
    if len(word) < 3 or word in words or word.isdigit():
        return None
    for asc, tone in _SLIPPABLE:
        if Levenshtein.distance(word, asc, score_cutoff=1) > 1:
            continue
        before = _WORDS_BEFORE.get(asc)
        if before is not None and not (i and tokens[i - 1].ascii in before):
            continue
        if _opens(tokens, i + 1, asc, openings):
            return asc, tone
    return None


def _stray(tokens: list[Token], i: int, openings: Mapping[str, frozenset[str]]) -> bool:
    """Whether word ``i`` is a single letter between a type word typed in full and the name
    that follows it ("Tỉnh C Tuyên Quang"), where the letter itself opens no such name ("Huyện
    U Minh Thượng")."""
    word = tokens[i]
    if not i or len(word.ascii) != 1 or word.ascii.isdigit() or word.dotted or word.hard_before:
        return False
    type_word = tokens[i - 1].ascii
    if type_word not in _LEVELS_AFTER and type_word not in _WORDS_AFTER:
        return False
    return _opens(tokens, i + 1, type_word, openings) and not _opens(tokens, i, type_word, openings)


def mended(
    tokens: list[Token], words: frozenset[str], openings: Mapping[str, frozenset[str]]
) -> list[Token]:
    """The words with slips around type words mended: a type word one letter off is read as
    that type word, and a stray letter after one is left out. ``words`` are every word of every
    name; ``openings`` the first word and first two words of the names of each level."""
    out: list[Token] = []
    for i, word in enumerate(tokens):
        if _stray(tokens, i, openings):
            continue
        slipped = _slipped(tokens, i, words, openings)
        out.append(word if slipped is None else word._replace(ascii=slipped[0], tone=slipped[1]))
    return out

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
from dataclean.vietnamese import ONSET_CLUSTERS, VOWEL_LETTERS, ascii_key_word, tone_key_word

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


def _split_by_a_capital(
    tokens: list[Token], i: int, words: frozenset[str], openings: Mapping[str, frozenset[str]]
) -> tuple[str, str] | None:
    """The type word that a single letter ``i`` and the word after it make once the capital
    the scanner put into the word is left out ("HKuyện" read as "H Kuyện": Huyện; "TEhành":
    Thành), where the word after is no name's word and what follows fits that type word."""
    letter = tokens[i].ascii
    if len(letter) != 1 or letter.isdigit() or tokens[i].dotted or i + 1 >= len(tokens):
        return None
    after = tokens[i + 1]
    if after.hard_before or after.ascii in words or not after.text[:1].isupper():
        return None
    joined = letter + after.ascii[1:]
    for asc, tone in _SLIPPABLE:
        if joined == asc and _opens(tokens, i + 2, asc, openings):
            return asc, tone
    return None


# Onsets of a Vietnamese syllable that are no word on their own: text taken from some PDFs
# and scanners splits a word after them ("Ph ường", "th ành ph ố", "Quảng Ng ãi").
_ONSETS = frozenset(ONSET_CLUSTERS)


def _split_syllable(
    tokens: list[Token], i: int, words: frozenset[str], openings: Mapping[str, frozenset[str]]
) -> bool:
    """Whether word ``i`` and the word after it, opening in lower case with a vowel, are one
    word split in two: together a word of some unit's name, where word ``i`` is an onset
    alone ("th ành"), or is unmarked and the split falls before a marked vowel ("xu ân"),
    and the two do not open a name as they stand."""
    head = tokens[i]
    if i + 1 >= len(tokens) or head.dotted or len(head.ascii) < 2:
        return False  # a letter alone is most often a type word's ("T ỉnh", "X ã")
    after = tokens[i + 1]
    opening = after.text[:1]
    if after.hard_before or not opening.islower() or after.ascii[:1] not in VOWEL_LETTERS:
        return False
    onset = head.ascii in _ONSETS
    if not onset and (not head.text.isascii() or opening.isascii()):
        return False
    if any(f"{head.ascii} {after.ascii}" in names for names in openings.values()):
        return False  # two words that open a name as they stand ("Pa Ủ")
    return head.ascii + after.ascii in words


# A type letter glued in lower case to the name after it ("Hbình Chánh", "xphú Hưng"), the
# level it names, and the letters that cannot follow it in a Vietnamese word ("hb", "xp").
_LETTER_LEVELS = {"h": DISTRICT, "q": DISTRICT, "x": COMMUNE, "p": COMMUNE, "f": COMMUNE}
_ONSET_AFTER = {"p": frozenset("h"), "q": frozenset("u"), "f": frozenset()}


def _glued_letter(
    tokens: list[Token], i: int, words: frozenset[str], openings: Mapping[str, frozenset[str]]
) -> bool:
    """Whether word ``i``, no name's word, is a type letter glued to the opening of a name of
    the level it names, where no Vietnamese word could start with those two letters."""
    word = tokens[i]
    level = _LETTER_LEVELS.get(word.ascii[:1])
    if level is None or len(word.ascii) < 3 or word.ascii in words:
        return False
    if len(word.text) != len(word.ascii) or not word.text[1:2].islower():
        return False  # "HBình" is unglued by case already; a letter for letter key only
    rest, second = word.ascii[1:], word.ascii[1]
    if second in VOWEL_LETTERS or second in _ONSET_AFTER.get(word.ascii[0], frozenset()):
        return False  # "hòa", "phú", "quang": a word as it stands
    if rest in openings[level]:
        return True
    after = tokens[i + 1] if i + 1 < len(tokens) and not tokens[i + 1].hard_before else None
    return after is not None and f"{rest} {after.ascii}" in openings[level]


def _split_letter(word: Token) -> tuple[Token, Token]:
    letter = word.text[0]
    cut = word.start + 1
    return (
        Token(letter, word.ascii[0], tone_key_word(letter), word.start, cut,
              word.hard_before, word.strong_before, False),
        Token(word.text[1:], word.ascii[1:], tone_key_word(word.text[1:]), cut, word.end,
              False, False, word.dotted),
    )  # fmt: skip


def _made_whole(
    tokens: list[Token], i: int, words: frozenset[str], openings: Mapping[str, frozenset[str]]
) -> Token | None:
    """Word ``i`` and the word after it as the one word they were before a split: a syllable
    split in two, or a type word cut by a capital; None when they are two words."""
    word = tokens[i]
    if _split_syllable(tokens, i, words, openings):
        ascii_, tone = (
            word.ascii + tokens[i + 1].ascii,
            tone_key_word(word.text + tokens[i + 1].text),
        )
    else:
        split = _split_by_a_capital(tokens, i, words, openings)
        if split is None:
            return None
        ascii_, tone = split
    after = tokens[i + 1]
    return word._replace(text=word.text + after.text, ascii=ascii_, tone=tone, end=after.end)


def mended(
    tokens: list[Token], words: frozenset[str], openings: Mapping[str, frozenset[str]]
) -> list[Token]:
    """The words with slips around type words mended: a type word one letter off is read as
    that type word, a stray letter after one is left out, a word split in two (a syllable
    after its onset, a type word cut by a capital) is made whole, and a type letter glued to
    a name ("Hbình Chánh") is set apart.
    ``words`` are every word of every name; ``openings`` the first word and first two words
    of the names of each level."""
    out: list[Token] = []
    skip = -1
    for i, word in enumerate(tokens):
        if i == skip or _stray(tokens, i, openings):
            continue
        whole = _made_whole(tokens, i, words, openings)
        if whole is not None:
            out.append(whole)
            skip = i + 1
            continue
        if _glued_letter(tokens, i, words, openings):
            out.extend(_split_letter(word))
            continue
        slipped = _slipped(tokens, i, words, openings)
        out.append(word if slipped is None else word._replace(ascii=slipped[0], tone=slipped[1]))
    return out

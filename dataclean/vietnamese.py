"""Vietnamese text primitives shared by the unit resolver and the field rules.

Two matching keys are built for every word:

* the *tone key* keeps every letter and vowel mark but moves the tone to a digit at the end of
  the syllable, so "Hoà" and "Hòa", "Thuỷ" and "Thủy", NFC and NFD all give the same key while
  "Sa Pa" and "Sa Pả" stay apart;
* the *ASCII key* drops every mark, for input typed without diacritics.

Both fold the i/y spelling variants of a bare syllable ("Quí"/"Quý", "Kì"/"Kỳ").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Combining tone marks, numbered as Vietnamese teachers do: sắc huyền hỏi ngã nặng.
_TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}

# Letters that look like Đ but are not (Icelandic eth), common in typed records.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# The onsets of a syllable written with more than one letter (the longest first), and the
# vowel letters as the ASCII key writes them.
ONSET_CLUSTERS = ("ngh", "ng", "gh", "nh", "kh", "ph", "th", "tr", "ch", "gi", "qu")
VOWEL_LETTERS = frozenset("aeiouy")
# A bare i/y syllable after an onset: Quí/Quý, Kì/Kỳ, Lí/Lý, Mĩ/Mỹ. "uy" in Huy stays.
_BARE_IY = re.compile(rf"^({'|'.join(ONSET_CLUSTERS)}|[bcdđghklmnpqrstvx])?y$")


def nfc(text: str) -> str:
    """NFC form with look-alike letters of Đ fixed."""
    if text.isascii():
        return text  # nothing to compose or fix, and most keys are typed so
    return unicodedata.normalize("NFC", text.translate(_LOOKALIKES))


def collapse_spaces(text: str) -> str:
    """Trim and collapse every run of whitespace (tabs, NBSP, newlines) to one space."""
    return " ".join(text.split())  # str.split() knows every Unicode space; faster than a regex


def clean_text(text: str) -> str:
    """NFC with whitespace collapsed: the form every comparison starts from."""
    return collapse_spaces(nfc(text))


def _number(digits: str) -> str:
    """ "05" and "5" are one number; a run of 100,000 digits is one too (int() refuses it)."""
    return digits.lstrip("0") or "0"


def _fold_iy(syllable: str) -> str:
    m = _BARE_IY.match(syllable)
    if m:
        return (m.group(1) or "") + "i"
    return syllable


def _letter_tables() -> tuple[dict[str, tuple[str, str]], dict[int, str]]:
    """Every precomposed Vietnamese letter: its letter without the tone and the tone's digit,
    and its ASCII form. Worked out once, so that a word's keys need no decomposition."""
    tones: dict[str, tuple[str, str]] = {}
    to_ascii: dict[int, str] = {}
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ":
        for mark, digit in ("", ""), *_TONES.items():
            letter = unicodedata.normalize("NFC", base + mark)
            if len(letter) == 1:
                tones[letter.lower()] = (base.lower(), digit)
                to_ascii[ord(letter)] = unidecode(letter)
    return tones, to_ascii


_TONE_OF, _TO_ASCII = _letter_tables()


@lru_cache(maxsize=100_000)
def tone_key_word(word: str) -> str:
    """Tone key of one word: lower case, tone moved to a trailing digit."""
    lowered = nfc(word).lower()
    kept: list[str] = []
    tone = ""
    for ch in lowered:
        known = _TONE_OF.get(ch)
        if known is not None:
            kept.append(known[0])
            tone = tone or known[1]
        elif ch.isascii():
            kept.append(ch)
        else:
            return _tone_key_decomposed(lowered)  # a letter of another script: the long way
    base = "".join(kept)
    if base.isdecimal() and base.isascii():
        return _number(base)
    return _fold_iy(base) + tone


def _tone_key_decomposed(lowered: str) -> str:
    decomposed = unicodedata.normalize("NFD", lowered)
    tone = ""
    kept = []
    for ch in decomposed:
        digit = _TONES.get(ch)
        if digit is None:
            kept.append(ch)
        elif not tone:
            tone = digit
    base = unicodedata.normalize("NFC", "".join(kept))
    if base.isdecimal() and base.isascii():
        return _number(base)
    return _fold_iy(base) + tone


@lru_cache(maxsize=100_000)
def ascii_key_word(word: str) -> str:
    """ASCII key of one word: no marks, lower case."""
    text = nfc(word)
    if not text.isascii():
        text = text.translate(_TO_ASCII)
        if not text.isascii():
            text = unidecode(text)  # letters of other scripts
    base = text.lower()
    if base.isdecimal() and base.isascii():
        return _number(base)
    return _fold_iy(re.sub(r"[^a-z0-9]", "", base))


def words(text: str) -> list[str]:
    """The letter-and-digit runs of a text, punctuation dropped."""
    return _WORD.findall(nfc(text))


def tone_key(text: str) -> str:
    """Tone key of a whole text (see the module docstring)."""
    return " ".join(tone_key_word(w) for w in words(text))


def ascii_key(text: str) -> str:
    """ASCII key of a whole text (see the module docstring)."""
    return " ".join(k for k in (ascii_key_word(w) for w in words(text)) if k)


def plain_key(text: str) -> str:
    """ASCII, lower case, i and y as typed: for telling how close a slip is ("Sơn Thy" is one
    letter from "Sơn Thủy", but "son thi" after the i/y fold is two)."""
    # Word by word, each worked out once: unidecode is slow and goes letter by letter anyway.
    return " ".join(k for k in map(_plain_word, text.split()) if k)


@lru_cache(maxsize=100_000)
def _plain_word(word: str) -> str:
    return " ".join(unidecode(word).lower().split())


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese mark or is đ."""
    return unidecode(nfc(text)) != nfc(text)

"""Parse one unit name as volunteers type it: a type word or its abbreviation, then the name.

"P. Phúc Xá", "phuong phuc xa", "P5", "Phường 05", "Q.Ba Đình", "quan 10", "TX.Sơn Tây",
"TP.HCM", "T. Nghệ An" all become a :class:`UnitName` with a canonical kind and two keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dataclean.vietnamese import ascii_key_word, collapse_spaces, nfc, plain_key, tone_key_word

COMMUNE, DISTRICT, PROVINCE = "commune", "district", "province"

# Canonical kinds, keyed by the official type words in the reference tables.
KIND_OF_TYPE = {
    "Phường": "phuong",
    "Xã": "xa",
    "Thị trấn": "thitran",
    "Đặc khu": "dackhu",
    "Quận": "quan",
    "Huyện": "huyen",
    "Thị xã": "thixa",
    "Thành phố": "thanhpho",
    "Tỉnh": "tinh",
}


@dataclass(frozen=True)
class Prefix:
    ascii: tuple[str, ...]
    kind: str
    # Tone keys of the full word; typed with diacritics, the word must match them. None for
    # abbreviations, which carry no marks.
    tones: tuple[str, ...] | None = None
    # Single letters (P, X, Q, H, T, F) count only before a dot or a number, so a name that
    # merely starts with such a letter is left alone.
    needs_dot_or_digit: bool = False


def _word(text: str, kind: str) -> Prefix:
    parts = text.split()
    return Prefix(
        tuple(ascii_key_word(p) for p in parts), kind, tuple(tone_key_word(p) for p in parts)
    )


def _abbr(text: str, kind: str) -> Prefix:
    return Prefix((text,), kind, None, needs_dot_or_digit=len(text) == 1)


PREFIXES: dict[str, tuple[Prefix, ...]] = {
    COMMUNE: (
        _word("thị trấn", "thitran"),
        _word("đặc khu", "dackhu"),
        _word("phường", "phuong"),
        _word("xã", "xa"),
        _abbr("tt", "thitran"),
        _abbr("dk", "dackhu"),
        _abbr("p", "phuong"),
        _abbr("f", "phuong"),
        _abbr("x", "xa"),
    ),
    DISTRICT: (
        _word("thị xã", "thixa"),
        _word("thành phố", "thanhpho"),
        _word("quận", "quan"),
        _word("huyện", "huyen"),
        _abbr("tx", "thixa"),
        _abbr("tp", "thanhpho"),
        _abbr("q", "quan"),
        _abbr("h", "huyen"),
    ),
    PROVINCE: (
        _word("thành phố", "thanhpho"),
        _word("tỉnh", "tinh"),
        _abbr("tp", "thanhpho"),
        _abbr("t", "tinh"),
    ),
}

# The prefixes of each level by their first word, in the order above: only those whose first
# word is the name's first word can match.
_BY_FIRST_WORD: dict[str, dict[str, tuple[Prefix, ...]]] = {
    level: {
        first: tuple(p for p in prefixes if p.ascii[0] == first)
        for first in {p.ascii[0] for p in prefixes}
    }
    for level, prefixes in PREFIXES.items()
}

# Two-word types shortened letter by letter, dots and spaces aside: "T.Phố Tây Ninh", "T.P Huế",
# "T.X. Hương Thủy", "T.T Cái Tắc", "T.Trấn Yên Thế". No unit's name opens with a lone "T".
_SPELLED: dict[str, dict[tuple[str, ...], str]] = {
    COMMUNE: {("t", "t"): "thitran", ("t", "tran"): "thitran"},
    DISTRICT: {
        ("t", "p"): "thanhpho",
        ("t", "pho"): "thanhpho",
        ("t", "x"): "thixa",
        ("t", "xa"): "thixa",
    },
    PROVINCE: {("t", "p"): "thanhpho", ("t", "pho"): "thanhpho"},
}

_TOKEN = re.compile(r"[^\W_]+|\.", re.UNICODE)
_POSTFIX_TYPE = re.compile(
    r"^(.+?)\s*\(\s*(thị xã|thị trấn|thành phố|huyện|quận|phường|xã|tỉnh)\s*\)$",
    re.IGNORECASE,
)
# "P5", "Q10", "F12", "P05": a letter prefix glued to a ward or district number.
_GLUED = re.compile(r"^(p|f|q|phuong|quan|phường|quận)(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class UnitName:
    """One reading of a typed unit name."""

    text: str  # the input, NFC, spaces collapsed
    kind: str | None  # canonical type if the input named one
    tone: str  # tone key of the name without its type
    ascii: str  # ASCII key of the name without its type
    typed_with_marks: bool  # whether the name part carries any diacritic
    plain: str = ""  # ASCII of the name without its type, the i/y spelling as typed ("son thy")


def token_spans(text: str) -> list[tuple[str, int]]:
    """Words and dots of an NFC text with their start offsets; "P5" gives "P" and "5"."""
    out: list[tuple[str, int]] = []
    for m in _TOKEN.finditer(text):
        glued = _GLUED.match(m.group())
        if glued:
            out.append((glued.group(1), m.start()))
            out.append((glued.group(2), m.start() + len(glued.group(1))))
        else:
            out.append((m.group(), m.start()))
    return out


def _tokens(text: str) -> list[str]:
    return [t for t, _ in token_spans(nfc(text))]


def match_prefix(tokens: list[str], prefix: Prefix) -> int:
    """Number of tokens the prefix takes at the start (0 when it does not match)."""
    n = len(prefix.ascii)
    if len(tokens) <= n:
        return 0
    head = tokens[:n]
    if tuple(ascii_key_word(t) for t in head) != prefix.ascii:
        return 0
    if prefix.tones is not None:
        tones = tuple(tone_key_word(t) for t in head)
        typed_marks = any(tone_key_word(t) != ascii_key_word(t) for t in head)
        if typed_marks and tones != prefix.tones:
            return 0
    if prefix.needs_dot_or_digit:
        nxt = tokens[n]
        if nxt != "." and not nxt.isdigit():
            return 0
    taken = n
    while taken < len(tokens) and tokens[taken] == ".":
        taken += 1
    return taken if taken < len(tokens) else 0


def _keys(tokens: list[str]) -> tuple[str, str, bool, str]:
    words = [t for t in tokens if t != "."]
    tone = " ".join(tone_key_word(w) for w in words)
    asc = " ".join(k for k in (ascii_key_word(w) for w in words) if k)
    return tone, asc, tone != asc, plain_key(" ".join(words))


@lru_cache(maxsize=200_000)
def readings(text: str, level: str) -> tuple[UnitName, ...]:
    """Every plausible reading of ``text`` as a unit of ``level``, most likely first.

    A name that starts like a type word ("Xa Phìn" typed without marks) is read both with and
    without the type stripped; the lookup keeps the first reading that exists.
    """
    clean = collapse_spaces(text)  # as typed: NFD and case still count against `exact`
    postfix = _POSTFIX_TYPE.match(clean) if clean.endswith(")") else None
    if postfix:
        # The statistics office writes "Duyên Hải (Thị xã)": the type word after the name.
        name, type_word = postfix.group(1).strip(), postfix.group(2)
        return tuple(
            UnitName(clean, r.kind, r.tone, r.ascii, r.typed_with_marks, r.plain)
            for r in readings(f"{type_word} {name}", level)
        )
    tokens = _tokens(clean)
    words = [t for t in tokens if t != "."]
    if not words:
        return ()
    out: list[UnitName] = []
    spelled = _SPELLED[level].get(tuple(ascii_key_word(w) for w in words[:2]))
    if spelled and len(words) > 2:
        out.append(UnitName(clean, spelled, *_keys(words[2:])))
    else:
        for prefix in _BY_FIRST_WORD[level].get(ascii_key_word(tokens[0]), ()):
            taken = match_prefix(tokens, prefix)
            if taken:
                out.append(UnitName(clean, prefix.kind, *_keys(tokens[taken:])))
                break
    out.append(UnitName(clean, None, *_keys(tokens)))
    if len(out) == 1 and len(tokens) > 1:
        # "P Âu Cơ", "Q Hoàn Kiếm": a bare letter, tried only after the name as typed.
        for prefix in PREFIXES[level]:
            if prefix.needs_dot_or_digit and ascii_key_word(tokens[0]) == prefix.ascii[0]:
                out.append(UnitName(clean, prefix.kind, *_keys(tokens[1:])))
                break
    return tuple(out)


# The statistics office's list writes some type words with a capital ("Thị Xã Việt Yên",
# "Thị Trấn Óc Eo") and double spaces: the type word is found whatever its case.
_TYPE_BY_LOWER = {t.lower(): t for t in KIND_OF_TYPE}


def type_and_name(official: str) -> tuple[str | None, str]:
    """The official type word and the name: "Thị Xã Việt Yên" -> ("Thị xã", "Việt Yên")."""
    words = official.split()
    for n in (2, 1):
        if len(words) > n:
            typed = _TYPE_BY_LOWER.get(" ".join(words[:n]).lower())
            if typed:
                return typed, " ".join(words[n:])
    return None, " ".join(words)


def short_name(official: str) -> str:
    """Official name without its type word: "Phường Phúc Xá" -> "Phúc Xá"."""
    return type_and_name(official)[1]


@lru_cache(maxsize=200_000)
def same_text(a: str, b: str) -> bool:
    """Equal as typed, spaces aside: the test for an `exact` match."""
    return collapse_spaces(a) == collapse_spaces(b)

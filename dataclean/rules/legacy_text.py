"""Text typed in the legacy TCVN3 (ABC, ".VnTime") or VNI ("VNI-Times") encodings, to Unicode.

A cell typed in a legacy font shows up as Latin-1 look-alikes: "Hµ Néi" is Hà Nội in TCVN3,
"Haø Noäi" is Hà Nội in VNI. Python has no codec for either, so the tables are here. TCVN3 maps
one character to one letter; VNI writes a toned vowel as the base letter and one or two marks.

A value is converted only when it contains a character that Vietnamese text never has and the
conversion leaves nothing but Vietnamese letters, digits and punctuation: real Unicode text is
never touched. Cross-checked against the MIT-licensed tables of ``viparse`` 0.1.31 (see
PROVENANCE.md in ``dataclean/mappings``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from dataclean.vietnamese import tone_key_word, words

# fmt: off
TCVN3: dict[str, str] = {
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư",
    "\u00a7": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\u00ad": "ư", "®": "đ",
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
}

# The capitals of the full TCVN 5712:1993 table (VN1), as its bytes read in Windows' Latin
# (cp1252): "TŽNH NGHŒ AN" is TỈNH NGHỆ AN. Derived from glibc's TCVN5712-1 converter
# (`iconv -f TCVN5712-1`), which tests/test_legacy_text.py checks it against; its combining
# tone marks (0xB0-0xB4) are left out.
VN1_CAPITALS: dict[str, str] = {
    "€": "À", "\x81": "Ả", "‚": "Ã", "ƒ": "Á", "„": "Ạ", "…": "Ặ", "†": "Ậ", "‡": "È",
    "ˆ": "Ẻ", "‰": "Ẽ", "Š": "É", "‹": "Ẹ", "Œ": "Ệ", "\x8d": "Ì", "Ž": "Ỉ", "\x8f": "Ĩ",
    "\x90": "Í", "‘": "Ị", "’": "Ò", "“": "Ỏ", "”": "Õ", "•": "Ó", "–": "Ọ", "—": "Ộ",
    "˜": "Ờ", "™": "Ở", "š": "Ỡ", "›": "Ớ", "œ": "Ợ", "\x9d": "Ù", "ž": "Ủ", "Ÿ": "Ũ",
    "¯": "Ằ", "º": "Ẳ", "¿": "Ẵ", "À": "Ắ", "Á": "Ầ", "Â": "Ẩ", "Ã": "Ẫ", "Ä": "Ấ",
    "Å": "Ề", "Í": "Ể", "Ù": "Ễ", "Ú": "Ế", "Û": "Ồ", "à": "Ổ", "ð": "Ỗ", "ÿ": "Ố",
}
# Of those, the ones that are punctuation in Unicode text ("–", "’", "…"): a capital only
# right after a letter ("X‚" is XÃ; "Thôn 3 – Xã A" keeps its dash).
_AFTER_A_LETTER = frozenset(c for c in VN1_CAPITALS if not c.isalpha())
TCVN3.update({k: v for k, v in VN1_CAPITALS.items() if k not in TCVN3})

# VNI marks after a base vowel: tone alone, or a vowel mark with a tone.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303",
                   "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303",
              "ë": "\u0323"}
# Letters VNI writes as one character.
_VNI_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
               "ò": "ị", "Ò": "Ị", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ"}
# fmt: on


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = dict(_VNI_SINGLE)

    def add(base: str, mark: str, combining: str) -> None:
        for b, m in ((base, mark), (base.upper(), mark.upper())):
            table[b + m] = unicodedata.normalize("NFC", b + combining)

    for base in "aeiouy":
        for mark, tone in _VNI_TONES.items():
            add(base, mark, tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(base, mark, "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a", mark, "\u0306" + tone)
    # ơ and ư (written ô, ö) take a tone mark after them.
    for base, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_TONES.items():
            for b, m, lt in ((base, mark, letter), (base.upper(), mark.upper(), letter.upper())):
                table[b + m] = unicodedata.normalize("NFC", lt + tone)
    return table


VNI: dict[str, str] = _vni_table()

# Characters that never occur in Vietnamese text but do in TCVN3 or VNI text.
_VIETNAMESE = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
_VIETNAMESE |= {c.upper() for c in _VIETNAMESE}
_FOREIGN = re.compile(r"[^\x00-\x7f]")


def _is_vietnamese(text: str) -> bool:
    return all(
        c in _VIETNAMESE or (not c.isalpha() and c.isprintable()) for c in text if c > "\x7f"
    )


def _convert(text: str, table: dict[str, str]) -> str:
    longest = max(len(k) for k in table)
    out: list[str] = []
    i = 0
    while i < len(text):
        for size in range(longest, 0, -1):
            chunk = text[i : i + size]
            if chunk in _AFTER_A_LETTER and not (i and text[i - 1].isalpha()):
                continue
            if chunk in table:
                out.append(table[chunk])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


# Vowel groups and codas of Vietnamese syllables, tone marks removed.
_NUCLEI = set(
    [
        "a",
        "ă",
        "â",
        "e",
        "ê",
        "i",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iê",
        "iu",
        "oa",
        "oă",
        "oe",
        "oi",
        "ôi",
        "ơi",
        "oo",
        "ua",
        "uâ",
        "uê",
        "ui",
        "uô",
        "uơ",
        "uy",
        "ưa",
        "ưi",
        "ươ",
        "ưu",
        "yê",
        "iêu",
        "yêu",
        "oai",
        "oao",
        "oay",
        "oeo",
        "uây",
        "uôi",
        "ươi",
        "ươu",
        "uya",
        "uyê",
        "uyu",
    ]
)
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|nh|kh|ph|th|tr|ch|gi|qu|[bcdđghklmnpqrstvx])?"
    r"([aăâeêioôơuưy]+)(ch|ng|nh|[cmnpt])?$"
)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    m = _SYLLABLE.match(bare)
    if m is None:
        return False
    onset, nucleus, coda = m.group(1) or "", m.group(2), m.group(3)
    if nucleus[-1] in "ăâ" and not coda:
        return False  # ă and â never end a syllable
    if onset in ("gi", "qu") and nucleus not in _NUCLEI:
        nucleus = onset[1] + nucleus
    return nucleus in _NUCLEI or (onset == "gi" and not nucleus)


def _plausibility(text: str) -> float:
    """Share of the words that are Vietnamese syllables (words with digits not counted)."""
    found = [w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii() or w.isalpha()]
    if not found or not _is_vietnamese(text):
        return 0.0
    return sum(_is_syllable(w) for w in found) / len(found)


# A capital letter with a mark right after a small letter: "ChÕ", "NguyÔn" (TCVN3 gives small
# letters with marks the codes of Latin-1 capitals); Unicode text is never typed so.
_CAPITAL_INSIDE = re.compile(r"[a-zđ][ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]")


def _needed(text: str) -> float:
    """How Vietnamese a reading must be: three words in four; two in three where the value
    as typed cannot be Vietnamese text as it stands: it holds a character no Vietnamese text
    has ("Huúnh Kr«ng Tiªn"), or a marked capital inside a word ("ChÕ TrÝ Ponl"). A minority
    name part (Krông, Ponl) is no Vietnamese syllable."""
    return 0.75 if _is_vietnamese(text) and not _CAPITAL_INSIDE.search(text) else 0.6


def legacy_encoding(text: str) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when ``text`` is plainly Vietnamese typed in that encoding.

    ``None`` for Unicode text, and for a value that reads equally well both ways ("Taï" is Tạ
    in VNI and "Taù" in TCVN3): the rest of its column decides those.
    """
    if not _SUSPECT.search(text) or not _LATIN1.match(text):
        return None
    floor = max(_needed(text), _plausibility(text))
    if floor == 1.0:
        return _only_known_reading(text)
    scores = {}
    for name, table in ENCODINGS.items():
        fixed = _convert(text, table)
        score = _plausibility(fixed)
        # A reading that leaves characters of a legacy font behind ("¢u" read as VNI) is none.
        if score > floor and not _LEFTOVER.search(fixed):
            scores[name] = (score, _known_share(fixed))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _only_known_reading(text: str) -> str | None:
    """For a value that reads as Unicode Vietnamese too ("Choáng Duy Tin", VNI for Chống Duy
    Tin): the one encoding whose reading is made only of syllables of the names we ship (unit
    names, name parts) where the value as typed is not."""
    if _known_share(text) == 1.0:
        return None
    known = [
        name
        for name, table in ENCODINGS.items()
        if _known_share(fixed := _convert(text, table)) == 1.0
        and _plausibility(fixed) == 1.0
        and not _LEFTOVER.search(fixed)
    ]
    return known[0] if len(known) == 1 else None


# UTF-8 read as a one-byte code page (cp1252, cp1250, latin-1) and saved again: the letter a
# lead byte reads as, right before one a continuation byte (0x80-0xBF) reads as. Vietnamese
# letters take only the lead bytes 0xC2-0xC6 and 0xE1: a narrow first class keeps the search
# over every cell cheap.
def _read_as(values: list[int]) -> str:
    out = set()
    for page in ("cp1252", "cp1250", "latin-1"):
        out |= {bytes([b]).decode(page, "ignore") for b in values}
    return "".join(sorted(out - {""}))


MOJIBAKE_PATTERN = (
    f"[{re.escape(_read_as([0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xE1]))}]"
    f"[{re.escape(_read_as(list(range(0x80, 0xC0))))}]"
)
_MOJIBAKE = re.compile(MOJIBAKE_PATTERN)
DOUBLE_DECODED = "Sửa chữ UTF-8 bị đọc sai mã (text decoded twice, repaired)"


def may_be_double_decoded(value: str) -> bool:
    """Whether ``value`` has the mark of UTF-8 read in a one-byte code page (cheap)."""
    return _MOJIBAKE.search(value) is not None


def fix_double_decoded(value: str) -> str | None:
    """Text whose UTF-8 bytes were read in a one-byte code page ("Nguyá»…n", "HĆ°áť\x9fng"),
    repaired, when the repair reads as Vietnamese. ftfy's own judgement first; a short value
    with a single damaged letter gives it too little to go on, so the usual code pages are
    also undone one by one."""
    if not may_be_double_decoded(value):
        return None
    import ftfy
    import ftfy.bad_codecs  # registers the "sloppy" code pages used below

    tries = [ftfy.fix_encoding(value)]
    for page in ("sloppy-windows-1252", "sloppy-windows-1250", "latin-1"):
        try:
            tries.append(value.encode(page).decode("utf-8"))
        except UnicodeError:
            continue
    # Each damaged letter is two or three characters for one: a repair is shorter, and its
    # letters are all Vietnamese (that bytes decode as UTF-8 at all is most of the evidence).
    for fixed in (unicodedata.normalize("NFC", t) for t in tries):
        if len(fixed) < len(value) and _is_vietnamese(fixed):
            return fixed
    return None


def fix_legacy_text(
    value: str | None, encoding: str | None = None
) -> tuple[str | None, str | None]:
    """The value in Unicode and the reason, or the value unchanged and ``None``: UTF-8 read
    twice is repaired, text typed in a legacy font converted (see :func:`from_legacy_font`)."""
    if not value:
        return value, None
    repaired = fix_double_decoded(value)
    if repaired is not None:
        return repaired, DOUBLE_DECODED
    return from_legacy_font(value, encoding)


def from_legacy_font(value: str, encoding: str | None = None) -> tuple[str, str | None]:
    """The value converted from TCVN3 or VNI and the reason, or unchanged and ``None``.

    With ``encoding`` known (the rest of the column is plainly in it), a value is converted
    whenever the result reads as Vietnamese, even where the value alone is ambiguous: VNI
    "Coáng Vò" is Cống Vị, though "coáng" looks like a syllable too.
    """
    if not _SUSPECT.search(value) or not _LATIN1.match(value):
        return value, None
    plain = legacy_encoding(value)
    encoding = plain or encoding
    if encoding is None:
        return value, None
    fixed = _convert(value, ENCODINGS[encoding])
    if fixed == value or _plausibility(fixed) < _needed(value):
        return value, None
    if plain is None and _plausibility(value) == 1.0 and _known_share(fixed) <= _known_share(value):
        return value, None  # "Xã Hoà An" reads as well as "Xã Hồ An": leave what was typed
    label = "TCVN3 (ABC)" if encoding == "tcvn3" else "VNI"
    return fixed, f"Chuyển mã {label} sang Unicode (legacy {label} text converted to Unicode)"


ENCODINGS = {"tcvn3": TCVN3, "vni": VNI}


@cache
def known_syllables() -> frozenset[str]:
    """Syllables of every unit name and person-name part we ship."""
    from dataclean import mappings

    texts = [
        *mappings.units_legacy()["commune_name"].drop_nulls(),
        *mappings.units_legacy()["district_name"].drop_nulls(),
        *mappings.units_2025()["commune_name"],
        *(n for part in ("surnames", "middle_names", "given_names")
          for n in mappings.name_parts(part)["name"]),
    ]  # fmt: skip
    return frozenset(tone_key_word(w) for t in texts for w in words(t))


def _known_share(text: str) -> float:
    found = [w for w in words(text) if not w.isdigit()]
    known = known_syllables()
    return sum(tone_key_word(w) in known for w in found) / len(found) if found else 0.0


# Legacy text is made of Latin-1 look-alikes only: a real Vietnamese letter such as "ị" rules
# it out.
_LATIN1 = re.compile("^[\x00-\xff" + re.escape("".join(VN1_CAPITALS)) + "]*$")


# What legacy text has and Unicode Vietnamese rarely does: a character no Vietnamese word has,
# or a vowel followed by a VNI mark. A cheap filter before the syllable test; polars can use it.
_LEGACY_ONLY = sorted(({c for k in TCVN3 for c in k} | {c for k in VNI for c in k}) - _VIETNAMESE)
_VNI_MARKS = sorted({k[-1] for k in VNI if len(k) == 2})
_UPPER_KEYS = sorted(c for c in TCVN3 if c.isupper() and c not in _AFTER_A_LETTER)
SUSPECT_PATTERN = (
    "["
    + re.escape("".join(c for c in _LEGACY_ONLY if c not in _AFTER_A_LETTER))
    + "]|[aeiouyAEIOUY\u00f4\u00f6\u00d4\u00d6]["
    + re.escape("".join(_VNI_MARKS))
    + "]"
    # a TCVN3 letter typed among lower-case ones ("NguyÔn", "TrÇn"): no Vietnamese word has
    # a capital inside it
    + "|[a-z]["
    + re.escape("".join(_UPPER_KEYS))
    + "]"
    + "|[A-Za-z]["
    + re.escape("".join(sorted(_AFTER_A_LETTER)))
    + "]"
)
_SUSPECT = re.compile(SUSPECT_PATTERN)
# What a legacy font leaves behind in a misread value: its letters, and the Latin-1 signs it
# uses for letters (0xA2-0xBF, the invisible soft hyphen aside); not the typographic
# punctuation Unicode text has too.
_LEFT_SIGNS = {chr(b) for b in range(0xA2, 0xC0)} - {"\xad"}
_LEFTOVER = re.compile(
    "[" + re.escape("".join(c for c in _LEGACY_ONLY if c.isalpha() or c in _LEFT_SIGNS)) + "]"
)

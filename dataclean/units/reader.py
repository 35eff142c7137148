"""Read a free-text address from the right, driven by the gazetteer rather than by commas.

"X. Hà Hồi H. Thường Tin TPHàNội" and "phuong phuc xa quan ba dinh ha noi" have no commas, so
the parts are found by what the words name: first a province (its name, an alias, with or
without its type word), then a district of that province, then a commune of that district;
whatever is left is the street part (house number, thôn, ấp, tổ). Every plausible reading is
scored and the best is kept; :mod:`dataclean.units.resolver` then decides on its parts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

from rapidfuzz import fuzz, process

from dataclean.units.cache import loaded
from dataclean.units.gazetteer import NATIONAL, PROVINCE_ALIASES, Gazetteer, gazetteer
from dataclean.units.history import history
from dataclean.units.names import COMMUNE, DISTRICT, KIND_OF_TYPE, PROVINCE
from dataclean.units.noise import mended
from dataclean.units.tokens import Token, tokenize
from dataclean.vietnamese import ascii_key_word, tone_key_word


def _type(typed: str, kind: str) -> tuple[tuple[str, ...], str, tuple[str, ...] | None]:
    """A type word as typed: full words must carry their own marks when typed with any."""
    words = typed.split()
    asc = tuple(ascii_key_word(w) for w in words)
    full = any(tone_key_word(w) != ascii_key_word(w) for w in words)
    return asc, kind, tuple(tone_key_word(w) for w in words) if full else None


# Type words as people type them, per level: ASCII words, the kind, and for full words the
# tone keys they must have when typed with marks ("Xà" is a name, "Xã" a type).
_TYPE_WORDS: dict[str, tuple[tuple[tuple[str, ...], str, tuple[str, ...] | None], ...]] = {
    PROVINCE: tuple(
        _type(t, k)
        for t, k in (
            ("thành phố", "thanhpho"),
            ("tỉnh", "tinh"),
            ("thanhpho", "thanhpho"),
            ("t pho", "thanhpho"),
            ("t p", "thanhpho"),
            ("tp", "thanhpho"),
            ("t", "tinh"),
        )
    ),
    DISTRICT: tuple(
        _type(t, k)
        for t, k in (
            ("thành phố", "thanhpho"),
            ("thị xã", "thixa"),
            ("quận", "quan"),
            ("huyện", "huyen"),
            ("t pho", "thanhpho"),
            ("t p", "thanhpho"),
            ("t x", "thixa"),
            ("t xa", "thixa"),  # "T.Xã Nghi Sơn"
            ("tp", "thanhpho"),
            ("tx", "thixa"),
            ("q", "quan"),
            ("h", "huyen"),
        )
    ),
    COMMUNE: tuple(
        _type(t, k)
        for t, k in (
            ("thị trấn", "thitran"),
            ("đặc khu", "dackhu"),
            ("phường", "phuong"),
            ("xã", "xa"),
            ("t t", "thitran"),
            ("t tran", "thitran"),  # "T.Trấn Yên Thế"
            ("tt", "thitran"),
            ("dk", "dackhu"),
            ("p", "phuong"),
            ("f", "phuong"),
            ("x", "xa"),
        )
    ),
}

# The type words of each level by their last word, in the order above: a word that ends no
# type word is passed over at once.
_BY_LAST_WORD: dict[str, dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...] | None]]]] = {
    level: {} for level in _TYPE_WORDS
}
for _level, _types in _TYPE_WORDS.items():
    for _t in _types:
        _BY_LAST_WORD[_level].setdefault(_t[0][-1], []).append(_t)

_TYPE_LAST_WORDS = frozenset(w for by_word in _BY_LAST_WORD.values() for w in by_word)
_TWO_WORD_TYPES = {t[0]: True for types in _TYPE_WORDS.values() for t in types if len(t[0]) == 2}

# The full type word of each kind, as the resolver reads a part: "Phường", "Thị xã"…
TYPE_WORD = {kind: word for word, kind in KIND_OF_TYPE.items()}

# Words that start a street-level place ("Thôn Tân Lập", "Ấp 3"): a unit name right after one
# is the hamlet's name, not the commune's. Tone keys, or ASCII keys that only mean that.
_STREET_WORDS = "thôn xóm ấp bản tổ khu khóm khối ngõ ngách hẻm kiệt đường phố số đội làng buôn cụm"
_STREET_TONES = frozenset(tone_key_word(w) for w in _STREET_WORDS.split(" "))
_STREET_ASCII = frozenset({"thon", "xom", "ap", "kp", "tdp", "hem", "ngach", "kiet", "khom"})
# Of those, the words after which a name is a road's, not a hamlet's ("Số 5 Lê Lợi").
_ROAD_TONES = frozenset(
    tone_key_word(w) for w in ("số", "đường", "phố", "ngõ", "ngách", "hẻm", "kiệt")
)
# And those whose number is followed by the road's name ("Số 12 Lê Lợi"); "Khu phố 4" and
# "Tổ dân phố 3" are followed by the commune's.
_NUMBERED_TONES = _ROAD_TONES - {tone_key_word(w) for w in ("đường", "phố")}
_COUNTRY = (("viet", "nam"), ("vietnam",), ("vn",))

MAX_WORDS = 6  # the longest name, in words, that the reader tries
_CLOSE_PROVINCE = 80.0  # rapidfuzz ratio of a slipped province name to the real one
_CLOSE_MARGIN = 8.0  # and how much closer than to any other province
_LEVELS = (PROVINCE, DISTRICT, COMMUNE)


@dataclass(frozen=True, slots=True)
class Span:
    """A unit found in the text: tokens [start, end), its name from ``name_start``."""

    level: str
    start: int
    name_start: int
    end: int
    kind: str | None  # the kind its type word names, when one was typed
    guessed: bool = False  # no name matched: the words are handed to the fuzzy matcher
    name_end: int | None = None  # where the name ends, when a type word follows it

    @property
    def name_stop(self) -> int:
        return self.end if self.name_end is None else self.name_end


@dataclass
class Scope:
    """Where the next level down is looked for."""

    old_provinces: tuple[str, ...] = ()
    new_provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()


@dataclass
class Reading:
    """One way to read the address: its parts and the street left over."""

    text: str
    tokens: Words
    province: Span | None = None
    district: Span | None = None
    commune: Span | None = None
    street_end: int = 0
    scope: Scope = field(default_factory=Scope)  # where the commune was looked for
    rank: tuple = field(default=(), compare=False)
    dropped: str | None = None  # a last part left out as no unit ("SĐT: 0909")

    def part(self, span: Span | None) -> str | None:
        """The part as the resolver reads it: the full type word, then the name as typed."""
        if span is None:
            return None
        name = " ".join(t.text for t in self.tokens[span.name_start : span.name_stop])
        return f"{TYPE_WORD[span.kind]} {name}" if span.kind else name

    def typed(self, span: Span | None) -> str | None:
        """The part exactly as it stands in the text."""
        if span is None:
            return None
        return self.text[self.tokens[span.start].start : self.tokens[span.end - 1].end]

    @property
    def street(self) -> str | None:
        if not self.street_end:
            return None
        end = self.tokens[self.street_end - 1].end
        return self.text[:end].strip(" ,;-.") or None

    @property
    def rewritten(self) -> bool:
        """Whether any part had to be rewritten to be read (abbreviation, glued words)."""
        return any(
            self.part(s) != self.typed(s) for s in (self.province, self.district, self.commune)
        )


def _suffixes(keys: Iterable[str]) -> frozenset[str]:
    """Every run of last words of the keys: "phuc xa" gives "xa" and "phuc xa"."""
    out: set[str] = set()
    for key in keys:
        words = key.split(" ")
        out.update(" ".join(words[i:]) for i in range(len(words)))
    return frozenset(out)


class Keys:
    """The gazetteer's names by ASCII key, as the reader looks them up."""

    def __init__(self, gz: Gazetteer) -> None:
        self.gz = gz
        self.provinces: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        old: dict[str, set[str]] = defaultdict(set)
        new: dict[str, set[str]] = defaultdict(set)
        for (_, key), units in gz.old_province_names.ascii.items():
            old[key].update(u.code for u in units)
            old[key.replace(" ", "")].update(u.code for u in units)
        for (_, key), units in gz.new_province_names.ascii.items():
            new[key].update(u.code for u in units)
            new[key.replace(" ", "")].update(u.code for u in units)
        for key, codes in PROVINCE_ALIASES.items():
            old[key].update(codes)
        for key in old.keys() | new.keys():
            self.provinces[key] = (tuple(sorted(old[key])), tuple(sorted(new[key])))

        # Names on the last list, and those units had since 2019 ("Quận 2", "Phường 7").
        # One table each, both lists merged, so that each look-up is one.
        past = history()
        self.district_codes: dict[tuple[str, str], tuple[str, ...]] = {}
        for index in (gz.district_names.ascii, past.districts.ascii):
            for scoped, units in index.items():
                self.district_codes[scoped] = self.district_codes.get(scoped, ()) + tuple(
                    u.code for u in units
                )
        self.commune_keys = frozenset(gz.commune_names.ascii) | frozenset(past.communes.ascii)
        self.new_commune_keys = frozenset(gz.new_commune_names.ascii)
        self.suffixes = {
            PROVINCE: _suffixes(self.provinces),
            DISTRICT: _suffixes(k for _, k in self.district_codes),
            COMMUNE: _suffixes([k for _, k in self.commune_keys | self.new_commune_keys]),
        }

        # Every word of every name, and how the names of each level open (their first word
        # and their first two), for mending slips in the words around them.
        full = {
            PROVINCE: set(self.provinces),
            DISTRICT: {k for _, k in self.district_codes},
            COMMUNE: {k for _, k in self.commune_keys | self.new_commune_keys},
        }
        self.words = frozenset(w for keys in full.values() for key in keys for w in key.split())
        self.openings = {
            level: frozenset(" ".join(key.split(" ")[:2]) for key in keys)
            for level, keys in full.items()
        }

        # Province names without spaces, for the typo-tolerant match ("quangnam").
        self.joined_to = {k.replace(" ", ""): k for k in self.provinces if len(k) > 3}
        self.joined = list(self.joined_to)

    def province(self, key: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        return self.provinces.get(key) or self.provinces.get(key.replace(" ", ""))

    def districts(self, scopes: tuple[str, ...], key: str) -> list[str]:
        return [code for s in scopes for code in self.district_codes.get((s, key), ())]

    def old_communes(self, scopes: tuple[str, ...], key: str) -> bool:
        return any((s, key) in self.commune_keys for s in scopes)

    def new_communes(self, scopes: tuple[str, ...], key: str) -> bool:
        return any((s, key) in self.new_commune_keys for s in scopes)


class Words(list[Token]):
    """The words of one address, with what the reader asks of them many times worked out
    once: the type word of each level that ends at each position, and the type words left
    over before each position."""

    def __init__(self, tokens: list[Token], suffixes: dict[str, frozenset[str]]) -> None:
        super().__init__(tokens)
        self.suffixes = suffixes  # what the last words of any name of each level can be
        ends = range(len(tokens) + 1)
        # Most words end no type word: only those that may are looked at.
        maybe = [e for e in ends if e and tokens[e - 1].ascii in _TYPE_LAST_WORDS]
        self.types: dict[str, list[tuple[int, str] | None]] = {}
        for level in _LEVELS:
            found: list[tuple[int, str] | None] = [None] * len(ends)
            for e in maybe:
                found[e] = _find_type_before(tokens, e, level)
            self.types[level] = found
        p, d, c = (self.types[level] for level in _LEVELS)
        self.other = {
            PROVINCE: [bool(d[e] or c[e]) for e in ends],
            DISTRICT: [bool(p[e] or c[e]) for e in ends],
            COMMUNE: [bool(p[e] or d[e]) for e in ends],
        }
        self.unused = list(accumulate((_is_unused_type(self, e) for e in ends), initial=0))[1:]
        self.names: dict[tuple[int, str], list[tuple[int, int, str | None, str, int | None]]] = {}
        self.parted = any(t.strong_before for t in tokens)  # written in parts, with commas


def _type_before(tokens: Words, end: int, level: str) -> tuple[int, str] | None:
    """The type word of ``level`` that ends at token ``end`` (its start and kind), if any."""
    return tokens.types[level][end]


def _plain(tokens: list[Token], start: int, end: int) -> bool:
    """Whether the type word at ``start``..``end`` is a word ("xa", "TT", "Thị xã") or a letter
    with its dot ("X."): plain enough to count where it stands. A bare letter ("P" of "Lô P")
    is not."""
    return end - start > 1 or len(tokens[start].ascii) > 1 or tokens[start].dotted


def _find_type_before(tokens: list[Token], end: int, level: str) -> tuple[int, str] | None:
    if not end or (end < len(tokens) and tokens[end].hard_before):
        return None  # "Quan, Ninh Bình", "Tân Phuong - Lục Yên": no type word for what follows
    for words, kind, tones in _BY_LAST_WORD[level].get(tokens[end - 1].ascii, ()):
        n = len(words)
        start = end - n
        if start < 0 or any(t.strong_before for t in tokens[start + 1 : end]):
            continue
        head = tokens[start:end]
        if tuple(t.ascii for t in head) != words:
            continue
        if tones is not None and any(t.marked for t in head):
            if tuple(t.tone for t in head) != tones:
                continue
        elif tones is None and n == 1 and len(words[0]) == 1 and head[0].marked:
            continue
        if n == 1 and _TWO_WORD_TYPES.get((tokens[start - 1].ascii if start else "", words[0])):
            return None  # the "xã" of "thị xã", the "phố" of "thành phố": part of a longer one
        return start, kind
    return None


def _is_street_word(word: Token) -> bool:
    """A word that starts a street-level place: thôn, xóm, ấp, bản, tổ, khu, số…"""
    return word.tone in _STREET_TONES if word.marked else word.ascii in _STREET_ASCII


def _after_street_word(tokens: list[Token], name_start: int) -> bool:
    """Whether the name follows a street-level word in the same part ("Thôn Tân Lập")."""
    if not name_start or tokens[name_start].hard_before:
        return False
    return _is_street_word(tokens[name_start - 1])


def _after_road_number(tokens: list[Token], name_start: int) -> bool:
    """Whether the name follows a road's word and a number in the same part: "Số 12 Lê Lợi",
    "ngõ 15 Trần Phú" name a road as often as a commune."""
    if name_start < 2 or tokens[name_start].hard_before or tokens[name_start - 1].hard_before:
        return False
    return tokens[name_start - 1].ascii.isdigit() and tokens[name_start - 2].tone in _NUMBERED_TONES


def _is_unused_type(tokens: Words, end: int) -> bool:
    """Whether a type word that counts when left over ends at ``end``: a word ("xa", "TT"),
    or a letter with its dot ("X." of "X. Thnh Lợi", not the "P" of "Lô P")."""
    for level in _LEVELS:
        typed = tokens.types[level][end]
        if typed is not None and _plain(tokens, typed[0], end):
            return True
    return False


def _names(
    tokens: Words, end: int, level: str
) -> list[tuple[int, int, str | None, str, int | None]]:
    """Every (start, name_start, kind, key) of a name of ``level`` that ends at ``end``."""
    if (end, level) not in tokens.names:
        tokens.names[end, level] = list(_find_names(tokens, end, level))
    return tokens.names[end, level]


def _postfix_type(tokens: Words, end: int, level: str) -> tuple[int, str] | None:
    """A type word of ``level`` in brackets after the name, as the statistics office writes
    "Duyên Hải (Thị xã)": its start and kind."""
    if tokens[end - 1].ascii not in _TYPE_LAST_WORDS:
        return None
    for words, kind, _ in _TYPE_WORDS[level]:
        start = end - len(words)
        if (
            start > 0
            and tokens[start].hard_before
            and tuple(t.ascii for t in tokens[start:end]) == words
            and len(words[0]) > 1
        ):
            return start, kind
    return None


def _find_names(tokens: Words, end: int, level: str):
    suffixes = tokens.suffixes[level]
    postfix = _postfix_type(tokens, end, level)
    if postfix is not None:
        type_start, kind = postfix
        key = ""
        for k in range(1, min(MAX_WORDS, type_start) + 1):
            word = tokens[type_start - k].ascii
            key = f"{word} {key}" if key else word
            if key not in suffixes:
                break
            yield type_start - k, type_start - k, kind, key, type_start
    key = ""
    for k in range(1, min(MAX_WORDS, end) + 1):
        name_start = end - k
        first = tokens[name_start]
        key = f"{first.ascii} {key}" if key else first.ascii  # one word longer, to the left
        typed = tokens.types[level][name_start]
        if (
            typed is None
            and k == 1
            and first.ascii.isdigit()
            and not _numbered_part(tokens, end, level)
        ):
            continue  # a bare number is a house number unless a type word says otherwise
        if key not in suffixes:
            break  # no name ends with these words: none ends with more of them either
        if typed is not None:
            # Read without its type word, the name would leave that word unused and rank
            # below this reading anyway.
            yield typed[0], name_start, typed[1], key, None
        else:
            yield name_start, name_start, None, key, None


def _numbered_part(tokens: Words, end: int, level: str) -> bool:
    """Whether the number ending at ``end`` is a part of its own, between commas, where a
    district is read: "Bến Nghé, 1, Hồ Chí Minh" (Quận 1), not a house number."""
    return (
        level == DISTRICT
        and tokens[end - 1].strong_before
        and end < len(tokens)
        and tokens[end].strong_before
    )


def _district_part(tokens: Words, end: int) -> Span | None:
    """The part between commas right before the province, as a guessed district, when a part
    that may be the commune stands before it: "XHuy Hạ, phù Yêu, T.Sơn La" (no name matched,
    no type word typed). Handed to the fuzzy matcher, so the answer is at most `fuzzy`."""
    if end >= len(tokens) or not tokens[end].strong_before:
        return None
    start = _last_part(tokens, end)
    words = tokens[start:end]
    if not start or not 0 < len(words) <= 4 or any(t.ascii.isdigit() for t in words):
        return None
    if _is_street_word(words[0]) or _names_another_level(tokens, start, end, DISTRICT):
        return None
    return Span(DISTRICT, start, start, end, None, guessed=True)


def _end_of_units(tokens: list[Token]) -> int:
    """Where the units end: before a trailing "Việt Nam" or postal code."""
    end = len(tokens)
    while end:
        words = next(
            (w for w in _COUNTRY if tuple(t.ascii for t in tokens[end - len(w) : end]) == w), None
        )
        if words:
            end -= len(words)
        elif tokens[end - 1].ascii.isdigit() and len(tokens[end - 1].ascii) == 6:
            end -= 1  # a postal code
        else:
            break
    return end


def _names_another_level(tokens: Words, start: int, end: int, level: str) -> bool:
    """Whether a type word of another level, typed in full or with its dot, stands among the
    words ``start``..``end`` (a guessed name never runs over one)."""
    for j in range(start + 1, end + 1):
        for other in _LEVELS:
            if other == level:
                continue
            typed = tokens.types[other][j]
            if typed is not None and typed[0] >= start and _plain(tokens, typed[0], j):
                return True
    return False


def _parts(tokens: list[Token], end: int) -> list[tuple[int, list[Token]]]:
    """The words before ``end`` in their parts between commas (or semicolons), each with the
    index of its first word."""
    parts: list[tuple[int, list[Token]]] = []
    for i, token in enumerate(tokens[:end]):
        if token.strong_before or not parts:
            parts.append((i, []))
        parts[-1][1].append(token)
    return parts


def _last_part(tokens: list[Token], end: int) -> int:
    """Where the last part between commas (or semicolons) before ``end`` starts; 0 if none."""
    for i in range(end - 1, 0, -1):
        if tokens[i].strong_before:
            return i
    return 0


def _crossings(tokens: list[Token], start: int, end: int) -> int:
    return sum(1 for t in tokens[start + 1 : end] if t.strong_before)


class AddressReader:
    """Finds the province, district and commune in a free-text address."""

    def __init__(self, gz: Gazetteer | None = None) -> None:
        self.gz = gz or gazetteer()
        self.keys = Keys(self.gz)

    def read(self, address: str) -> list[Reading]:
        """The readings of ``address``, best first (empty when it has no words)."""
        text, typed = tokenize(address)
        tokens = Words(mended(typed, self.keys.words, self.keys.openings), self.keys.suffixes)
        end = _end_of_units(tokens)
        if not end:
            return []
        readings = self.read_until(text, tokens, end)
        cut = _last_part(tokens, end)
        if readings and not readings[0].rank[2] and cut and readings[0].province is None:
            # Nothing named, not even a province close to one: a last part that is no unit
            # ("…, Bình Dương; SĐT: 0909") is left out and the rest read again.
            shorter = self.read_until(text, tokens, cut)
            for r in shorter:
                r.dropped = text[tokens[cut].start :]
            return shorter or readings
        return readings

    def read_until(self, text: str, tokens: Words, end: int) -> list[Reading]:
        """The readings of the words before ``end``, best first."""
        readings: list[Reading] = []
        for province, scope in self._provinces(tokens, end):
            before = province.start if province else end
            named = province is not None and not province.guessed
            for district, inner in self._districts(tokens, before, scope, named):
                below = district.start if district else before
                for commune in self._communes(tokens, below, inner, district is not None):
                    readings.append(_reading(text, tokens, province, district, commune, inner))
        readings.sort(key=lambda r: r.rank, reverse=True)
        return readings

    # ---- each level ------------------------------------------------------------------------

    def _provinces(self, tokens: Words, end: int):
        found = False
        for start, name_start, kind, key, name_end in _names(tokens, end, PROVINCE):
            codes = self.keys.province(key)
            if codes is None:
                continue
            found = True
            span = Span(PROVINCE, start, name_start, end, kind, name_end=name_end)
            yield span, self._province_scope(*codes)
        if not found:
            close = self._close_province(tokens, end)
            if close is not None:
                yield close
            yield None, Scope((NATIONAL,), (NATIONAL,))

    def _close_province(self, tokens: Words, end: int):
        """A province name typed with a slip ("T Quảyg Nm", "Hưng Yê0"): the last words, close
        to one province's name and clearly closer than to any other. Handed on as a guess, so
        the answer is at most `fuzzy`."""
        best: tuple[float, int, tuple[str, ...], tuple[str, ...]] | None = None
        for k in range(1, min(4, end) + 1):
            start = end - k
            if any(t.strong_before for t in tokens[start + 1 : end]):
                break
            typed = _type_before(tokens, start, PROVINCE)
            text = "".join(t.ascii for t in tokens[start:end])
            hits = process.extract(text, self.keys.joined, scorer=fuzz.ratio, limit=2)
            if not hits or hits[0][1] < _CLOSE_PROVINCE:
                continue
            codes = self.keys.provinces[self.keys.joined_to[hits[0][0]]]
            if len(hits) > 1 and hits[0][1] - hits[1][1] < _CLOSE_MARGIN:
                other = self.keys.provinces[self.keys.joined_to[hits[1][0]]]
                if other != codes:
                    continue
            if best is None or hits[0][1] > best[0]:
                best = (hits[0][1], typed[0] if typed else start, *codes)
        if best is None:
            return None
        _, start, old, new = best
        return Span(PROVINCE, start, start, end, None, guessed=True), self._province_scope(old, new)

    def _province_scope(self, old: tuple[str, ...], new: tuple[str, ...]) -> Scope:
        """The old provinces named, then those merged into a named new one."""
        merged = {o for n in new for o in self.gz.new_to_old_provinces.get(n, ())}
        return Scope(old + tuple(sorted(merged - set(old))), new)

    def _districts(self, tokens: Words, end: int, scope: Scope, province_named: bool):
        yielded = False
        for start, name_start, kind, key, name_end in _names(tokens, end, DISTRICT):
            if kind is None and key.isdigit() and not province_named:
                continue  # "1" alone is Quận 1 only where the province says it has one
            codes = self.keys.districts(scope.old_provinces, key)
            if codes and (kind is not None or not _after_street_word(tokens, name_start)):
                yielded = True
                yield (
                    Span(DISTRICT, start, name_start, end, kind, name_end=name_end),
                    Scope(scope.old_provinces, scope.new_provinces, tuple(dict.fromkeys(codes))),
                )
        if not yielded:
            guess = self._guess(tokens, end, DISTRICT)
            if guess is None and province_named:
                guess = _district_part(tokens, end)
                if guess is not None and self.keys.old_communes(
                    scope.old_provinces, " ".join(t.ascii for t in tokens[guess.start : end])
                ):
                    guess = None  # "Phúc Xá, Trúc Bạch, Hà Nội": two communes' names
            if guess is not None:
                yield guess, scope
        yield None, scope

    def _communes(self, tokens: Words, end: int, scope: Scope, has_district: bool):
        old_scopes = scope.districts or scope.old_provinces
        yielded = False
        last = tokens[end - 1] if end else None
        if (
            last is not None
            and last.ascii.isdigit()
            and len(last.text) <= 5
            and (last.hard_before or end == 1)
            # "7" alone is no commune's code unless a province or district says where.
            and (len(last.text) >= 4 or scope.districts or scope.old_provinces != (NATIONAL,))
        ):
            # "Thôn 2, 13555, Huyện Bình Lục": the old commune's code.
            yielded = True
            yield Span(COMMUNE, end - 1, end - 1, end, None)
        for start, name_start, kind, key, name_end in _names(tokens, end, COMMUNE):
            if kind is None and _after_street_word(tokens, name_start):
                continue  # "Thôn Tân Lập": a hamlet named like a commune
            if self.keys.old_communes(old_scopes, key) or (
                not has_district and self.keys.new_communes(scope.new_provinces, key)
            ):
                yielded = True
                yield Span(COMMUNE, start, name_start, end, kind, name_end=name_end)
        if not yielded and end:
            guess = self._guess(tokens, end, COMMUNE)
            if guess is not None:
                yield guess
        yield None

    @staticmethod
    def _guess(tokens: Words, end: int, level: str) -> Span | None:
        """The words after the last type word of ``level`` (or, for a commune, the last part
        between commas), for the fuzzy matcher: "P. Phúc Sá" where no name matched."""
        for name_start in range(end - 1, max(end - MAX_WORDS, 0), -1):
            typed = _type_before(tokens, name_start, level)
            if typed is not None and not tokens[name_start].ascii.isdigit():
                start, kind = typed
                if _names_another_level(tokens, name_start, end, level):
                    return None  # "Xã An Thủy Huyện Lệ Thủy" is no commune's name
                # A type word typed in full with its marks ("Huyện") starts a part anywhere;
                # a bare abbreviation only after a separator.
                full = tokens[start].marked or tokens[start].dotted
                if start == 0 or tokens[start].hard_before or level == COMMUNE or full:
                    return Span(level, start, name_start, end, kind, guessed=True)
        if level == COMMUNE:
            start = end - 1
            while start and not tokens[start].hard_before:
                start -= 1
            words = tokens[start:end]
            if (
                len(words) <= 4
                and not any(t.ascii.isdigit() for t in words)
                and not _is_street_word(words[0])  # "Bản Na", "Ấp Tân Lập": a hamlet
                and not _names_another_level(tokens, start, end, level)  # "Tỉnh D"
            ):
                return Span(level, start, start, end, None, guessed=True)
        return None

    def doubts(self, reading: Reading) -> list[str]:
        """Why a reading may have missed part of the address, in words (empty: none).

        The parts are found from the right, so what is left of them is taken for the street.
        That is safe only when the street holds nothing unit-like: no type word with the name
        of a unit, no part between commas that is itself a commune's name, and no commune read
        bare where the same words name a district of the province.
        """
        tokens, end = reading.tokens, reading.street_end
        out = [
            f"Chưa dùng phần '{text}' (part of the address not used)"
            for text in self._typed_units(tokens, end)
        ]
        # A commune's type word left in the street ("P. Phong Cốc" beside another commune
        # read): a commune was typed there, even if its name is too garbled to find.
        left = [
            j
            for j in range(1, end + 1)
            if (typed := tokens.types[COMMUNE][j]) is not None and _plain(tokens, typed[0], j)
        ]
        last_type = tokens.types[COMMUNE][left[-1]] if left else None
        if last_type is not None and not out:
            word = tokens_text(tokens, last_type[0], left[-1])
            out.append(f"Còn chữ '{word}' trong phần số nhà (a commune's type word left over)")
        # Each part between commas left in the street that is itself a commune's name (its
        # own type word aside): "Yên Bình, H Hữu Lũng" read as the commune Hữu Lũng.
        for start, segment in _parts(tokens, end):
            words = segment
            for stop in (start + 2, start + 1):  # its own type word, "Thị trấn" or "P."
                typed = tokens.types[COMMUNE][stop] if stop < start + len(segment) else None
                if typed is not None and typed[0] == start:
                    words = segment[stop - start :]
                    break
            if not words or len(words) > MAX_WORDS or _is_street_word(words[0]):
                continue
            if any(t.ascii.isdigit() for t in words):
                continue
            key = " ".join(t.ascii for t in words)
            if self.keys.old_communes(reading.scope.old_provinces, key):
                text = reading.text[segment[0].start : segment[-1].end]
                out.append(f"'{text}' cũng là tên một xã (also the name of a commune: check)")
        commune = reading.commune
        if commune is not None and commune.kind is None and _after_road_number(tokens, end):
            out.append(
                f"'{reading.typed(commune)}' sau '{tokens_text(tokens, end - 2, end)}' có thể là "
                "tên đường (after a house or alley number: may be the road's name)"
            )
        if commune is not None and commune.kind is None and reading.district is None and end:
            key = " ".join(t.ascii for t in tokens[commune.name_start : commune.name_stop])
            if self.keys.districts(reading.scope.old_provinces, key):
                out.append(
                    f"'{reading.typed(commune)}' là tên cả xã lẫn quận/huyện (names both a "
                    "commune and a district)"
                )
        return out

    def _typed_units(self, tokens: Words, end: int) -> list[str]:
        """A type word and a name that exists, in the first ``end`` tokens."""
        found = []
        for i in range(end):
            for level in _LEVELS:
                typed = _type_before(tokens, i, level)
                if typed is None or not _plain(tokens, typed[0], i):
                    continue
                for k in range(1, min(MAX_WORDS, end - i) + 1):
                    key = " ".join(t.ascii for t in tokens[i : i + k])
                    if self._exists(level, key):
                        found.append(tokens_text(tokens, typed[0], i + k))
                        break
        return found

    def _exists(self, level: str, key: str) -> bool:
        if level == PROVINCE:
            return self.keys.province(key) is not None
        if level == DISTRICT:
            return bool(self.keys.districts((NATIONAL,), key))
        return self.keys.old_communes((NATIONAL,), key) or self.keys.new_communes((NATIONAL,), key)


def street_like(reading: Reading) -> bool:
    """Whether the words left before the units are a street part that ends where the units
    begin: each part opens with a street word ("Số 12 Lê Lợi, Văn Bình"), and the units start a
    part of their own or follow a hamlet ("Thôn 3 Văn Bình"). Not a person's name ("Phạm Thị
    Dung", "4, Nguyễn Văn Bình"), nor a house number before a road named like a commune ("55
    Nguyễn Văn Linh")."""
    tokens, end = reading.tokens, reading.street_end
    parts = _parts(tokens, end)
    if not parts or not all(_is_street_word(words[0]) for _, words in parts):
        return False
    opening = parts[-1][1][0]
    return tokens[end].strong_before or opening.tone not in _ROAD_TONES


def tokens_text(tokens: list[Token], start: int, end: int) -> str:
    return " ".join(t.text for t in tokens[start:end])


def _reading(
    text: str,
    tokens: Words,
    province: Span | None,
    district: Span | None,
    commune: Span | None,
    scope: Scope,
) -> Reading:
    """A reading, ranked: no name across a comma, no type word left unused or misplaced, the
    most units named, no part between commas cut, the most words used, a commune named, the
    fewest guesses, the most type words typed."""
    spans = [s for s in (province, district, commune) if s is not None]
    street_end = min((s.start for s in spans), default=len(tokens))
    # A name right after a type word of another level left in the street ("Huyện Tam Nông"
    # read as a commune, "H Mường Chà" as one): the type word says otherwise. Type words
    # inside the name of the unit to the left ("Bắc Xa" before "Đình Lập") do not count.
    misplaced = sum(
        1
        for s in spans
        if s.start == street_end and s.kind is None and tokens.other[s.level][s.name_start]
    )
    crossings = sum(_crossings(tokens, s.name_start, s.end) for s in spans)
    named = [s for s in spans if not s.guessed]
    # A name without its type word that starts inside a part between commas leaves a piece of
    # that part behind ("Tân" of "Tân Phú Đông" when "Phú Đông" is read).
    cut = sum(
        1
        for s in spans
        if s.kind is None and s.start and not tokens[s.start].hard_before and tokens.parted
    )
    rank = (
        -crossings,
        -tokens.unused[street_end] - misplaced,
        len(named),
        -cut,
        sum(s.end - s.start for s in spans),
        commune is not None and not commune.guessed,
        len(named) - len(spans),
        sum(1 for s in spans if s.kind is not None),
    )
    return Reading(text, tokens, province, district, commune, street_end, scope, rank)


@cache
def default_reader() -> AddressReader:
    return loaded("reader", AddressReader)

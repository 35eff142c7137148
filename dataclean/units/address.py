"""Split a one-line address into its parts, largest unit last."""

from __future__ import annotations

import re

from dataclean.units.names import COMMUNE, DISTRICT, PREFIXES, PROVINCE, match_prefix, token_spans
from dataclean.vietnamese import ascii_key, clean_text

_SEPARATORS = re.compile(r"[,;|\n]+")
_COUNTRY = {"viet nam", "vietnam", "vn"}
# Type words that start a new part even without a comma: "P. Phúc Xá Q. Ba Đình".
_BREAKERS = PREFIXES[COMMUNE] + PREFIXES[DISTRICT] + PREFIXES[PROVINCE]


def _prefix_length(tokens: list[str]) -> int:
    return max((match_prefix(tokens, p) for p in _BREAKERS), default=0)


def _split_at_type_words(segment: str) -> list[str]:
    spans = token_spans(segment)
    tokens = [t for t, _ in spans]
    cuts = []
    # A type word is followed by at least one word of the name ("Huyện Quan Sơn" is one part
    # even though "Quan" typed without marks looks like "Quận").
    i = _prefix_length(tokens) + 1
    while i < len(tokens):
        taken = _prefix_length(tokens[i:]) if tokens[i] != "." else 0
        if taken:
            cuts.append(spans[i][1])
            i += taken + 1
        else:
            i += 1
    bounds = [0, *cuts, len(segment)]
    pieces = (clean_text(segment[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True))
    return [p for p in pieces if p]


def split_address(address: str) -> list[str]:
    """Parts of a free-text address, e.g. ['Số 12 ngõ 5', 'P. Phúc Xá', 'Q.Ba Đình', 'HN']."""
    parts: list[str] = []
    for segment in _SEPARATORS.split(clean_text(address)):
        segment = segment.strip(" -.")
        if segment:
            parts.extend(_split_at_type_words(segment))
    while parts and ascii_key(parts[-1]) in _COUNTRY:
        parts.pop()
    return parts

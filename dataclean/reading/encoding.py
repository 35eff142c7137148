"""Detect the text encoding of a CSV export: UTF-8 (with or without BOM), UTF-16, or cp1258."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

_PROBE_BYTES = 1 << 20  # enough to meet the first accented letter of any real export


def detect_encoding(path: Path) -> str:
    """The Python codec name of a CSV file: ``utf-8``, ``utf-8-sig``, ``utf-16`` or ``cp1258``.

    A BOM decides at once. Otherwise text that decodes as UTF-8 is UTF-8 (a legacy 8-bit file
    with Vietnamese letters almost never does); what does not is Windows Vietnamese, cp1258.
    """
    with path.open("rb") as f:
        head = f.read(_PROBE_BYTES)
        more = f.read(1) != b""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_utf16_without_bom(head):
        return "utf-16-le"
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        decoder.decode(head, final=not more)  # a character cut at the probe's end is fine
    except UnicodeDecodeError:
        return "cp1258"
    if more and not _rest_is_utf8(path):
        return "cp1258"
    return "utf-8"


def _looks_utf16_without_bom(head: bytes) -> bool:
    # Digits, spaces and commas in UTF-16-LE put a zero in the odd bytes; text does not.
    sample = head[:4096]
    half = len(sample) // 2
    return half >= 4 and sample[1::2].count(0) > 0.3 * half and sample[0::2].count(0) < 0.05 * half


def _rest_is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 24):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def utf8_bytes(path: Path, encoding: str) -> bytes:
    """The file's content as UTF-8 bytes, for polars, which reads UTF-8 only.

    cp1258 writes tone marks as separate characters; they are composed (NFC) here.
    """
    data = path.read_bytes()
    if encoding == "utf-8":
        return data
    text = data.decode(encoding)
    if encoding == "cp1258":
        text = unicodedata.normalize("NFC", text)
    return text.encode("utf-8")


def encode_cp1258(text: str) -> bytes:
    """Text as Windows Vietnamese: vowel letters precomposed, tone marks apart."""
    out: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in _CP1258_TONES:
            tones.append(ch)
        elif unicodedata.combining(ch) and out:
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)  # â ê ô ă ơ ư
        else:
            out.extend(tones)
            tones = []
            out.append(ch)
    out.extend(tones)
    return "".join(out).encode("cp1258")


_CP1258_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

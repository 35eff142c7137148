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
    if encoding != "cp1258":
        return data.decode(encoding, errors="replace").encode("utf-8")
    return "".join(line_text(line) for line in data.splitlines(keepends=True)).encode("utf-8")


def line_text(line: bytes) -> str:
    """A line of a Windows-Vietnamese file: UTF-8 where it decodes so (a file put together
    from two exports), else cp1258 with its tone marks composed."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return unicodedata.normalize("NFC", line.decode("cp1258", errors="replace"))


# What other files begin with: a CSV that is one of these is a file renamed, not text.
MAGIC = {
    b"PK\x03\x04": "tệp nén (.zip, .xlsx, .docx)",
    b"\xd0\xcf\x11\xe0": "tệp Office cũ (.xls, .doc)",
    b"%PDF": "tệp PDF",
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"PAR1": "tệp Parquet",
}


def binary_kind(head: bytes) -> str | None:
    """What a file that should be text is instead, from its first bytes: a known kind, or
    "binary" when control bytes abound (text has tabs and line ends only); None for text."""
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16_without_bom(
        head
    ):
        return None
    sample = head[:65536]
    controls = sum(sample.count(bytes([b])) for b in (*range(1, 9), 11, 12, *range(14, 32)))
    # A NUL byte is never text; a few other control bytes are stray keys in a text cell.
    many = controls > max(0.01 * len(sample), _STRAY_CONTROLS)
    return "tệp nhị phân" if b"\0" in sample or many else None


_STRAY_CONTROLS = 16


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

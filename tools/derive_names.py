"""Derive the shipped name-frequency tables from ``shared/reference`` (by hand, not at run time).

The upstream tables (vietnamese-namedb) hold entries typed in the VNI font encoding ("Buøi" is
Bùi), entries whose UTF-8 was read as Windows-1250 ("Viáť\\x87t", bytes lost, so beyond repair),
and a few in the wrong case ("văn", "HIếu", "Thanh."). This script converts the VNI entries with
our own converter, drops the broken ones, fixes the case, and adds up the counts of entries that
become the same name. What it did is listed on standard output.

    python tools/derive_names.py ../shared/reference
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polars as pl

from dataclean.rules.legacy_text import fix_legacy_text

_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
_NAME = re.compile(f"^[{_LETTERS.upper()}][{_LETTERS}]*$")
_MOJIBAKE = re.compile("[ĂÄĆťş\x80-\x9f]")  # UTF-8 read as Windows-1250
HERE = Path(__file__).resolve().parents[1] / "dataclean" / "mappings"


def clean_name(name: str) -> str | None:
    """The name as it should be spelled, or None when it is beyond repair."""
    if _MOJIBAKE.search(name):
        return None
    converted, why = fix_legacy_text(name, "vni")
    fixed = (converted if why else name).strip(".-").capitalize()
    if not _NAME.match(fixed) or (len(fixed) == 1 and name.islower()):
        return None
    return fixed


def derive(source: Path, part: str) -> pl.DataFrame:
    df = pl.read_csv(source / f"{part}.csv", infer_schema=False)
    counts: dict[str, int] = {}
    for name, count in df.rows():
        fixed = clean_name(name)
        if fixed != name:
            print(f"{part}: {name!r} -> {fixed!r}")
        if fixed is not None:
            counts[fixed] = counts.get(fixed, 0) + int(count)
    out = pl.DataFrame({"name": list(counts), "count": list(counts.values())})
    return out.sort("count", descending=True, maintain_order=True)


def main(source: Path) -> None:
    for part in ("surnames", "middle_names", "given_names"):
        out = derive(source, part)
        text = "name,count\r\n" + "".join(f"{n},{c}\r\n" for n, c in out.rows())
        (HERE / f"names_{part}.csv").write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))

"""Derive `dataclean/mappings/crosswalk_nso.csv` from the statistics office's transition table.

    python tools/derive_crosswalk_nso.py            # reads ../shared/reference/crosswalk_nso.csv

Only facts are kept: the codes of each link and the office's note, normalised (spaces
collapsed, the typo "Nhâp" read as "Nhập"). The names are left out: the shipped unit tables
already hold them. The office is the source (statistics law asks users to cite it); the
repository that transcribed the table is GPL-3.0-or-later, so nothing of its own is shipped.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import polars as pl

from dataclean import mappings
from dataclean.vietnamese import tone_key

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "reference" / "crosswalk_nso.csv"
TARGET = ROOT / "dataclean" / "mappings" / "crosswalk_nso.csv"
COLUMNS = (
    "old_province_code",
    "old_district_code",
    "old_commune_code",
    "new_province_code",
    "new_commune_code",
    "note",
)


def normalise_note(note: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", note).split())
    return text.replace("Nhâp ", "Nhập ")


def official_codes(table: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Links whose new code is not on the official 2025 list (1027/CTK-CSCL) get the code of the
    commune of that name in that province, and each such fix is described.

    One link needs it: Xã Ia Mơ (Gia Lai) is "Giữ nguyên" under its old code 23938, while the
    official list gives the new Xã Ia Mơ the code 23737."""
    units = mappings.units_2025()
    known = set(units["commune_code"])
    by_name = {
        (p, tone_key(name)): code
        for p, name, code in units.select("province_code", "commune_name", "commune_code").rows()
    }
    fixes: list[str] = []
    codes = []
    for p, code, name in table.select(
        "new_province_code", "new_commune_code", "new_commune_name"
    ).rows():
        if code in known:
            codes.append(code)
            continue
        fixed = by_name.get((p, tone_key(name)))
        if fixed is None:
            raise SystemExit(f"{code} {name}: not on the 2025 list under that code or name")
        fixes.append(f"{code} {name} -> {fixed}")
        codes.append(fixed)
    return table.with_columns(pl.Series("new_commune_code", codes)), fixes


def derive(source: Path = SOURCE) -> pl.DataFrame:
    table, _ = official_codes(pl.read_csv(source, infer_schema=False))
    return (
        table.with_columns(pl.col("note").map_elements(normalise_note, return_dtype=pl.String))
        .select(COLUMNS)
        .unique(maintain_order=True)
    )


def main() -> int:
    if not SOURCE.exists():
        print(f"not found: {SOURCE}", file=sys.stderr)
        return 1
    out = derive()
    _, fixes = official_codes(pl.read_csv(SOURCE, infer_schema=False))
    for fix in fixes:
        print(f"new code not on the 2025 list, taken by name: {fix}")
    out.write_csv(TARGET)
    print(f"{TARGET.relative_to(ROOT)}: {out.height:,} links")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Legacy text repaired value by value, on sheets of generated names with 15 % damaged.

    python bench/legacy_text.py              # 20 sheets of 600 names (seeds 5-24)
    python bench/legacy_text.py --sheets 50

Each sheet is the one `tests/test_legacy_text.py` builds: names drawn from the shipped name
tables, 15 % of them typed in TCVN3, VNI or UTF-8 read as cp1252, scattered in a Unicode
column. Prints how many damaged values were repaired, and how many Unicode values changed
(the worst bug: it must stay 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_legacy_text import scattered_sheet  # the sheet the test builds

from dataclean.pipeline import fix_legacy_encoding


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sheets", type=int, default=20)
    a = ap.parse_args()
    damaged = repaired = unicode_changed = 0
    left = []
    for seed in range(5, 5 + a.sheets):
        names, typed = scattered_sheet(seed)
        frame = pl.DataFrame({"__row": range(2, 602), "Họ tên": typed}).lazy()
        out = fix_legacy_encoding(frame, ["Họ tên"])[0].collect()["Họ tên"].to_list()
        for t, n, o in zip(typed, names, out, strict=True):
            if t == n:
                unicode_changed += o != n
            else:
                damaged += 1
                repaired += o == n
                if o != n:
                    left.append((t, n, o))
    print(
        f"sheets: {a.sheets}; damaged values: {damaged:,}; repaired: {repaired:,} "
        f"({repaired / damaged:.1%}); Unicode values changed: {unicode_changed}"
    )
    for t, n, o in left[:10]:
        print(f"  left: {t!r} (is {n!r}) -> {o!r}")


if __name__ == "__main__":
    main()

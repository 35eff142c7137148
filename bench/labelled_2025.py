"""Addresses already in the 2025 units, labelled by someone else: dataclean beside the peer.

    python bench/labelled_2025.py PATH/generated_test_cases.csv

PATH is a CSV with a ``query`` column (one free-text address naming a 2025 commune and
province, typed with the labeller's noise: split syllables, "tinh" for Tỉnh, no spaces) and
``expected_ward`` and ``expected_province`` (the 2025 names); a ``noise`` column, when there is
one, breaks the commune figure down. The layout is that of
phucb2/vietnamese-address-classification ``data/generated_test_cases.csv``; the set is not
shipped with dataclean: pass a copy. Names are compared without their type words, by tone key.
"Confidently wrong": exact, matched or already_new with a 2025 commune other than the label.
The peer is ``vietnamadminunits.parse_address`` in its 2025 mode.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_text import CONFIDENT, key, ours, peer


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    df = pl.read_csv(sys.argv[1], infer_schema=False)
    texts = df["query"].to_list()
    truth = [
        {"ward": key(w), "province": key(p)}
        for w, p in zip(df["expected_ward"], df["expected_province"], strict=True)
    ]
    mine, theirs = ours(texts, new=True), peer(texts)
    print(f"{len(texts)} labelled 2025 addresses from {sys.argv[1]}")
    print(f"{'field':<10} {'dataclean':>10} {'peer':>8}")
    for field in ("province", "ward"):
        right = sum(m[field] == t[field] for m, t in zip(mine, truth, strict=True))
        other = f"{'-':>8}"
        if theirs:
            peer_right = sum(p[field] == t[field] for p, t in zip(theirs, truth, strict=True))
            other = f"{peer_right / len(truth):>8.1%}"
        print(f"{field:<10} {right / len(truth):>10.1%} {other}")
    print(f"dataclean statuses: {dict(Counter(m['status'] for m in mine))}")
    wrong = [
        (texts[i], truth[i]["ward"], m["ward"], m["status"])
        for i, m in enumerate(mine)
        if m["status"] in CONFIDENT and m["ward"] != truth[i]["ward"]
    ]
    print(f"dataclean confidently wrong on the commune: {len(wrong)}")
    for text, expected, got, status in wrong[:20]:
        print(f"  {text!r}: label {expected!r}, dataclean {got!r} ({status})")
    if theirs:
        given = sum(
            1 for p, t in zip(theirs, truth, strict=True) if p["ward"] and p["ward"] != t["ward"]
        )
        print(f"peer: a wrong commune given (it has no status): {given}")
    if "noise" in df.columns:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for noise, m, t in zip(df["noise"], mine, truth, strict=True):
            counts[noise][0] += 1
            counts[noise][1] += m["ward"] == t["ward"]
        print("commune right, by the labeller's noise:")
        for noise, (n, right) in sorted(counts.items()):
            print(f"  {noise:<34} {right:>4} / {n}")


if __name__ == "__main__":
    main()

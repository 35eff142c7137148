"""Free text labelled by someone else: dataclean beside the peer on a public labelled set.

    python bench/labelled_text.py PATH/test.json

PATH/test.json is a JSON list of ``{"text": …, "result": {"province", "district", "ward"}}``
(the layout of the public Vietnamese address-classification exercise sets, typed with OCR
noise, abbreviations and no commas; ward numbers as "3"), or of ``{"input": …,
"expected_province", "expected_district", "expected_ward"}``; rows with no text are left out.
The sets are not shipped with dataclean: pass a copy. Names are compared without their type
words, by tone key (so "Hoá"/"Hóa" and "05"/"5" agree). A field counts only where the label
gives it. "Confidently wrong": exact, matched or already_new with an old commune other than the
labelled ward (by name: an official spelling other than the label's shows here too, and is
worth a look, not a count to trust).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIDENT = {"exact", "matched", "already_new"}


def key(name: str | None) -> str:
    from dataclean.units.names import short_name
    from dataclean.vietnamese import tone_key

    return tone_key(short_name(name)) if name else ""


def ours(texts: list[str], new: bool = False) -> list[dict]:
    """dataclean's province, district and ward of each text, and its status: the units before
    2025, or with ``new`` the 2025 province and commune."""
    from dataclean.units.resolver import default_resolver

    resolver = default_resolver()
    out = []
    for text in texts:
        res = resolver.resolve_text(text)
        if new:
            fields = {"province": key(res.new_province_name), "ward": key(res.new_commune_name)}
        else:
            fields = {
                "province": key(res.old_province_name),
                "district": key(res.old_district_name),
                # Several old communes of one name that went to one new commune: any of them.
                "ward": [key(n) for n in (res.old_commune_name or "").split(" / ")],
            }
        out.append(fields | {"status": res.status})
    return out


def peer(texts: list[str], **options: object) -> list[dict] | None:
    """The peer's province, district and ward of each text: ``parse_address(text, **options)``
    (its 2025 units unless ``mode="LEGACY"``)."""
    try:
        from vietnamadminunits import parse_address
    except ImportError:
        print("peer vietnamadminunits not installed: pip install -e '.[bench]'")
        return None
    fields = ("province", "district", "ward")
    out = []
    for text in texts:
        try:
            unit = parse_address(text, **options)
            out.append({f: key(getattr(unit, f, None)) for f in fields})
        except Exception:  # noqa: BLE001 - the peer raises on addresses it cannot read
            out.append(dict.fromkeys(fields, ""))
    return out


def labelled(rows: list[dict]) -> list[dict]:
    """The rows in the ``text``/``result`` layout, those with no text left out."""
    out = []
    for r in rows:
        if "input" in r:
            fields = ("province", "district", "ward")
            r = {"text": r["input"], "result": {f: r.get(f"expected_{f}") for f in fields}}
        if r.get("text"):
            out.append(r)
    return out


def _same(got: str | list[str], expected: str) -> bool:
    return expected in got if isinstance(got, list) else got == expected


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = labelled(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    texts = [r["text"] for r in rows]
    truth = [{f: key(r["result"].get(f)) for f in ("province", "district", "ward")} for r in rows]
    mine, theirs = ours(texts), peer(texts, mode="LEGACY", level=3)
    print(f"{len(rows)} labelled addresses from {sys.argv[1]}")
    print(f"{'field':<10} {'labelled':>9} {'dataclean':>10} {'peer':>8}")
    for field in ("province", "district", "ward"):
        given = [i for i, t in enumerate(truth) if t[field]]
        right = sum(_same(mine[i][field], truth[i][field]) for i in given) / len(given)
        other = (
            f"{sum(theirs[i][field] == truth[i][field] for i in given) / len(given):>8.1%}"
            if theirs
            else f"{'-':>8}"
        )
        print(f"{field:<10} {len(given):>9} {right:>10.1%} {other}")
    wrong = [
        (texts[i], truth[i]["ward"], mine[i]["ward"])
        for i in range(len(rows))
        if mine[i]["status"] in CONFIDENT
        and truth[i]["ward"]
        and not _same(mine[i]["ward"], truth[i]["ward"])
    ]
    print(f"dataclean confidently wrong on the ward: {len(wrong)}")
    for text, expected, got in wrong[:20]:
        print(f"  {text!r}: label {expected!r}, dataclean {got!r}")


if __name__ == "__main__":
    main()

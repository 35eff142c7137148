"""People's names typed where an address should be: how many come back as a sure commune.

    python bench/person_names.py                 # 3,000 names, seed 1
    python bench/person_names.py --rows 10000 --seed 2 --show 10

Full names are drawn by frequency from the shipped name tables (surnames, middle and given
names: material not of our writing) and typed four ways, as they turn up in address cells of
household lists: with marks, without, in capitals, after a row number ("4, Phạm Thị Dung").
A name is counted when dataclean answers it exact, matched or already_new, unless the whole
name is itself a commune's ("Nguyễn Văn Linh" is a person and a commune of Hưng Yên).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, help="print this many sure answers")
    a = ap.parse_args()

    from unidecode import unidecode

    from dataclean import mappings
    from dataclean.units.gazetteer import gazetteer
    from dataclean.units.resolver import default_resolver
    from dataclean.vietnamese import ascii_key

    resolver = default_resolver()
    tables = [mappings.name_parts(p) for p in ("surnames", "middle_names", "given_names")]
    parts = [(t["name"].to_list(), t["count"].to_list()) for t in tables]
    communes = {ascii_key(u.short) for u in gazetteer().old_communes.values()}
    rnd = random.Random(a.seed)
    sure: Counter[str] = Counter()
    shown = 0
    for i in range(a.rows):
        name = " ".join(rnd.choices(names, weights)[0] for names, weights in parts)
        form = ("marks", "no marks", "capitals", "row number")[i % 4]
        text = {
            "marks": name,
            "no marks": unidecode(name),
            "capitals": name.upper(),
            "row number": f"{rnd.randint(1, 99)}, {name}",
        }[form]
        res = resolver.resolve_text(text)
        if res.status in ("exact", "matched", "already_new") and ascii_key(name) not in communes:
            sure[form] += 1
            if shown < a.show:
                shown += 1
                print(f"  {text!r}: {res.status} {res.old_commune_name or res.new_commune_name}")
    print(f"{a.rows:,} names: {sum(sure.values())} answered as a sure commune {dict(sure)}")


if __name__ == "__main__":
    main()

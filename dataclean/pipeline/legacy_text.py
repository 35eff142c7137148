"""Stage: text typed in a legacy Vietnamese font (TCVN3, VNI) read as the Unicode it stands for."""

from __future__ import annotations

import re
from collections import Counter

import polars as pl

from dataclean.pipeline.context import StageContext
from dataclean.rules.legacy_text import (
    MOJIBAKE_PATTERN,
    SUSPECT_PATTERN,
    fix_legacy_text,
    legacy_encoding,
)
from dataclean.schema import audit

_MOJIBAKE = re.compile(MOJIBAKE_PATTERN)


def fix_legacy_encoding(lf: pl.LazyFrame, columns: list[str]) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Text typed in TCVN3 or VNI fonts, converted to Unicode; each distinct value once.

    A column typed in a legacy font is mostly typed in it throughout, so the encoding that its
    plain cases show most is applied to its ambiguous ones too.
    """
    text = [c for c, t in lf.collect_schema().items() if c in columns and t == pl.String]
    if not text:
        return lf, audit.no_events().lazy()
    pattern = f"{SUSPECT_PATTERN}|{MOJIBAKE_PATTERN}"
    found = lf.select(
        pl.col(c).filter(pl.col(c).str.contains(pattern)).unique().sort().implode() for c in text
    ).collect(engine="streaming")
    fixes, events = [], []
    for column in text:
        suspects = found[column][0].to_list()
        plain = {v: e for v in suspects if (e := legacy_encoding(v))}
        # A column typed in a legacy font: its plain cases say how to read the ambiguous ones.
        # Without any, only text decoded twice can still be repaired.
        usual = Counter(plain.values()).most_common(1)[0][0] if plain else None
        if not plain:
            suspects = [v for v in suspects if _MOJIBAKE.search(v)]
        mapping = {v: fix for v in suspects if (fix := fix_legacy_text(v, plain.get(v, usual)))[1]}
        if not mapping:
            continue
        old = list(mapping)
        new = pl.col(column).replace(old, [mapping[v][0] for v in old])
        why = pl.col(column).replace_strict(old, [mapping[v][1] for v in old], default=None)
        fixes.append((column, new))
        events.append(audit.changes(lf, column, new, "legacy_encoding", why))
    return lf.with_columns(new for _, new in fixes), audit.concat(events)


def stage(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Legacy-font text read as Unicode, in every column of the table."""
    return fix_legacy_encoding(lf, ctx.columns)

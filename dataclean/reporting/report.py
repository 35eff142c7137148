"""The discrepancy report: what happened to every row and why, and what still needs a person.

Built from the cleaned table as written (its Vietnamese headers), its change log and its
duplicate pairs, so `normalize` and `dataclean report` (from a cleaned file) make the same
report. Every count reconciles: rows in = rows out, and the statuses add up to the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import polars as pl

from dataclean.reporting.labels import COLUMNS, ITEMS, SHEETS, pick
from dataclean.schema.columns import ADDED_COLUMNS, REVIEW_STATUSES, SOURCE_ROW
from dataclean.schema.row_kinds import PERSON, ROW_KINDS

STATUS = ADDED_COLUMNS["unit_status"]
CHECK = ADDED_COLUMNS["data_status"]
PROBLEMS = ADDED_COLUMNS["data_problems"]
DUP = ADDED_COLUMNS["dup_status"]
CLUSTER = ADDED_COLUMNS["dup_cluster"]
KIND = ADDED_COLUMNS["row_kind"]
HIDDEN = ADDED_COLUMNS["hidden_row"]


@dataclass
class ReportInput:
    clean: pl.DataFrame  # the cleaned table as written: "Dòng gốc", original and added columns
    roles: dict[str, str]  # role -> original column label
    events: pl.DataFrame  # the change log (row, column, old, new, rule, reason)
    pairs: pl.DataFrame  # merged and review pairs: row_a, row_b, score, evidence, verdict
    meta: dict[str, str] = field(default_factory=dict)  # file, sheet, time, version, checksum
    rows_in: int | None = None
    # For a streamed run, ``clean`` holds only the rows that need a person; the counts of all
    # rows come from here.
    status_counts: list[tuple[str, int]] | None = None
    rows_out: int | None = None
    totals: pl.LazyFrame | None = None  # every row, for the counts


@dataclass(frozen=True)
class Item:
    """One line of the summary: a fact of the run (text) or a count (a number)."""

    label: str
    value: str | int
    status: bool = False  # the count of one address status (the chart shows these)


@dataclass
class Summary:
    name: str  # the sheet's name
    header: tuple[str, str]
    items: list[Item]


@dataclass
class Report:
    summary: Summary
    sheets: dict[str, pl.DataFrame]  # the other sheets: name -> table, in order
    statuses: list[tuple[str, int]]  # for the chart


def mask(value: pl.Expr) -> pl.Expr:
    """All but the last 3 digits hidden: "001090012345" -> "*********345"."""
    text = value.cast(pl.String)
    return (
        pl.when(text.str.len_chars() > 3)
        .then(
            pl.concat_str(
                [pl.lit("*").repeat_by(text.str.len_chars() - 3).list.join(""), text.str.slice(-3)]
            )
        )
        .otherwise(text)
    )


def category(message: pl.Expr) -> pl.Expr:
    """The kind of a failing check: its words before " (", numbers left out."""
    head = message.str.split(" (").list.first()
    return head.str.replace_all(r"\d[\d,./ ]*\d|\d", "…")


@cache
def _clauses() -> dict[tuple[str, str], str]:
    from dataclean import mappings

    rows = mappings.crosswalk_a().select(
        "old_commune_code", "new_commune_code", "resolution", "clause"
    )
    return {(o, n): f"{r}: {c}" for o, n, r, c in rows.iter_rows()}


def _candidate_clauses(old_code: str | None, codes: str | None) -> str | None:
    """The clause deciding each candidate, one per line, in the candidates' order (``codes``:
    their 2025 codes as the cleaned table holds them, between commas)."""
    if not codes:
        return None
    lines = []
    for code in codes.split(", "):
        missing = f"{code}: bảng A không có điều khoản cho phương án này (no clause in crosswalk A)"
        lines.append(_clauses().get((old_code or "", code), missing))
    return "\n".join(lines)


def build_report(data: ReportInput, lang: str = "vi", masked: bool = False) -> Report:
    """Every sheet of the report, as tables."""
    clean, roles = data.clean, data.roles
    hidden = [roles[r] for r in ("id", "phone") if r in roles and roles[r] in clean.columns]
    if masked:
        clean = clean.with_columns(mask(pl.col(c)).alias(c) for c in hidden)
    col = {k: pick(COLUMNS, k, lang) for k in COLUMNS}
    statuses = data.status_counts
    if statuses is None:
        # People only: a hamlet row or subtotal has no address, and is counted by its kind.
        people = clean.filter(pl.col(KIND) == PERSON.vi) if KIND in clean.columns else clean
        statuses = (
            people[STATUS].fill_null("(none)").value_counts(sort=True).rows()
            if STATUS in clean.columns
            else []
        )
    summary = Summary(
        pick(SHEETS, "summary", lang),
        (col["item"], col["value"]),
        _summary_items(data, clean, statuses, lang),
    )
    sheets = {
        pick(SHEETS, "changes", lang): _changes(data.events, hidden if masked else [], col),
        pick(SHEETS, "verify", lang): _to_verify(clean, roles, col),
        pick(SHEETS, "duplicates", lang): _duplicates(clean, data.pairs, roles, col),
        pick(SHEETS, "invalid", lang): _invalid(clean, roles, col),
    }
    return Report(summary, sheets, statuses)


def _summary_items(
    data: ReportInput, clean: pl.DataFrame, statuses: list[tuple[str, int]], lang: str
) -> list[Item]:
    """The run's facts and every count: rows, statuses, failing checks, duplicates, changes."""
    facts = ("file", "sheet", "time", "version", "checksum")
    items = [Item(pick(ITEMS, k, lang), data.meta.get(k, "")) for k in facts]
    if "hidden_columns" in data.meta:
        items.append(Item(pick(ITEMS, "hidden_columns", lang), data.meta["hidden_columns"]))
    rows_in = data.rows_in if data.rows_in is not None else clean.height
    rows_out = data.rows_out if data.rows_out is not None else clean.height
    items += [Item(pick(ITEMS, "rows_in", lang), rows_in),
              Item(pick(ITEMS, "rows_out", lang), rows_out)]  # fmt: skip
    # Counts over every row: from the whole table, even where ``clean`` holds only some.
    every = data.totals if data.totals is not None else clean.lazy()
    items += _kind_items(every, lang)
    if HIDDEN in every.collect_schema().names():
        hidden = every.select(pl.col(HIDDEN).is_not_null().sum()).collect().item()
        items.append(Item(pick(ITEMS, "hidden_rows", lang), int(hidden)))
    items += [Item(pick(ITEMS, "status", lang) + s, n, status=True) for s, n in statuses]
    items += _check_items(every, lang)
    if DUP in clean.columns:
        items += _duplicate_items(clean, data.pairs, lang)
    if "changes_file" in data.meta:  # a streamed run: the whole log is a CSV beside the data
        items.append(Item(pick(ITEMS, "changes_file", lang), data.meta["changes_file"]))
    else:
        items.append(Item(pick(ITEMS, "changes", lang), data.events.height))
    return items


def _kind_items(every: pl.LazyFrame, lang: str) -> list[Item]:
    """People and the rows that are no person (hamlet rows, subtotals), counted apart."""
    if KIND not in every.collect_schema().names():
        return []
    counts = dict(every.group_by(KIND).len().collect(engine="streaming").rows())
    words = {k.vi: k.en if lang == "en" else k.vi for k in ROW_KINDS}
    return [
        Item(pick(ITEMS, "kind", lang) + words[k.vi], int(counts.get(k.vi, 0))) for k in ROW_KINDS
    ]


def _check_items(every: pl.LazyFrame, lang: str) -> list[Item]:
    """The invalid rows, and how many times each kind of check failed."""
    if CHECK not in every.collect_schema().names():
        return []
    invalid_rows = every.select((pl.col(CHECK) == "invalid").sum()).collect().item()
    failures = (
        every.select(pl.col(PROBLEMS).drop_nulls().str.split("; ").explode().alias("f"))
        .select(category(pl.col("f")))
        .group_by("f")
        .len()
        .sort(["len", "f"], descending=[True, False])
        .collect(engine="streaming")
        .rows()
    )
    return [Item(pick(ITEMS, "invalid", lang), int(invalid_rows))] + [
        Item(pick(ITEMS, "failure", lang) + f, n) for f, n in failures
    ]


def _duplicate_items(clean: pl.DataFrame, pairs: pl.DataFrame, lang: str) -> list[Item]:
    """The residents' groups, the rows merged into another, the pairs a person must decide."""
    kept_row = clean[CLUSTER].cast(pl.Int64, strict=False)
    merged = (kept_row != clean[SOURCE_ROW].cast(pl.Int64, strict=False)).sum()
    review = pairs.filter(pl.col("verdict") == "review").height if pairs.height else 0
    return [
        Item(pick(ITEMS, "clusters", lang), clean[CLUSTER].drop_nulls().n_unique()),
        Item(pick(ITEMS, "merged", lang), int(merged)),
        Item(pick(ITEMS, "review", lang), review),
    ]


def _changes(events: pl.DataFrame, hidden: list[str], col: dict[str, str]) -> pl.DataFrame:
    """The change log; the values of the ``hidden`` columns masked."""
    if hidden:
        secret = pl.col("column").is_in(hidden)
        events = events.with_columns(
            pl.when(secret).then(mask(pl.col(c))).otherwise(pl.col(c)).alias(c)
            for c in ("old", "new")
        )
    return events.select(
        pl.col("row").alias(col["row"]), pl.col("column").alias(col["column"]),
        pl.col("old").alias(col["old"]), pl.col("new").alias(col["new"]),
        pl.col("rule").alias(col["rule"]), pl.col("reason").alias(col["reason"]),
    )  # fmt: skip


def _to_verify(clean: pl.DataFrame, roles: dict[str, str], col: dict[str, str]) -> pl.DataFrame:
    """The addresses a person must decide, with their candidates and each one's clause."""
    if STATUS not in clean.columns:
        return pl.DataFrame()
    parts = [roles[k] for k in ("street", "address", "commune", "district", "province")
             if k in roles]  # fmt: skip
    pending = clean.filter(pl.col(STATUS).is_in(REVIEW_STATUSES))
    old_code = ADDED_COLUMNS["old_commune_code"]
    candidates, codes = ADDED_COLUMNS["candidates"], ADDED_COLUMNS["candidate_codes"]
    clauses = [
        _candidate_clauses(o, c)
        for o, c in pending.select(
            pl.col(old_code) if old_code in pending.columns else pl.lit(None),
            pl.col(codes) if codes in pending.columns else pl.lit(None),
        ).iter_rows()
    ]
    return pending.select(
        pl.col(SOURCE_ROW).alias(col["row"]),
        pl.concat_str([pl.col(p).cast(pl.String) for p in parts], separator=", ",
                      ignore_nulls=True).alias(col["address"]),
        pl.col(STATUS).alias(col["status"]),
        pl.col(ADDED_COLUMNS["unit_reason"]).alias(col["reason"]),
        pl.col(candidates).str.replace_all(r" \| ", "\n").alias(col["candidates"]),
        pl.Series(col["clause"], clauses, dtype=pl.String),
        pl.lit(None, pl.String).alias(col["decision"]),
    )  # fmt: skip


def _duplicates(
    clean: pl.DataFrame, pairs: pl.DataFrame, roles: dict[str, str], col: dict[str, str]
) -> pl.DataFrame:
    """Each pair of rows found alike, side by side, with the score and the evidence."""
    if not pairs.height:
        return pl.DataFrame()
    shown = [roles[r] for r in ("name", "dob", "id", "phone") if r in roles]
    side = clean.select(pl.col(SOURCE_ROW).cast(pl.String).alias("__key"), *shown)
    a = side.rename({c: f"{c} (A)" for c in shown})
    b = side.rename({c: f"{c} (B)" for c in shown})
    return (
        pairs.with_columns(
            pl.col("row_a").cast(pl.String).alias("__a"),
            pl.col("row_b").cast(pl.String).alias("__b"),
        )
        .join(a, left_on="__a", right_on="__key", how="left")
        .join(b, left_on="__b", right_on="__key", how="left")
        .select(
            pl.col("row_a").alias(col["row_a"]), *(pl.col(f"{c} (A)") for c in shown),
            pl.col("row_b").alias(col["row_b"]), *(pl.col(f"{c} (B)") for c in shown),
            pl.col("score").alias(col["score"]), pl.col("evidence").alias(col["evidence"]),
            pl.col("verdict").alias(col["verdict"]),
            pl.lit(None, pl.String).alias(col["decision"] + " (giữ/gộp)"),
        )
    )  # fmt: skip


def _invalid(clean: pl.DataFrame, roles: dict[str, str], col: dict[str, str]) -> pl.DataFrame:
    """The rows that failed a check, with the checks in words."""
    if CHECK not in clean.columns:
        return pl.DataFrame()
    name = [pl.col(roles["name"]).alias(col["name"])] if "name" in roles else []
    return clean.filter(pl.col(CHECK) == "invalid").select(
        pl.col(SOURCE_ROW).alias(col["row"]), *name, pl.col(PROBLEMS).alias(col["problems"])
    )

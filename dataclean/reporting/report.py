"""The discrepancy report: what happened to every row and why, and what still needs a person.

Built from the cleaned table as written (its Vietnamese headers), its change log and its
duplicate pairs, so `normalize` and `dataclean report` (from a cleaned file) make the same
report. Every count reconciles: rows in = rows out, and the statuses add up to the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from dataclean.reporting.labels import (
    COLUMNS,
    ITEMS,
    KEEP_APART,
    MERGE,
    SHEETS,
    TITLE,
    TODO,
    VERDICTS,
    pick,
)
from dataclean.schema.audit import RULE_WORDS, UNIT_RULE
from dataclean.schema.columns import ADDED_COLUMNS, REVIEW_STATUSES, SOURCE_ROW
from dataclean.schema.row_kinds import PERSON, ROW_KINDS
from dataclean.schema.statuses import BY_CODE

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
class Sheet:
    """A sheet of the report: its table, and the column where a person decides, if any."""

    table: pl.DataFrame
    decision: str | None = None  # filled in by an official, from a drop-down
    choices: list[list[str]] | None = None  # each row's drop-down, in the table's order
    fixed: list[str] | None = None  # the one drop-down of every row, where choices is None
    codes: tuple[str, ...] = ()  # columns of codes for the program, kept narrow
    widths: dict[str, int] = field(default_factory=dict)  # a column's width where it matters


@dataclass
class Report:
    title: str
    todo: list[str]  # what the official does with it, on the first page
    summary: Summary
    sheets: dict[str, Sheet]  # the other sheets: name -> sheet, in order
    statuses: list[tuple[str, int]]  # for the chart, in words


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


def build_report(data: ReportInput, lang: str = "vi", masked: bool = False) -> Report:
    """Every sheet of the report, as tables; statuses and outcomes in words of ``lang``.
    ``masked``: every ID and phone number in every sheet shows only its last 3 digits."""
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
    statuses = [(status_word(code, lang), n) for code, n in statuses]
    summary = Summary(
        pick(SHEETS, "summary", lang),
        (col["item"], col["value"]),
        _summary_items(data, clean, statuses, lang),
    )
    verify, basis = _to_verify(clean, roles, col, lang)
    sheets = {
        pick(SHEETS, "verify", lang): verify,
        pick(SHEETS, "duplicates", lang): _duplicates(clean, data.pairs, roles, col, lang),
        pick(SHEETS, "invalid", lang): Sheet(_invalid(clean, roles, col)),
        pick(SHEETS, "changes", lang): Sheet(
            _changes(data.events, hidden if masked else [], col, lang),
            # The reason (the legal basis) reads best wide, in two lines; the rest needs less.
            widths={
                col["reason"]: 84,
                col["example_old"]: 28,
                col["example_new"]: 28,
                col["row_list"]: 16,
                col["column"]: 18,
                col["rule"]: 16,
            },
        ),
        pick(SHEETS, "basis", lang): Sheet(basis),
    }
    if masked:
        for sheet in sheets.values():
            sheet.table = sheet.table.with_columns(mask_numbers(pl.col(pl.String)))
    todo = [en if lang == "en" else vi for vi, en in TODO]
    return Report(pick({"t": TITLE}, "t", lang), todo, summary, sheets, statuses)


def status_word(code: str, lang: str) -> str:
    """An address status in words ("khớp chính xác"; "exact" with ``lang`` "en")."""
    status = BY_CODE.get(code)
    if status is None:
        return code
    return status.en if lang == "en" else status.vi


def rule_words(rule: pl.Expr, lang: str) -> pl.Expr:
    """A change-log rule in words: "chuẩn hoá họ tên", "địa chỉ: khớp chính xác"."""
    en = lang == "en"
    prefix, (vi_unit, en_unit) = UNIT_RULE
    words = {code: en_word if en else vi for code, (vi, en_word) in RULE_WORDS.items()}
    words |= {f"{prefix}{code}": f"{en_unit if en else vi_unit}: {status_word(code, lang)}"
              for code in BY_CODE}  # fmt: skip
    return rule.replace_strict(list(words), list(words.values()), default=rule)


def mask_numbers(text: pl.Expr) -> pl.Expr:
    """Every run of 9 to 12 digits inside a text (a CCCD, a CMND, a phone number in a
    message) shown by its last 3 digits only."""
    return text.str.replace_all(r"\b\d{6,9}(\d{3})\b", "*********$1")


def _summary_items(
    data: ReportInput, clean: pl.DataFrame, statuses: list[tuple[str, int]], lang: str
) -> list[Item]:
    """The run's facts and every count: rows, statuses, failing checks, duplicates, changes."""
    facts = ("file", "sheet", "time", "version", "checksum")
    meta = {**data.meta, "time": _as_shown(data.meta.get("time", ""))}
    items = [Item(pick(ITEMS, k, lang), meta.get(k, "")) for k in facts]
    for key in ("hidden_columns", "renamed_columns", "long_cells"):
        if key in data.meta:
            items.append(Item(pick(ITEMS, key, lang), data.meta[key]))
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
    items += [Item(pick(ITEMS, "status", lang) + w, n, status=True) for w, n in statuses]
    items += _check_items(every, lang)
    if DUP in clean.columns:
        items += _duplicate_items(clean, data.pairs, lang)
    if "changes_file" in data.meta:  # a streamed run: the whole log is a CSV beside the data
        items.append(Item(pick(ITEMS, "changes_file", lang), data.meta["changes_file"]))
    else:
        items.append(Item(pick(ITEMS, "changes", lang), data.events.height))
    return items


def _as_shown(time: str) -> str:
    """An ISO 8601 time as an official reads it: dd/mm/yyyy HH:MM."""
    try:
        return dt.datetime.fromisoformat(time).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return time


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


_CHANGED_ROWS_SHOWN = 10  # a kind of change names its first rows; the count says how many


def _changes(
    events: pl.DataFrame, hidden: list[str], col: dict[str, str], lang: str
) -> pl.DataFrame:
    """The change log, one line per kind of change: the column, the rule and its reason (for
    an address, the legal basis), how many cells, which rows, and one example. The cleaned
    workbook keeps every cell's change; the ``hidden`` columns' values are masked here."""
    if hidden:
        secret = pl.col("column").is_in(hidden)
        events = events.with_columns(
            pl.when(secret).then(mask(pl.col(c))).otherwise(pl.col(c)).alias(c)
            for c in ("old", "new")
        )
    if not events.height:
        return pl.DataFrame()
    more = pl.when(pl.len() > _CHANGED_ROWS_SHOWN).then(pl.lit(" …")).otherwise(pl.lit(""))
    return (
        events.group_by("column", "rule", "reason", maintain_order=True)
        .agg(
            pl.len().alias("__n"),
            pl.concat_str(
                [
                    pl.col("row").cast(pl.String).head(_CHANGED_ROWS_SHOWN).str.join(", "),
                    more.first(),
                ]
            ).alias("__rows"),
            pl.col("old").first(),
            pl.col("new").first(),
        )
        .select(
            pl.col("column").alias(col["column"]),
            rule_words(pl.col("rule"), lang).alias(col["rule"]),
            pl.col("reason").alias(col["reason"]), pl.col("__n").alias(col["cells"]),
            pl.col("__rows").alias(col["row_list"]),
            pl.col("old").alias(col["example_old"]), pl.col("new").alias(col["example_new"]),
        )
    )  # fmt: skip


def group_key(clean: pl.DataFrame, roles: dict[str, str]) -> pl.Expr:
    """What one line of "Cần xác minh" stands for: the old commune recognised (its code),
    else the units as typed (the house number left out), with the status and the candidates.
    `apply-decisions` finds a line's rows by the same key."""
    units = [roles[k] for k in ("address", "commune", "district", "province") if k in roles]
    typed = pl.concat_str(
        [pl.col(c).cast(pl.String) for c in units if c in clean.columns],
        separator=", ",
        ignore_nulls=True,
    )
    old_code, codes = ADDED_COLUMNS["old_commune_code"], ADDED_COLUMNS["candidate_codes"]
    unit = pl.col(old_code) if old_code in clean.columns else pl.lit(None, pl.String)
    offered = pl.col(codes) if codes in clean.columns else pl.lit("")
    return pl.concat_str(
        [pl.coalesce(unit, typed.str.to_lowercase(), pl.lit("")), pl.col(STATUS),
         offered.fill_null("")],
        separator=" | ",
    )  # fmt: skip


def line_id(key: str) -> str:
    """A short, stable name of a line's :func:`group_key`, written in the line's code cell."""
    return hashlib.sha1(key.encode()).hexdigest()[:8]


_ROWS_SHOWN = 30  # row numbers written out on a line; the count says how many there are


def _to_verify(
    clean: pl.DataFrame, roles: dict[str, str], col: dict[str, str], lang: str
) -> tuple[Sheet, pl.DataFrame]:
    """One line per old address a person must decide (all its rows decided at once), with its
    candidates and a reference to each one's clause; and the clauses, numbered."""
    if STATUS not in clean.columns:
        return Sheet(pl.DataFrame()), pl.DataFrame()
    parts = [roles[k] for k in ("street", "address", "commune", "district", "province")
             if k in roles]  # fmt: skip
    codes, candidates = ADDED_COLUMNS["candidate_codes"], ADDED_COLUMNS["candidates"]
    old_code = ADDED_COLUMNS["old_commune_code"]
    pending = clean.filter(pl.col(STATUS).is_in(REVIEW_STATUSES)).with_columns(
        group_key(clean, roles).alias("__key"),
        pl.concat_str([pl.col(p).cast(pl.String) for p in parts], separator=", ",
                      ignore_nulls=True).alias("__typed"),
        *(pl.lit(None, pl.String).alias(c) for c in (codes, candidates, old_code)
          if c not in clean.columns),
    )  # fmt: skip
    lines = (
        pending.group_by("__key", maintain_order=True)
        .agg(
            pl.col("__typed").first(),
            pl.col(STATUS).first(),
            pl.col(ADDED_COLUMNS["unit_reason"]).first(),
            pl.col(candidates).first(),
            pl.col(codes).first(),
            pl.col(old_code).first(),
            pl.len().alias("__n"),
            pl.col(SOURCE_ROW).cast(pl.String).head(_ROWS_SHOWN).str.join(", ").alias("__rows"),
        )
        .sort("__n", descending=True, maintain_order=True)
    )
    basis, refs = _basis(lines, col)
    more = pl.when(pl.col("__n") > _ROWS_SHOWN).then(pl.lit(" …")).otherwise(pl.lit(""))
    table = lines.select(
        pl.col("__typed").alias(col["address"]),
        pl.col("__n").alias(col["rows"]),
        pl.concat_str([pl.col("__rows"), more]).alias(col["row_list"]),
        pl.col(STATUS).replace_strict(
            list(BY_CODE), [status_word(c, lang) for c in BY_CODE], default=pl.col(STATUS)
        ).alias(col["status"]),
        pl.col(ADDED_COLUMNS["unit_reason"]).alias(col["reason"]),
        pl.col(candidates).str.replace_all(r" \| ", "\n").alias(col["candidates"]),
        pl.Series(col["ref"], refs, dtype=pl.String),
        pl.lit(None, pl.String).alias(col["decision"]),
        pl.col("__key").map_elements(line_id, return_dtype=pl.String).alias(col["code"]),
    )  # fmt: skip
    choices = [_choices(c, w) for c, w in lines.select(codes, candidates).iter_rows()]
    return Sheet(table, col["decision"], choices, codes=(col["code"],)), basis


def _choices(codes: str | None, words: str | None) -> list[str]:
    """A line's drop-down: "mã – tên" of each candidate."""
    if not codes:
        return []
    names = (words or "").split(" | ")
    out = []
    for i, code in enumerate(codes.split(", ")):
        name = names[i] if i < len(names) else ""
        name = re.sub(r"\s*(\[[^\]]*\]|\(từ [^)]*\))", "", name.removeprefix(code)).strip()
        out.append(f"{code} – {name}" if name else code)
    return out


def _basis(lines: pl.DataFrame, col: dict[str, str]) -> tuple[pl.DataFrame, list[str | None]]:
    """The clause behind each candidate of each line, numbered once each, and each line's
    numbers ("3, 4")."""
    numbered: dict[tuple[str, str], int] = {}
    refs: list[str | None] = []
    codes = ADDED_COLUMNS["candidate_codes"]
    for old, offered in lines.select(ADDED_COLUMNS["old_commune_code"], codes).iter_rows():
        mine = []
        # A candidate of no recognised old commune has no clause to look up: no number.
        for code in (offered or "").split(", ") if offered and old else []:
            key = (old or "", code)
            numbered.setdefault(key, len(numbered) + 1)
            mine.append(str(numbered[key]))
        refs.append(", ".join(mine) or None)
    missing = "bảng A không có điều khoản cho phương án này (no clause in crosswalk A)"
    rows = [(n, o or None, c, _clauses().get((o, c), missing)) for (o, c), n in numbered.items()]
    basis = pl.DataFrame(
        rows,
        schema={col["number"]: pl.Int64, col["old_code"]: pl.String, col["new_code"]: pl.String,
                col["clause"]: pl.String},
        orient="row",
    )  # fmt: skip
    return basis, refs


def _duplicates(
    clean: pl.DataFrame,
    pairs: pl.DataFrame,
    roles: dict[str, str],
    col: dict[str, str],
    lang: str,
) -> Sheet:
    """Each pair of rows found alike, side by side, with the score, the evidence and what
    came of it; the official decides the pairs to review: gộp or giữ riêng."""
    if not pairs.height:
        return Sheet(pl.DataFrame())
    verdicts = {k: en if lang == "en" else vi for k, (vi, en) in VERDICTS.items()}
    shown = [roles[r] for r in ("name", "dob", "id", "phone") if r in roles]
    side = clean.select(pl.col(SOURCE_ROW).cast(pl.String).alias("__key"), *shown)
    a = side.rename({c: f"{c} (A)" for c in shown})
    b = side.rename({c: f"{c} (B)" for c in shown})
    table = (
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
            pl.col("verdict").replace_strict(verdicts, default=pl.col("verdict"))
            .alias(col["verdict"]),
            pl.lit(None, pl.String).alias(col["decision"]),
        )
    )  # fmt: skip
    words = [w[1] if lang == "en" else w[0] for w in (MERGE, KEEP_APART)]
    return Sheet(table, col["decision"], fixed=words)


def _invalid(clean: pl.DataFrame, roles: dict[str, str], col: dict[str, str]) -> pl.DataFrame:
    """The rows that failed a check, with the checks in words."""
    if CHECK not in clean.columns:
        return pl.DataFrame()
    name = [pl.col(roles["name"]).alias(col["name"])] if "name" in roles else []
    return clean.filter(pl.col(CHECK) == "invalid").select(
        pl.col(SOURCE_ROW).alias(col["row"]), *name, pl.col(PROBLEMS).alias(col["problems"])
    )

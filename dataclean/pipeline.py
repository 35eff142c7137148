"""The normalize job as stages over polars DataFrames: read -> layout -> legacy text -> field
rules -> validation -> new units (whose distinct addresses are resolved while the rules and
the validation run).

Each stage takes a frame (with ``__row``, the row number in the original sheet) and returns the
new frame and its audit events (see :mod:`dataclean.audit`). I/O stays in :func:`read_tables`
and in the writers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dataclean.reading.grid import (
    EXCEL_SUFFIXES,
    Grid,
    open_workbook,
    read_csv_grid,
    read_excel_grid,
)
from dataclean.reading.layout import Layout, detect_layout, extract_table
from dataclean.rules import base, citizen_id, dob, field_rules, name, phone
from dataclean.rules.legacy_text import SUSPECT_PATTERN, fix_legacy_text, legacy_encoding
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.runtime.resolving import UnitLookup, start_resolving
from dataclean.runtime.warm_up import ready_resolver
from dataclean.schema import audit
from dataclean.schema.columns import CHANGES_SHEET, CLEAN_SHEET, ID_TRUSTED
from dataclean.schema.errors import ExitCode, InputError
from dataclean.units.resolver import dated_resolver
from dataclean.validation import CONFLICT, PROBLEM_PREFIX, VALID, validate

Progress = Callable[[int, int], None]


@dataclass
class SheetTable:
    grid: Grid
    layout: Layout
    table: pl.DataFrame  # data rows, original labels, plus __row

    @property
    def original_columns(self) -> list[str]:
        return [c for c in self.table.columns if c != "__row"]


@dataclass
class Normalized:
    frame: pl.DataFrame  # __row, the original columns (cleaned), then the added columns
    events: pl.DataFrame  # audit.EVENT_SCHEMA


def read_grids(path: Path, sheet: str | None = None) -> list[Grid]:
    """The sheets of a workbook (or the one named), or the one grid of a CSV file."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        workbook = open_workbook(path)
        names = [sheet] if sheet else list(workbook.sheet_names)
        if not sheet and CLEAN_SHEET in names and CHANGES_SHEET in names:
            names = [CLEAN_SHEET]  # our own output: its change log and pair lists are not data
        return [read_excel_grid(path, name, workbook) for name in names]
    return [read_csv_grid(path)]


def read_tables(
    path: Path,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    skipped: list[InputError] | None = None,
) -> list[SheetTable]:
    """The table of each sheet (or of the one named), found inside the form layout.

    Reading every sheet, an empty sheet or one without a table (instructions, a chart) is left
    out and reported in ``skipped``; it is an error only when no sheet has a table.
    """
    grids = read_grids(path, sheet)
    out, problems = [], []
    for grid in grids:
        try:
            if grid.is_empty:
                raise InputError(
                    ExitCode.EMPTY,
                    "trang tính trống",
                    "the sheet is empty",
                    file=grid.source,
                    sheet=grid.sheet,
                )
            layout = detect_layout(grid, overrides)
        except InputError as exc:
            if len(grids) == 1 or exc.code == ExitCode.USAGE:
                raise
            problems.append(exc)
            continue
        out.append(SheetTable(grid, layout, extract_table(grid, layout)))
    if not out:
        first_kind = next((p for p in problems if p.code == ExitCode.NO_HEADER), problems[0])
        raise InputError(
            first_kind.code,
            "không trang tính nào có bảng dữ liệu: " + "; ".join(p.vi for p in problems),
            "no sheet holds a table",
            file=str(path),
        )
    if skipped is not None:
        skipped.extend(problems)
    return out


def fix_legacy_encoding(lf: pl.LazyFrame, columns: list[str]) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Text typed in TCVN3 or VNI fonts, converted to Unicode; each distinct value once.

    A column typed in a legacy font is mostly typed in it throughout, so the encoding that its
    plain cases show most is applied to its ambiguous ones too.
    """
    text = [c for c, t in lf.collect_schema().items() if c in columns and t == pl.String]
    if not text:
        return lf, audit.no_events().lazy()
    found = lf.select(
        pl.col(c).filter(pl.col(c).str.contains(SUSPECT_PATTERN)).unique().sort().implode()
        for c in text
    ).collect(engine="streaming")
    fixes, events = [], []
    for column in text:
        suspects = found[column][0].to_list()
        plain = {v: e for v in suspects if (e := legacy_encoding(v))}
        if not plain:
            continue
        usual = Counter(plain.values()).most_common(1)[0][0]
        mapping = {v: fix for v in suspects if (fix := fix_legacy_text(v, plain.get(v, usual)))[1]}
        old = list(mapping)
        new = pl.col(column).replace(old, [mapping[v][0] for v in old])
        why = pl.col(column).replace_strict(old, [mapping[v][1] for v in old], default=None)
        fixes.append((column, new))
        events.append(audit.changes(lf, column, new, "legacy_encoding", why))
    return lf.with_columns(new for _, new in fixes), audit.concat(events)


def start_units(
    lf: pl.LazyFrame,
    roles: dict[str, str],
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    policy: RunPolicy = DEFAULT,
) -> UnitLookup | None:
    """Start resolving the table's distinct addresses (None if it has no address column); the
    other stages run meanwhile, and :func:`add_units` joins the results. ``as_of`` is the date
    the list was made, when it is known."""
    parts = {k: roles.get(k) for k in ("commune", "district", "province", "address")}
    if not any(parts.values()):
        return None
    resolver = ready_resolver() if as_of is None else dated_resolver(as_of)
    used = {role: col for role, col in parts.items() if col is not None}
    return start_resolving(lf, used, progress=progress, resolver=resolver, policy=policy)


def add_units(
    lf: pl.LazyFrame, roles: dict[str, str], lookup: UnitLookup | None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The new units and the new full address (house/street, commune, province) of each row."""
    if lookup is None:
        return lf, audit.no_events().lazy()
    out = lookup.join(lf)
    street = pl.col(roles["street"]) if "street" in roles else pl.col("parsed_street")
    out = out.with_columns(
        pl.when(pl.col("new_commune_name").is_not_null())
        .then(
            pl.concat_str(
                [street.str.strip_chars(), pl.col("new_commune_name"), pl.col("new_province_name")],
                separator=", ",
                ignore_nulls=True,
            )
        )
        .alias("new_address")
    )
    return out, _unit_events(out, roles)


def resolve_units(
    lf: pl.LazyFrame, roles: dict[str, str], progress: Progress | None = None
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """:func:`start_units` and :func:`add_units` in one step."""
    return add_units(lf, roles, start_units(lf, roles, progress))


def _unit_events(lf: pl.LazyFrame, roles: dict[str, str]) -> pl.LazyFrame:
    """One event per row whose address now names a 2025 unit, with the legal basis."""
    parts = ("street", "address", "commune", "district", "province")
    typed = [roles[k] for k in parts if k in roles]
    basis = pl.concat_str(
        [pl.col("legal_resolution"), pl.col("legal_clause")], separator=": ", ignore_nulls=True
    )
    return lf.filter(pl.col("new_address").is_not_null()).select(
        pl.col("__row").cast(pl.Int64).alias("row"),
        pl.lit(roles.get("address") or roles.get("commune")).alias("column"),
        pl.concat_str(
            [pl.col(c).cast(pl.String) for c in typed], separator=", ", ignore_nulls=True
        ).alias("old"),
        pl.col("new_address").alias("new"),
        pl.concat_str([pl.lit("unit:"), pl.col("unit_status")]).alias("rule"),
        # The steps that led here (a ward merged in 2020, a name the official table settled),
        # then the 2025 resolution and clause: the official reads the whole chain.
        pl.concat_str(
            [
                pl.when(pl.col("unit_reason").str.len_chars() > 0).then(pl.col("unit_reason")),
                pl.when(basis.str.len_chars() > 0).then(basis),
            ],
            separator="; ",
            ignore_nulls=True,
        ).alias("reason"),
    )


Materialize = Callable[[pl.LazyFrame], pl.LazyFrame]


def apply_rules(
    lf: pl.LazyFrame,
    roles: dict[str, str],
    today: dt.date | None = None,
    materialize: Materialize | None = None,
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Each field cleaned by its rule, with what the rules found wrong and what they noticed.

    Adds ``__problem_<role>`` (for :mod:`dataclean.validation`), the CCCD's conflicts with the
    gender and year of birth, and the helper columns the other stages and readers use: the
    name without marks, the warnings, the date's precision, the ID's type, the phone's kind.
    ``materialize`` computes the cleaned fields once (in memory, or spilled to disk) so that
    the rows and the change log both read them instead of cleaning twice.
    """
    rules = {role: rule for role, rule in field_rules(today).items() if role in roles}
    lf = base.apply_many(lf, [(rule, roles[role], f"__{role}_") for role, rule in rules.items()])
    clean = {role: pl.col(f"__{role}_clean") for role in rules}
    lf = lf.with_columns(
        *(pl.col(f"__{role}_problem").alias(f"{PROBLEM_PREFIX}{role}") for role in rules),
        *_helpers(clean),
    )
    if materialize is not None:
        # After the helpers, so that validation and the output both read them computed once.
        lf = materialize(lf)
    events = [
        audit.changes(lf, roles[role], clean[role], rule.name, pl.col(f"__{role}_reason"))
        for role, rule in rules.items()
    ]
    lf = lf.with_columns(clean[role].alias(roles[role]) for role in rules).drop(
        f"__{role}_{part}" for role in rules for part in ("clean", "reason", "problem")
    )
    return lf, audit.concat(events)


def _helpers(clean: dict[str, pl.Expr]) -> list[pl.Expr]:
    """The helper columns read from the clean fields (by role)."""
    extra = []
    if "name" in clean:
        extra.append(name.name_key(clean["name"]).alias("name_key"))
        extra.append(
            pl.when(name.no_diacritics(clean["name"]))
            .then(pl.lit("no_diacritics: họ tên không dấu (name typed without marks)"))
            .alias("data_warnings")
        )
    if "dob" in clean:
        extra.append(dob.precision(clean["dob"]).alias("dob_precision"))
    if "id" in clean:
        year = dob.birth_year(clean["dob"]) if "dob" in clean else None
        extra.append(citizen_id.id_type(clean["id"]).alias("id_type"))
        extra.append(
            citizen_id.id_conflicts(clean["id"], clean.get("gender"), year).alias(CONFLICT)
        )
    if "phone" in clean:
        extra.append(phone.phone_kind(clean["phone"]).alias("phone_kind"))
    return extra


def validate_rows(lf: pl.LazyFrame, roles: dict[str, str]) -> pl.LazyFrame:
    """Every row marked valid or invalid, with its failing checks; the problem columns go.

    The schema is run on the rows that can fail it: those a rule or the CCCD cross-check found
    a problem in, and those whose CCCD appears more than once. Every other row passes every
    check, so it is valid without being collected, and a streamed table stays streamed.
    """
    names = lf.collect_schema().names()
    helpers = [c for c in names if c.startswith(PROBLEM_PREFIX) or c == CONFLICT]
    # The ID is the one field whose check spans rows; the others' verdicts are in the helpers.
    fields = [roles["id"]] if "id" in roles else []
    if not helpers:
        return lf
    flagged = pl.any_horizontal(pl.col(h).is_not_null() for h in helpers)
    if "id" in roles:
        # Counted by hash, which is light for millions of IDs: a rare collision only sends a
        # few more rows through the schema's exact uniqueness check.
        key = pl.col(roles["id"]).hash().alias("__id_hash")
        twice = (
            lf.filter(pl.col(roles["id"]).is_not_null())
            .group_by(key)
            .len()
            .filter(pl.col("len") > 1)
            .collect(engine="streaming")
        )
        flagged = flagged | key.is_in(twice["__id_hash"].implode())
    checked = lf.filter(flagged).select("__row", *fields, *helpers).collect(engine="streaming")
    verdict = validate(checked, roles)
    trusted = (
        [
            pl.all_horizontal(
                pl.col(h).is_null() for h in (f"{PROBLEM_PREFIX}id", CONFLICT) if h in names
            ).alias(ID_TRUSTED)
        ]
        if "id" in roles
        else []
    )
    return (
        lf.with_columns(trusted)
        .drop(helpers)
        .join(verdict.lazy(), on="__row", how="left", maintain_order="left")
        .with_columns(pl.col("data_status").fill_null(VALID))
    )


@dataclass(frozen=True)
class StageContext:
    """What the stages know of the table they run over, beside its rows."""

    roles: dict[str, str]  # role -> column
    columns: list[str]  # the table's own columns (``__row`` aside)
    progress: Progress | None = None  # told how many distinct addresses are resolved
    today: dt.date | None = None  # for dates of birth in the future; None: the real today
    spill: Path | None = None  # a scratch folder: the table is streamed, not held
    as_of: dt.date | None = None  # the date the list was made, when it is known
    policy: RunPolicy = DEFAULT


def normalize_frame(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Every stage over a table's rows (``__row`` plus ``ctx.columns``): the rows and the events.

    The cleaned fields are computed once: in memory, or for a streamed table (``ctx.spill``, a
    scratch folder) written to a Parquet file there and read back.
    """
    roles, spill = ctx.roles, ctx.spill
    lf, text_events = fix_legacy_encoding(lf, ctx.columns)

    def materialize(staged: pl.LazyFrame) -> pl.LazyFrame:
        if spill is None:
            return staged.collect().lazy()
        path = spill / "cleaned_fields.parquet"
        staged.sink_parquet(path, row_group_size=50_000)  # read back a group at a time
        return pl.scan_parquet(path)

    # The addresses are resolved in other processes (or a thread) while polars runs the rules
    # and the validation here, so that the two overlap.
    units = start_units(lf, roles, ctx.progress, ctx.as_of, ctx.policy)
    lf, rule_events = apply_rules(lf, roles, ctx.today, materialize)
    lf = validate_rows(lf, roles)
    lf, unit_events = add_units(lf, roles, units)
    return lf, audit.concat([text_events, rule_events, unit_events])


def normalize_table(
    table: SheetTable,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    policy: RunPolicy = DEFAULT,
) -> Normalized:
    """Every stage over one sheet's table, collected."""
    ctx = StageContext(
        table.layout.roles(), table.original_columns, progress, as_of=as_of, policy=policy
    )
    lf, events = normalize_frame(table.table.lazy(), ctx)
    frame, log = pl.collect_all([lf, events])
    return Normalized(frame, log)

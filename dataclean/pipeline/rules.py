"""Stage: the field rules (name, date of birth, gender, ID, phone) and their helper columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from dataclean.pipeline.context import StageContext
from dataclean.rules import base, citizen_id, dob, field_rules, name, phone
from dataclean.schema import audit
from dataclean.validation import CONFLICT, PROBLEM_PREFIX

# Computes a staged frame once: in memory, or spilled to disk for a streamed table.
Materialize = Callable[[pl.LazyFrame], pl.LazyFrame]


# Fields whose values repeat (a few genders, tens of thousands of dates of birth in a commune):
# cleaned once a distinct value and joined, in a table held whole.
REPEATING = ("gender", "dob")


def apply_rules(
    lf: pl.LazyFrame,
    roles: dict[str, str],
    today: dt.date | None = None,
    materialize: Materialize | None = None,
    repeating: tuple[str, ...] = (),
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Each field cleaned by its rule, with what the rules found wrong and what they noticed.

    Adds ``__problem_<role>`` (for :mod:`dataclean.validation`), the CCCD's conflicts with the
    gender and year of birth, and the helper columns the other stages and readers use: the
    name without marks, the warnings, the date's precision, the ID's type, the phone's kind.
    ``materialize`` computes the cleaned fields once (in memory, or spilled to disk) so that
    the rows and the change log both read them instead of cleaning twice.
    """
    rules = {role: rule for role, rule in field_rules(today).items() if role in roles}
    for role in (r for r in repeating if r in rules):
        lf = _on_distinct(lf, rules[role], roles[role], f"__{role}_")
    each_row = {role: rule for role, rule in rules.items() if role not in repeating}
    lf = base.apply_many(lf, [(rule, roles[role], f"__{role}_") for role, rule in each_row.items()])
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


def _on_distinct(lf: pl.LazyFrame, rule: base.FieldRule, column: str, prefix: str) -> pl.LazyFrame:
    """``rule`` over each distinct value of ``column``, joined back to every row."""
    values = base.apply_many(lf.select(pl.col(column)).unique(), [(rule, column, prefix)])
    return lf.join(values, on=column, how="left", nulls_equal=True, maintain_order="left")


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


def stage(lf: pl.LazyFrame, ctx: StageContext) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The field rules, the cleaned fields computed once (see :meth:`StageContext.materialize`)."""
    # A streamed table is read once, row by row: no pass of its own for the distinct values.
    repeating = REPEATING if ctx.spill is None else ()
    return apply_rules(lf, ctx.roles, ctx.today, ctx.materialize, repeating)

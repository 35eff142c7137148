"""Candidate pairs scored by splink, with our blocking keys, levels and weights
(:mod:`dataclean.dedupe.settings`), on DuckDB here or on a Spark cluster
(:mod:`dataclean.dedupe.engines`).

splink blocks and scores every candidate pair inside the engine (DuckDB spills to disk past
``SCORING_MEMORY``): memory here is bounded by the work, not by the number of pairs. Only what
a person reads comes back: the pairs scoring at least the review threshold, each with its
levels and evidence, and each row's best score.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dataclean.dedupe.engines import DuckDBEngine, Engine
from dataclean.dedupe.settings import MAX_BLOCK, Thresholds, blocking_keys, comparisons

_KEY = "__key_"  # prefix of the blocking-key columns


@dataclass
class Scored:
    pairs: pl.DataFrame  # rid_l, rid_r, score, each field's level, evidence (score >= review)
    best: pl.DataFrame  # rid, best_score: each row's best score among its candidate pairs
    candidates: int  # candidate pairs compared
    skipped: dict[str, int]  # per key, rows left out of blocks larger than MAX_BLOCK


def _keyed(people: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """``people`` with one column per blocking key; a key shared by no one else, or by more
    than ``MAX_BLOCK`` rows, is blanked (those rows are counted)."""
    keyed, skipped = people, {}
    for name, key in blocking_keys().items():  # one at a time: each needs its own counts
        column = _KEY + name
        keyed = keyed.with_columns(key.alias(column))
        sharing = pl.len().over(column)
        skipped[name] = int(
            keyed.select(((sharing > MAX_BLOCK) & pl.col(column).is_not_null()).sum()).item()
        )
        keyed = keyed.with_columns(
            pl.when((sharing > 1) & (sharing <= MAX_BLOCK)).then(pl.col(column)).alias(column)
        )
    return keyed, skipped


def _settings() -> dict:
    from splink import block_on

    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "rid",
        # A prior of one half adds nothing: a pair's match weight is the sum of its levels'.
        "probability_two_random_records_match": 0.5,
        "comparisons": [c.splink() for c in comparisons()],
        "blocking_rules_to_generate_predictions": [block_on(_KEY + k) for k in blocking_keys()],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def score_pairs(
    people: pl.DataFrame, thresholds: Thresholds, engine: Engine | None = None
) -> Scored:
    """Every candidate pair of ``people`` scored (on ``engine``, DuckDB here by default); the
    pairs from the review threshold up kept with their levels and evidence."""
    from splink import Linker

    keyed, skipped = _keyed(people)
    if not keyed.select(pl.any_horizontal(pl.col(f"^{_KEY}.*$").is_not_null()).any()).item():
        return _nothing_shared(skipped)  # no two rows share a key: no pair to score
    with engine or DuckDBEngine() as db:
        db.register("people", keyed)
        # The settings are fixed data, validated by a test: not again on every run.
        linker = Linker(
            db.splink_api().register("people"),
            _settings(),
            log_level="WARNING",
            validate_settings=False,
        )
        predicted = linker.inference.predict(warning_mode="never").physical_name
        # Weights are multiples of a half: rounding undoes the float sums' last bits.
        score = "round(match_weight, 6)"
        candidates = db.query(f"SELECT count(*) AS n FROM {predicted}").item()
        best = db.query(
            f"SELECT rid, max(score) AS best_score FROM ("
            f"SELECT rid_l AS rid, {score} AS score FROM {predicted} UNION ALL "
            f"SELECT rid_r AS rid, {score} AS score FROM {predicted}) AS sides GROUP BY rid"
        )
        # The levels of the kept pairs, named by the same conditions that scored them.
        pairs = db.query(
            f"SELECT p.rid_l, p.rid_r, {score} AS score, "
            + ", ".join(c.level() for c in comparisons())
            + f" FROM {predicted} p"
            + "".join(_side(people.columns, side) for side in ("l", "r"))
            + f" WHERE {score} >= {thresholds.review}"
        )
    return Scored(_explained(pairs), best.cast({"rid": pl.Int64}), int(candidates), skipped)


def _nothing_shared(skipped: dict[str, int]) -> Scored:
    levels = {c.field: pl.String for c in comparisons()}
    schema = {"rid_l": pl.Int64, "rid_r": pl.Int64, "score": pl.Float64, **levels}
    pairs = _explained(pl.DataFrame(schema=schema))
    best = pl.DataFrame(schema={"rid": pl.Int64, "best_score": pl.Float64})
    return Scored(pairs, best, 0, skipped)


def _side(columns: list[str], side: str) -> str:
    """A join of each pair's ``side`` record, its columns named as the levels read them."""
    named = ", ".join(f"{c} AS {c}_{side}" for c in columns)
    return f" JOIN (SELECT {named} FROM people) {side} ON {side}.rid_{side} = p.rid_{side}"


def _explained(pairs: pl.DataFrame) -> pl.DataFrame:
    """The pairs in order, with the evidence of their levels in words."""
    fields = comparisons()
    words = [
        pl.col(c.field).replace_strict(
            [lv.name for lv in c.levels],
            [lv.explained for lv in c.levels],
            default=None,
            return_dtype=pl.String,
        )
        for c in fields
    ]
    return pairs.with_columns(
        pl.concat_str(words, separator="; ", ignore_nulls=True).alias("evidence")
    ).sort("rid_l", "rid_r")

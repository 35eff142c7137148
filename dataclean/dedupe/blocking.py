"""Candidate pairs: only rows that share a blocking key are compared, never all pairs."""

from __future__ import annotations

import polars as pl

# A key shared by more rows than this says little about who is who (a very common given name
# in one year); such blocks are left out and counted.
MAX_BLOCK = 3000


def blocking_keys() -> dict[str, pl.Expr]:
    """The keys: the name without marks with the year of birth, or with the commune; surname,
    given name and year (for a middle name left out); CCCD; CMND; phone.

    The name alone is no key: in a million rows "nguyen thi hoa" is thousands of people, and
    comparing each with each is tens of millions of pairs for nothing.
    """
    given = pl.col("name_ascii").str.extract(r"(\S+)$")
    surname = pl.col("name_ascii").str.extract(r"^(\S+)")
    year = pl.col("dob_year").cast(pl.String)
    return {
        "name_year": pl.concat_str([pl.col("name_ascii"), year], separator="|"),
        "name_unit": pl.concat_str([pl.col("name_ascii"), pl.col("unit")], separator="|"),
        "given_year": pl.concat_str([surname, given, year], separator="|"),
        "cccd": pl.col("cccd"),
        "cmnd": pl.col("cmnd"),
        "phone": pl.col("phone"),
    }


def candidate_pairs(people: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """Pairs (rid_l < rid_r) sharing any key, and how many rows sat in blocks left out."""
    pairs, skipped = [], {}
    for name, key in blocking_keys().items():
        keyed = people.select("rid", key.alias("key")).drop_nulls("key")
        sizes = keyed.group_by("key").len()
        too_big = sizes.filter(pl.col("len") > MAX_BLOCK)
        skipped[name] = int(too_big["len"].sum())
        keyed = keyed.join(
            sizes.filter((pl.col("len") > 1) & (pl.col("len") <= MAX_BLOCK)).select("key"),
            on="key",
        )
        joined = keyed.join(keyed, on="key", suffix="_r").filter(pl.col("rid") < pl.col("rid_r"))
        pairs.append(joined.select(pl.col("rid").alias("rid_l"), "rid_r"))
    out = (
        pl.concat(pairs).unique()
        if pairs
        else pl.DataFrame(schema={"rid_l": pl.Int64, "rid_r": pl.Int64})
    )
    return out.sort("rid_l", "rid_r"), skipped

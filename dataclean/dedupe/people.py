"""The columns record linkage reads, in one shape whatever the file's headers were."""

from __future__ import annotations

import polars as pl

from dataclean.schema.columns import ID_TRUSTED

PEOPLE_SCHEMA = pl.Schema(
    {
        "rid": pl.Int64,  # position in the frame being deduplicated
        "name": pl.String,
        "name_ascii": pl.String,
        "dob": pl.String,  # dd/mm/yyyy or yyyy
        "dob_year": pl.Int64,
        "gender": pl.String,
        "cccd": pl.String,
        "cmnd": pl.String,
        "phone": pl.String,
        "unit": pl.String,  # the new commune code, else the old one
        "province": pl.String,  # the new province code ("?" when the address is unresolved)
        # Features the comparisons read, computed once a person rather than once a pair: a
        # million people make millions of pairs.
        "name_lower": pl.String,
        "name_first": pl.String,  # the surname, without marks
        "name_last": pl.String,  # the given name, without marks
        "name_words": pl.UInt32,
        "name_marked": pl.Boolean,  # typed with its marks
        "dob_day": pl.Boolean,  # a whole date, not a year only
    }
)


def people_frame(cleaned: pl.DataFrame, roles: dict[str, str]) -> pl.DataFrame:
    """The linkage columns of a cleaned table (after the field rules and the resolver)."""

    def col(role: str) -> pl.Expr:
        return pl.col(roles[role]) if role in roles else pl.lit(None, dtype=pl.String)

    def helper(name: str) -> pl.Expr:
        return pl.col(name) if name in cleaned.columns else pl.lit(None, dtype=pl.String)

    name = col("name")
    dob = col("dob")
    # A CCCD that contradicts itself or its own row (province code, century digit, gender,
    # year of birth) is not evidence; validation says which are (see ID_TRUSTED).
    trusted = (
        pl.col(ID_TRUSTED).fill_null(False) if ID_TRUSTED in cleaned.columns else pl.lit(False)
    )
    valid_dob = helper("dob_precision").is_not_null()
    unit = pl.coalesce(helper("new_commune_code"), helper("old_commune_code"))
    return (
        cleaned.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("rid"),
            name.alias("name"),
            helper("name_key").alias("name_ascii"),
            pl.when(valid_dob).then(dob).alias("dob"),
            pl.when(valid_dob).then(dob.str.extract(r"(\d{4})$").cast(pl.Int64)).alias("dob_year"),
            pl.when(col("gender").is_in(["Nam", "Nữ"])).then(col("gender")).alias("gender"),
            pl.when((helper("id_type") == "CCCD") & trusted).then(col("id")).alias("cccd"),
            pl.when(helper("id_type") == "CMND").then(col("id")).alias("cmnd"),
            pl.when(helper("phone_kind").is_not_null()).then(col("phone")).alias("phone"),
            unit.alias("unit"),
            helper("new_province_code").fill_null("?").alias("province"),
        )
        .with_columns(
            pl.col("name").str.to_lowercase().alias("name_lower"),
            pl.col("name_ascii").str.extract(r"^(\S+)").alias("name_first"),
            pl.col("name_ascii").str.extract(r"(\S+)$").alias("name_last"),
            pl.col("name_ascii").str.count_matches(" ").alias("name_words"),
            pl.col("name").str.contains(r"[^\x00-\x7f]").alias("name_marked"),
            (pl.col("dob").str.len_chars() == 10).alias("dob_day"),
        )
        .cast(PEOPLE_SCHEMA)
    )

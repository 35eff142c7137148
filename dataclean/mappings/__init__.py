"""The shipped reference data (see PROVENANCE.md) and its loaders.

Every loader reads its CSV once per process with every column as text, so codes keep their
leading zeros.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

_HERE = files(__name__)

TABLES = (
    "provinces_2025",
    "units_2025",
    "units_legacy",
    "crosswalk_a",
    "crosswalk_b",
    "crosswalk_nso",
    "history_units",
    "history_successors",
    "names_surnames",
    "names_middle_names",
    "names_given_names",
    "names_name_lengths",
)


def path_of(table: str):
    """Path of a shipped table, for tests and generators."""
    if table not in TABLES:
        raise KeyError(f"unknown reference table {table!r}")
    return _HERE / f"{table}.csv"


@cache
def _load(table: str) -> pl.DataFrame:
    import polars as pl  # here: a resolver read back from its cache needs no table

    return pl.read_csv(path_of(table).read_bytes(), infer_schema=False)


def provinces_2025() -> pl.DataFrame:
    """The 34 provinces from 1 July 2025: province_code, province_name."""
    return _load("provinces_2025")


def units_2025() -> pl.DataFrame:
    """The 3,321 communes from 1 July 2025 with their province."""
    return _load("units_2025")


def units_legacy() -> pl.DataFrame:
    """Provinces, districts and communes before 1 July 2025 (GSO codes)."""
    return _load("units_legacy")


def crosswalk_a() -> pl.DataFrame:
    """Old commune -> new commune from the resolutions, with the deciding clause."""
    return _load("crosswalk_a")


def crosswalk_b() -> pl.DataFrame:
    """Old commune -> new commune from the vietnamadminunits package."""
    import polars as pl

    return _load("crosswalk_b").with_columns(pl.col("divided") == "1", pl.col("is_default") == "1")


def crosswalk_nso() -> pl.DataFrame:
    """Old commune -> new commune from the statistics office's official transition table, with
    the office's note per link ("Nhập toàn bộ", "Nhập một phần diện tích, toàn bộ dân số")."""
    return _load("crosswalk_nso")


def history_units() -> pl.DataFrame:
    """Versions of communes and districts listed between 2018-10-16 and 2025-03-01 that the
    list of 30 June 2025 no longer has as they were (removed, renamed, retyped or moved)."""
    return _load("history_units")


def history_successors() -> pl.DataFrame:
    """For each commune removed for good since 2019: the units it went to, with a certainty."""
    return _load("history_successors")


def name_parts(part: str) -> pl.DataFrame:
    """Frequency of a name part (surnames, middle_names, given_names) or of name lengths."""
    import polars as pl

    return _load(f"names_{part}").with_columns(pl.all().exclude("name").cast(pl.Int64))

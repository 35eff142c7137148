"""The vocabulary in schema/ is what the stages really produce."""

from pathlib import Path

from dataclean.dedupe.report import deduplicate
from dataclean.pipeline import normalize_table, with_other_rows
from dataclean.reading.tables import read_tables
from dataclean.schema.columns import ADDED, ADDED_COLUMNS

ROOT = Path(__file__).resolve().parents[1]


def test_every_added_column_has_the_type_the_registry_gives(forms):
    # The sample has no hamlet rows; the voter list has them, and no CCCD; the household
    # register has a birthplace, a hometown and a current address.
    frames = []
    for path in (
        ROOT / "sample_data" / "xa_mau.xlsx",
        forms["xa_cu_tri"][0],
        forms["so_ho_khau"][0],
    ):
        (table,) = read_tables(path)
        cleaned = normalize_table(table)
        marked = deduplicate(cleaned.frame, table.layout.roles()).marked
        frames.append(with_other_rows(marked, cleaned.others))
    present = {c.key for c in ADDED if any(c.key in f.columns for f in frames)}
    # merged_rows is in the one-row-per-resident copy
    assert present == set(ADDED_COLUMNS) - {"merged_rows"}
    for column in ADDED:
        for frame in frames:
            if column.key in frame.columns:
                assert frame.schema[column.key] == column.dtype, column.key


def test_headers_are_unique_and_every_column_has_words_in_both_languages():
    assert len(set(ADDED_COLUMNS.values())) == len(ADDED)
    assert all(c.vi and c.en and c.vi != c.en for c in ADDED)

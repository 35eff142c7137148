"""The vocabulary in schema/ is what the stages really produce."""

from pathlib import Path

from dataclean.dedupe.report import deduplicate
from dataclean.pipeline import normalize_table
from dataclean.reading.tables import read_tables
from dataclean.schema.columns import ADDED, ADDED_COLUMNS

ROOT = Path(__file__).resolve().parents[1]


def test_every_added_column_has_the_type_the_registry_gives():
    (table,) = read_tables(ROOT / "sample_data" / "xa_mau.xlsx")
    cleaned = normalize_table(table)
    frame = deduplicate(cleaned.frame, table.layout.roles()).marked
    present = [c for c in ADDED if c.key in frame.columns]
    assert len(present) >= len(ADDED) - 1  # merged_rows is in the one-row-per-resident copy
    for column in present:
        assert frame.schema[column.key] == column.dtype, column.key


def test_headers_are_unique_and_every_column_has_words_in_both_languages():
    assert len(set(ADDED_COLUMNS.values())) == len(ADDED)
    assert all(c.vi and c.en and c.vi != c.en for c in ADDED)

"""The resolver's bars, measured end to end (reader, layout, resolver) on generated forms."""

from pathlib import Path

import polars as pl
import pytest
from accuracy import load_truth, score, summary

from dataclean.pipeline import resolve_units
from dataclean.reading.tables import read_tables


@pytest.fixture(scope="module", params=["columns_form", "address_form", "commune_form"])
def scored(request):
    data, truth = request.getfixturevalue(request.param)
    (table,) = read_tables(data)
    lf, _ = resolve_units(table.table.lazy(), table.layout.roles())
    resolved = lf.collect()
    assert resolved.height == table.table.height
    result = score(resolved, load_truth(truth))
    with pl.Config(tbl_rows=20):
        print(f"\n{request.param}:\n{summary(result)}")
    return result


def test_every_row_comes_back(scored):
    assert scored["unit_status"].null_count() == 0


def test_whole_communes_remapped_correctly(scored):
    whole = scored.filter(pl.col("kind") == "whole")
    assert whole.height > 3000
    assert whole["correct"].mean() >= 0.995


def test_blank_district_rows_remapped_correctly(scored):
    blank = scored.filter((pl.col("kind") == "whole") & (pl.col("form") == "blank_district"))
    assert blank.height > 100
    assert blank["correct"].mean() >= 0.995


def test_no_row_is_silently_wrong(scored):
    wrong = scored.filter(pl.col("silently_wrong"))
    assert wrong.height == 0, wrong.head(5)


def test_split_communes_all_split_with_complete_candidates(scored):
    split = scored.filter(pl.col("kind") == "split")
    assert split.height > 100
    assert split["correct"].all(), split.filter(~pl.col("correct")).head(5)


def test_disputed_islands_new_and_ambiguous(scored):
    for kind in ("disputed", "island", "new", "ambiguous"):
        rows = scored.filter(pl.col("kind") == kind)
        assert rows.height > 0, kind
        assert rows["correct"].mean() >= 0.95, kind


def test_every_input_form_is_covered(scored, generator):
    forms = set(scored["form"].unique())
    assert set(generator.FORMS) <= forms | {"province_alias"}


def test_a_commune_file_holds_one_new_communes_residents(commune_form):
    truth = load_truth(commune_form[1])
    whole = truth.filter(pl.col("kind") == "whole")
    assert whole["expect_code"].n_unique() == 1
    assert whole["old_code"].n_unique() >= 2  # several old communes went into it


@pytest.mark.parametrize("name", ["xa_mau", "phuong_mau_diachi"])
def test_bundled_samples_agree_with_their_truth(name):
    """The bundled samples' truth follows the same tables as the resolver (regenerate them with
    `sample_data/generate.py` when a table changes)."""
    root = Path(__file__).resolve().parents[1] / "sample_data"
    (table,) = read_tables(root / f"{name}.xlsx")
    lf, _ = resolve_units(table.table.lazy(), table.layout.roles())
    result = score(lf.collect(), load_truth(root / f"{name}_truth.csv"))
    assert result["correct"].all(), result.filter(~pl.col("correct")).head(5)

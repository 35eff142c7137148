"""The field rules on a generated commune form, scored against what the generator planted."""

from pathlib import Path

import polars as pl
import pytest
from unidecode import unidecode

from dataclean.pipeline import normalize_table
from dataclean.reading.tables import read_tables
from dataclean.vietnamese import tone_key


@pytest.fixture(scope="module")
def scored(columns_form):
    data, truth = columns_form
    (table,) = read_tables(data)
    result = normalize_table(table)
    roles = table.layout.roles()
    out = result.frame.select(
        pl.col("__row").alias("sheet_row"),
        *(pl.col(roles[r]).alias(r) for r in ("name", "dob", "gender", "id", "phone")),
        "data_status",
        "data_problems",
        "dob_precision",
    )
    expected = pl.read_csv(truth, infer_schema=False).with_columns(
        pl.col("sheet_row").cast(pl.Int64)
    )
    return out.join(expected, on="sheet_row", how="left"), result.events


def test_every_row_is_scored(scored):
    frame, _ = scored
    assert frame.height == 4000 and frame["kind"].null_count() == 0


def test_ids_restored_and_stripped(scored):
    frame, _ = scored
    assert (frame["id"] == frame["expect_id"]).all()
    assert frame["id"].str.len_chars().is_in([9, 12]).all()


def test_phones_renumbered_and_cleaned(scored):
    frame, _ = scored
    assert (frame["phone"] == frame["expect_phone"]).all()


def test_dates_read_day_first_and_years_stay_years(scored):
    frame, _ = scored
    born = pl.col("true_born").str.to_date()
    full = frame.filter(pl.col("dob_precision") == "day")
    year = frame.filter(pl.col("dob_precision") == "year")
    assert full.height > 3000 and year.height > 300
    assert (full["dob"] == full.select(born.dt.strftime("%d/%m/%Y")).to_series()).all()
    assert (year["dob"] == year.select(born.dt.year().cast(pl.String)).to_series()).all()


def test_gender_words_mapped(scored):
    frame, _ = scored
    expected = frame.select(
        pl.when(pl.col("true_female") == "1").then(pl.lit("Nữ")).otherwise(pl.lit("Nam"))
    ).to_series()
    assert (frame["gender"] == expected).all()


def test_names_title_cased_never_given_marks(scored):
    frame, _ = scored
    for name, true in frame.select("name", "true_name").iter_rows():
        parts = true.split()
        typed = {true, f"{parts[0]} {parts[-1]}"}  # a second listing may leave out the middle
        if name.isascii():  # typed without marks: stays without marks
            assert name in {unidecode(t) for t in typed}
        else:
            assert tone_key(name) in {tone_key(t) for t in typed} and name.istitle(), (name, true)


def test_invalid_exactly_where_planted(scored):
    frame, _ = scored
    # a resident listed twice with the CCCD written both times is flagged too
    twice = frame.select(pl.col("expect_id").is_duplicated() & pl.col("expect_id").is_not_null())
    planted = (frame["expect_invalid"].fill_null("") != "") | twice.to_series()
    invalid = frame["data_status"] == "invalid"
    assert planted.sum() > 40
    assert (planted == invalid).all(), frame.filter(planted != invalid).head(5)
    gender = frame.filter(pl.col("expect_invalid") == "id_gender")
    assert gender["data_problems"].str.contains(r"Giới tính trong CCCD \((Nam|Nữ)\) khác").all()
    phones = frame.filter(pl.col("expect_invalid") == "phone")
    assert phones["data_problems"].str.contains("điện thoại").all()
    repeated = frame.filter(twice.to_series())
    assert repeated.height > 50
    assert repeated["data_problems"].str.contains(r"Số CCCD \d{12} có ở các dòng \d+, \d+").all()


def test_every_change_is_logged(scored):
    _frame, events = scored
    by_rule = dict(events.group_by("rule").len().iter_rows())
    for rule in ("name", "dob", "gender", "citizen_id", "phone"):
        assert by_rule.get(rule, 0) > 100, rule
    assert (
        events.filter(pl.col("rule").is_in(["dob", "phone", "citizen_id"]))["reason"].null_count()
        == 0
    )


def test_the_change_log_holds_only_real_changes(tmp_path):
    from dataclean.jobs.normalize import normalize_file

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "xa_mau.xlsx"
    (result,) = normalize_file(sample, tmp_path)
    log = pl.read_excel(result.target, sheet_name="Thay đổi", infer_schema_length=0)
    assert log.height > 1000
    assert log.filter(pl.col("Giá trị cũ").eq_missing(pl.col("Giá trị mới"))).height == 0
    rows = pl.read_excel(result.target, infer_schema_length=0)
    assert (rows["Trạng thái"] == "already_new").sum() > 0  # such rows exist, unlogged

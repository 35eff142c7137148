"""Duplicate residents: pairs, scores, clusters and survivors, on hand-made and generated rows."""

from pathlib import Path

import polars as pl
import pytest
from dedupe_scoring import pairwise, person_ids

from dataclean.dedupe import Thresholds, find_duplicates
from dataclean.pipeline import normalize_table
from dataclean.reading.tables import read_tables

ROLES = {"name": "Họ tên", "dob": "Ngày sinh", "gender": "Giới tính", "id": "CCCD", "phone": "SĐT"}


def _cleaned(rows: list[tuple]) -> pl.DataFrame:
    """Rows of (name, dob, gender, id, phone) through the field rules, as normalize runs them."""
    from dataclean.pipeline import apply_rules, validate_rows

    frame = pl.DataFrame(rows, schema=list(ROLES.values()), orient="row").with_columns(
        pl.int_range(2, len(rows) + 2, dtype=pl.Int64).alias("__row")
    )
    lf, _ = apply_rules(frame.lazy(), ROLES, materialize=lambda s: s.collect().lazy())
    return validate_rows(lf, ROLES).collect()


def _clusters(rows: list[tuple], **kw) -> list[int]:
    return find_duplicates(_cleaned(rows), ROLES, **kw).rows["cluster_id"].to_list()


def test_same_person_typed_two_ways_is_one_cluster():
    rows = [
        ("Nguyễn Văn An", "01/02/1990", "Nam", "001090012345", "0912345678"),
        ("NGUYEN VAN AN", "1990", "nam", "1090012345", None),  # no marks, year only, zeros lost
    ]
    assert _clusters(rows) == [0, 0]


def test_middle_name_left_out_with_the_same_cccd():
    rows = [
        ("Nguyễn Văn An", "01/02/1990", "Nam", "001090012345", None),
        ("Nguyễn An", "01/02/1990", "Nam", "001090012345", None),
    ]
    result = find_duplicates(_cleaned(rows), ROLES)
    assert result.rows["cluster_id"].to_list() == [0, 0]
    assert "thiếu tên đệm" in result.merged["evidence"][0]


def test_same_name_different_cccd_are_two_people():
    rows = [
        ("Nguyễn Thị Hoa", "05/05/1985", "Nữ", "001185012345", "0912345678"),
        ("Nguyễn Thị Hoa", "05/05/1985", "Nữ", "001185099999", "0912345678"),
    ]
    result = find_duplicates(_cleaned(rows), ROLES)
    assert result.rows["cluster_id"].to_list() == [0, 1]
    assert result.candidate_pairs == 1
    assert result.pairs.is_empty()  # neither merged nor sent to a person
    # name 8, dob 8, gender 0.5, phone 8 and the other CCCD's -25 (no unit given)
    assert result.rows["best_score"].to_list() == [-0.5, -0.5]


def test_a_common_name_alone_never_merges():
    rows = [("Nguyễn Thị Hoa", "1985", "Nữ", None, None) for _ in range(4)]
    result = find_duplicates(_cleaned(rows), ROLES)
    assert result.rows["cluster_id"].to_list() == [0, 1, 2, 3]
    assert result.pairs.height == 6
    assert (result.pairs["decision"] == "review").all()  # a person looks, nobody merges


def test_thresholds_decide_merge_and_review():
    rows = [
        ("Lê Văn Bình", "1970", "Nam", None, None),
        ("Lê Bình", "1970", "Nam", None, None),
    ]
    assert _clusters(rows) == [0, 1]
    result = find_duplicates(_cleaned(rows), ROLES)
    assert result.review.height == 1 and result.merged.height == 0
    assert _clusters(rows, thresholds=Thresholds(merge=8.0, review=4.0)) == [0, 0]


def test_survivor_is_the_most_complete_with_gaps_filled():
    rows = [
        ("TRAN THI MAI", "12/12/1988", None, "001188011111", None),
        ("Trần Thị Mai", "1988", "Nữ", "001188011111", "0987654321"),
        ("Trần Thị Mai", "12/12/1988", "Nữ", "1188011111", None),
    ]
    result = find_duplicates(_cleaned(rows), ROLES)
    assert result.rows["cluster_id"].to_list() == [0, 0, 0]
    (kept,) = result.kept.rows(named=True)
    assert kept["survivor"] == 1  # name, gender, CCCD and phone: the most complete, first
    assert kept["dob"] == "12/12/1988" and kept["dob_from"] == 2  # the full date, from a twin
    assert kept["name"] == "Trần Thị Mai" and kept["phone"] == "0987654321"
    assert sorted(kept["members"]) == [0, 1, 2]


def test_a_chain_never_joins_two_cccds():
    rows = [
        ("Phạm Văn Long", "03/03/1960", "Nam", "001060000001", "0901111111"),
        ("Phạm Văn Long", "03/03/1960", "Nam", None, "0901111111"),
        ("Phạm Văn Long", "03/03/1960", "Nam", "001060000002", "0902222222"),
    ]
    clusters = _clusters(rows)
    assert clusters[0] != clusters[2]


@pytest.fixture(scope="module", params=["columns_form", "address_form"])
def generated(request):
    data, truth = request.getfixturevalue(request.param)
    (table,) = read_tables(data)
    result = normalize_table(table)
    found = find_duplicates(result.frame, table.layout.roles())
    scores = pairwise(
        found.rows["cluster_id"].to_list(), person_ids(truth, result.frame["__row"].to_list())
    )
    print(f"\n{request.param}: {scores}, candidate pairs {found.candidate_pairs}")
    return scores, found


def test_pairwise_precision_and_recall_on_generated_forms(generated):
    scores, _ = generated
    assert scores["true_pairs"] > 150
    assert scores["precision"] >= 0.995
    assert scores["recall"] >= 0.98


def test_every_pair_explains_itself(generated):
    _, found = generated
    listed = found.pairs.filter(pl.col("decision") != "distinct")
    assert listed.height > 100 and listed["evidence"].null_count() == 0
    assert found.candidate_pairs < 4000 * 10  # blocking, not all 8 million pairs


def test_normalize_marks_duplicates_and_writes_one_row_per_resident(columns_form, tmp_path):
    import openpyxl
    from typer.testing import CliRunner

    from dataclean.cli import app

    data, truth = columns_form
    result = CliRunner().invoke(app, ["normalize", str(data), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / f"{data.stem}_clean.xlsx", read_only=True)
    assert book.sheetnames == ["Dữ liệu sạch", "Thay đổi", "Gộp trùng", "Xem xét trùng"]
    rows = list(book["Dữ liệu sạch"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 4000  # nothing deleted from the cleaned file
    status = [r[header.index("Trùng lặp")] for r in body]
    merged = [s for s in status if s and s.startswith("gộp vào dòng")]
    review = list(book["Xem xét trùng"].iter_rows(values_only=True))
    assert review[0][-1] == "Quyết định (giữ/gộp)"
    kept = list(
        openpyxl.load_workbook(
            tmp_path / f"{data.stem}_dedup.xlsx", read_only=True
        ).active.iter_rows(values_only=True)
    )
    assert len(kept) - 1 == 4000 - len(merged)  # every merge listed, none lost
    people = pl.read_csv(truth)["person_id"].n_unique()
    assert abs((len(kept) - 1) - people) <= 10
    # The list for use: the file's own columns, the new address and how it was merged; the
    # audit columns stay in the cleaned file, one "Dòng gốc" away.
    original = header[1 : header.index("Trạng thái")]
    assert kept[0] == ("Dòng gốc", *original, "Trạng thái", "Địa chỉ mới", "Xã/Phường mới",
                       "Mã xã mới", "Tỉnh/TP mới", "Mã tỉnh mới", "Kiểm tra dữ liệu",
                       "Gộp từ các dòng")  # fmt: skip
    cleaned_by_row = {r[0]: r for r in body}
    for row in kept[1:200]:
        same = cleaned_by_row[row[0]]
        assert row[kept[0].index("Mã xã mới")] == same[header.index("Mã xã mới")]


def test_dedupe_across_two_files(generator, tmp_path):
    from typer.testing import CliRunner
    from unidecode import unidecode

    from dataclean.cli import app

    first, truth = generator.generate(tmp_path / "xa_a.xlsx", rows=300, seed=21)
    # A neighbouring commune's list names 30 of the same residents, typed its own way.
    people = (
        pl.read_csv(truth, infer_schema=False)
        .filter(  # residents whose CCCD the first file gives right
            (pl.col("expect_id") == pl.col("true_cccd")) & pl.col("expect_invalid").is_null()
        )
        .head(30)
    )
    lines = ["Họ và tên,Ngày sinh,Giới tính,Số CCCD"]
    for name, born, female, cccd in people.select(
        "true_name", "true_born", "true_female", "true_cccd"
    ).iter_rows():
        lines.append(f"{unidecode(name).upper()},{born[:4]},{'F' if female == '1' else 'M'},"
                     f"{int(cccd)}")  # fmt: skip
    second = tmp_path / "xa_b.csv"
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["dedupe", str(first), str(second), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = pl.read_excel(tmp_path / "dedupe_xa_a.xlsx", sheet_name="Các dòng")
    assert rows.height == 330
    from_b = rows.filter(pl.col("Tệp:dòng").str.starts_with("xa_b.csv:"))
    kept_in_a = from_b["Nhóm trùng (dòng giữ lại)"].str.starts_with("xa_a.xlsx")
    assert kept_in_a.sum() == 30  # each found as the same resident as a row of the first file
    merges = pl.read_excel(tmp_path / "dedupe_xa_a.xlsx", sheet_name="Gộp trùng")
    assert merges["Bằng chứng"].str.contains("cùng số CCCD/CMND").sum() >= 30
    # Every column of the first file is kept (its address too), beside the new address.
    groups = ("Địa chỉ thường trú - ", "Nơi thường trú - ", "Địa chỉ - ")  # the generator's
    address = [c for c in rows.columns if c.startswith(groups)]
    assert address and "Địa chỉ mới" in rows.columns
    assert rows.filter(pl.col("Tệp:dòng").str.starts_with("xa_a"))[address[0]].null_count() < 300


def test_dedupe_bad_thresholds(tmp_path, columns_form):
    from typer.testing import CliRunner

    from dataclean.cli import app

    result = CliRunner().invoke(
        app, ["dedupe", str(columns_form[0]), "--merge-threshold", "5", "--review-threshold", "9"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("cccd", "trusted"),
    [("001190012345", True), ("001090012345", False)],  # 4th digit: 1 a woman, 0 a man
)
def test_a_cccd_that_contradicts_its_own_row_is_no_evidence(cccd, trusted):
    rows = [
        ("Trần Thị Lan", "01/02/1990", "Nữ", cccd, None),
        ("Trần Thị Lan", "01/02/1990", "Nữ", cccd, None),
    ]
    cleaned = _cleaned(rows)
    result = find_duplicates(cleaned, ROLES)
    evidence = " ".join(result.pairs["evidence"].to_list())
    assert ("CCCD" in evidence) is trusted, evidence


def test_a_cccd_shared_only_by_rows_merged_as_one_person_is_no_error(tmp_path):
    from typer.testing import CliRunner

    from dataclean.cli import app

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "xa_mau.xlsx"
    result = CliRunner().invoke(app, ["normalize", str(sample), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = pl.read_excel(tmp_path / "xa_mau_clean.xlsx", infer_schema_length=0)
    shared = rows.filter(pl.col("Số CCCD/CMND").is_not_null()).group_by("Số CCCD/CMND").agg(
        pl.len(), pl.col("Nhóm trùng (dòng giữ lại)").n_unique().alias("groups"),
        pl.col("Nhóm trùng (dòng giữ lại)").null_count().alias("alone"),
        (pl.col("Lỗi dữ liệu").str.contains("có ở các dòng").fill_null(False)).any().alias("said"),
    ).filter(pl.col("len") > 1)  # fmt: skip
    one_person = shared.filter((pl.col("groups") == 1) & (pl.col("alone") == 0))
    assert one_person.height >= 20  # the sample has such people: the check can fail
    assert not one_person["said"].any()  # ... and none of them is an error
    apart = shared.filter((pl.col("groups") > 1) | (pl.col("alone") > 0))
    assert apart["said"].all()  # a CCCD two different people carry still is


def test_our_settings_are_valid_splink_settings(caplog):
    """Runs skip splink's check of the settings; here it runs once, on the columns scoring
    gives splink, and finds nothing to say (a missing column or a bad level is a warning)."""
    from splink import DuckDBAPI, Linker

    from dataclean.dedupe.people import PEOPLE_SCHEMA
    from dataclean.dedupe.scoring import _keyed, _settings

    people, _ = _keyed(pl.DataFrame(schema=PEOPLE_SCHEMA))
    db = DuckDBAPI()
    with caplog.at_level("WARNING", logger="splink"):
        Linker(db.register(people.to_arrow()), _settings(), validate_settings=True)
    assert not [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]


def test_names_are_compared_within_a_province_numbers_across_all():
    rows = [
        ("Trần Văn Bình", "03/04/1990", "Nam", "001090012345", None),  # moved: same CCCD
        ("Trần Văn Bình", "03/04/1990", "Nam", "001090012345", None),
        ("Lê Thị Mai", "07/08/1985", "Nữ", None, None),  # namesakes, provinces apart
        ("Lê Thị Mai", "07/08/1985", "Nữ", None, None),
        ("Lê Thị Mai", "07/08/1985", "Nữ", None, None),  # and one in the first's province
    ]
    cleaned = _cleaned(rows).with_columns(
        pl.Series("new_province_code", ["01", "79", "01", "79", "01"])
    )
    result = find_duplicates(cleaned, ROLES)
    compared = {(a, b) for a, b in result.pairs.select("rid_l", "rid_r").iter_rows()}
    assert (0, 1) in compared  # the CCCD is a key across provinces
    assert result.rows["cluster_id"][0] == result.rows["cluster_id"][1]
    assert result.candidate_pairs == 2  # Hà Nội's two Lê Thị Mai, and the CCCD; not 79's
    assert result.rows["best_score"][3] is None  # the one in province 79 met no one


@pytest.fixture(scope="module")
def cleaned_form(columns_form):
    data, _ = columns_form
    (table,) = read_tables(data)
    return normalize_table(table).frame, table.layout.roles()


def test_pairs_past_duckdbs_memory_and_spill_are_told_not_crashed(cleaned_form, monkeypatch):
    from dataclean.dedupe import engines
    from dataclean.schema.errors import ExitCode, InputError

    cleaned, roles = cleaned_form
    tight = engines.DuckDBEngine(memory="4MB", spill="1MB")
    with pytest.raises(InputError) as told:
        find_duplicates(cleaned, roles, engine=tight)
    assert told.value.code == ExitCode.INPUT_TOO_LARGE and "--cluster" in told.value.vi
    # the same, with the disk of the spill folder nearly full: said to be the disk
    full = type("Usage", (), {"free": 100 << 20})
    monkeypatch.setattr(engines.shutil, "disk_usage", lambda path: full)
    with pytest.raises(InputError) as told:
        find_duplicates(cleaned, roles, engine=engines.DuckDBEngine(memory="4MB", spill="1MB"))
    assert told.value.code == ExitCode.DISK_FULL and "100 MB" in told.value.vi
    # within the defaults the same table is scored
    assert find_duplicates(cleaned, roles).candidate_pairs > 0

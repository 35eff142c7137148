"""On workbooks shaped like the official forms, with truth written from the reference tables:
every person read, nothing else taken for a person, every field right."""

import polars as pl
import pytest

from dataclean.pipeline import normalize_table
from dataclean.reading.tables import read_tables


def _people(truth: pl.DataFrame) -> pl.DataFrame:
    return truth.filter(pl.col("kind") == "person").with_columns(pl.col("sheet_row").cast(pl.Int64))


@pytest.mark.parametrize("form", ["xa_cu_tri", "so_ho_khau"])
def test_gender_and_date_of_birth_are_right_for_every_person(forms, form):
    path, truth = forms[form]
    (table,) = read_tables(path)
    roles = table.layout.roles()
    frame = normalize_table(table).frame
    got = frame.select(
        pl.col("__row").alias("sheet_row"),
        pl.col(roles["dob"]).alias("got_dob"),
        pl.col(roles["gender"]).alias("got_gender"),
    )
    people = _people(truth).join(got, on="sheet_row", how="left")
    assert people.filter(pl.col("got_dob") != pl.col("dob")).height == 0
    assert people.filter(pl.col("got_gender") != pl.col("gender")).height == 0
    assert people["got_dob"].null_count() == 0


def test_voter_list_header_block_is_never_data(forms):
    path, truth = forms["xa_cu_tri"]
    (table,) = read_tables(path)
    layout = table.layout
    assert [r + 1 for r in layout.header_rows] == [7, 8]  # "Nam | Nữ" is part of the header
    assert layout.numbering_row == 8
    first = int(truth["sheet_row"].cast(pl.Int64).min())
    assert table.table["__row"].min() == first


def test_a_pair_filled_twice_or_not_at_all_is_flagged(tmp_path):
    path = tmp_path / "cu_tri.csv"
    path.write_text(
        "STT,Họ và tên,Năm sinh,,Nơi cư trú\n"
        ",,Nam,Nữ,\n"
        "1,Nguyễn Văn An,1980,,Hà Nội\n"
        "2,Trần Thị Bình,,1982,Hà Nội\n"
        "3,Lê Văn Cường,1970,1971,Hà Nội\n"
        "4,Phạm Thị Dung,,,Hà Nội\n",
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    frame = normalize_table(table).frame
    assert frame["Giới tính"].to_list() == ["Nam", "Nữ", None, None]
    assert frame["Năm sinh"].to_list() == ["1980", "1982", "1970", None]
    assert frame["data_status"].to_list() == ["valid", "valid", "invalid", "invalid"]
    assert "cả cột Nam và cột Nữ" in frame["data_problems"][2]
    assert "__problem_gender_columns" not in frame.columns


def test_nam_nu_mark_columns_become_one_gender_column(tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text(
        "STT,Họ và tên,Ngày sinh,Nam,Nữ\n"
        "1,Nguyễn Văn An,01/02/1980,x,\n"
        "2,Trần Thị Bình,03/04/1982,,x\n",
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    assert table.layout.roles()["gender"] == "Giới tính"
    assert table.table["Giới tính"].to_list() == ["Nam", "Nữ"]
    assert table.original_columns == ["STT", "Họ và tên", "Ngày sinh", "Giới tính"]


@pytest.mark.parametrize("form", ["xa_cu_tri", "so_ho_khau"])
def test_people_read_are_the_people_in_the_file_and_no_row_is_lost(forms, form, tmp_path):
    from dataclean.jobs.normalize import normalize_file

    path, truth = forms[form]
    (result,) = normalize_file(path, tmp_path)
    written = pl.read_excel(result.target, infer_schema_length=0)
    assert result.rows_in == result.rows_out == truth.height == written.height
    kinds = written.select(
        pl.col("Dòng gốc").cast(pl.Int64).alias("sheet_row"),
        pl.col("Loại dòng")
        if "Loại dòng" in written.columns
        else pl.lit("Người").alias("Loại dòng"),
    )
    words = {"person": "Người", "group": "Dòng nhóm (thôn, tổ)", "subtotal": "Dòng cộng"}
    expected = truth.select(
        pl.col("sheet_row").cast(pl.Int64), pl.col("kind").replace_strict(words).alias("want")
    )
    both = expected.join(kinds, on="sheet_row", how="full", coalesce=True)
    assert both.filter(pl.col("want").ne_missing(pl.col("Loại dòng"))).height == 0
    assert result.other_rows == truth.filter(pl.col("kind") != "person").height
    # A hamlet row is never cleaned as a person: not title-cased, not invalid.
    others = written.filter(
        pl.col("Dòng gốc")
        .cast(pl.Int64)
        .is_in(truth.filter(pl.col("kind") != "person")["sheet_row"].cast(pl.Int64).implode())
    )
    assert others["Kiểm tra dữ liệu"].null_count() == others.height


def test_a_hamlet_row_fills_the_empty_hamlet_of_the_people_below_it(tmp_path):
    from dataclean.pipeline import normalize_table

    path = tmp_path / "ds.csv"
    path.write_text(
        "STT,Họ và tên,Năm sinh,Thôn/tổ,Xã/Phường,Huyện,Tỉnh\n"
        ",THÔN 2,,,,,\n"
        "1,Nguyễn Văn An,1980,,Vạn Phúc,Thanh Trì,Hà Nội\n"
        "2,Tô Văn Năm,1981,Xóm Chùa,Vạn Phúc,Thanh Trì,Hà Nội\n"
        ",Cộng thôn 2: 2 người,,,,,\n"
        "3,Trần Thị Bình,1982,,Vạn Phúc,Thanh Trì,Hà Nội\n",
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    result = normalize_table(table)
    assert result.frame["__row"].to_list() == [3, 4, 6]  # "Tô Văn Năm" is a person
    assert result.frame["Thôn/tổ"].to_list() == ["THÔN 2", "Xóm Chùa", None]
    filled = result.events.filter(pl.col("rule") == "group_row")
    assert filled["row"].to_list() == [3]
    assert result.all_rows()["row_kind"].to_list() == [
        "group", "person", "person", "subtotal", "person",
    ]  # fmt: skip


ADDRESS_CODES = {
    "residence_code": "Mã xã mới",
    "current_code": "Chỗ ở hiện nay: Mã xã mới",
    "birthplace_code": "Nơi sinh: Mã xã mới",
    "hometown_code": "Quê quán: Mã xã mới",
}


@pytest.mark.parametrize("form", ["xa_cu_tri", "so_ho_khau"])
def test_every_address_column_is_resolved_into_its_own_columns(forms, form, tmp_path):
    from dataclean.jobs.normalize import normalize_file

    path, truth = forms[form]
    (result,) = normalize_file(path, tmp_path)
    written = pl.read_excel(result.target, infer_schema_length=0).with_columns(
        pl.col("Dòng gốc").cast(pl.Int64).alias("sheet_row")
    )
    people = _people(truth).join(written, on="sheet_row", how="left")
    checked = 0
    for want, column in ADDRESS_CODES.items():
        expected = people.filter(pl.col(want).is_not_null())
        if expected.height == 0:
            continue
        wrong = expected.filter(pl.col(column).ne_missing(pl.col(want)))
        assert wrong.height == 0, (column, wrong.select("sheet_row", want, column).head())
        checked += expected.height
    assert checked >= people.height * (2 if form == "xa_cu_tri" else 4) // 2


def test_hidden_rows_are_read_and_marked(forms, tmp_path):
    from dataclean.jobs.normalize import normalize_file

    path, truth = forms["so_ho_khau"]
    (result,) = normalize_file(path, tmp_path)
    written = pl.read_excel(result.target, infer_schema_length=0)
    marked = written.filter(pl.col("Dòng ẩn (tệp gốc)") == "ẩn")["Dòng gốc"].cast(pl.Int64)
    hidden = truth.filter(pl.col("hidden") == "True")["sheet_row"].cast(pl.Int64)
    assert hidden.len() > 0
    assert sorted(marked.to_list()) == sorted(hidden.to_list())


def test_a_pivot_summary_sheet_is_skipped_with_a_note(forms):
    path, _ = forms["so_ho_khau"]
    skipped = []
    tables = read_tables(path, skipped=skipped)
    assert [t.grid.sheet for t in tables] == ["Sổ hộ khẩu"]
    assert [s.sheet for s in skipped] == ["Tổng hợp"]
    assert "PivotTable" in skipped[0].vi


def test_a_sheet_with_a_pivot_table_part_is_skipped_whatever_its_labels(tmp_path):
    import zipfile

    import xlsxwriter

    plain = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(plain)
    for name in ("Danh sách", "Theo xã"):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["Họ và tên", "Ngày sinh", "Xã/Phường", "Giới tính"])
        ws.write_row(1, 0, ["Nguyễn Văn An", "01/02/1980", "Phúc Xá", "Nam"])
    ws.set_column(3, 3, None, None, {"hidden": True})
    wb.close()
    # Excel writes a PivotTable as a part the sheet points to; its cells read like a list.
    pivot = tmp_path / "pivot.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(pivot, "w") as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr(
            "xl/worksheets/_rels/sheet2.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            'http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable" '
            'Target="../pivotTables/pivotTable1.xml"/></Relationships>',
        )
    skipped = []
    (table,) = read_tables(pivot, skipped=skipped)
    assert table.grid.sheet == "Danh sách"
    assert [s.sheet for s in skipped] == ["Theo xã"]
    assert table.layout.hidden_columns() == []
    (other,) = read_tables(plain, sheet="Theo xã")
    assert other.layout.hidden_columns() == ["Giới tính"]


@pytest.mark.parametrize("form", ["xa_cu_tri", "so_ho_khau"])
def test_normalize_on_its_own_output_changes_nothing(forms, form, tmp_path):
    from dataclean.jobs.normalize import normalize_file

    path, _ = forms[form]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (first,) = normalize_file(path, tmp_path / "one")
    (second,) = normalize_file(first.target, tmp_path / "two")
    before = pl.read_excel(first.target, infer_schema_length=0)
    after = pl.read_excel(second.target, infer_schema_length=0)
    assert before.equals(after)  # hidden marks, row kinds and hamlets carried, not lost
    assert first.changes > 0  # every address column's changes, logged once
    assert second.changes == 0


def test_the_report_counts_people_and_other_rows_apart(forms, tmp_path):
    from dataclean.jobs.normalize import normalize_file

    path, truth = forms["xa_cu_tri"]
    (result,) = normalize_file(path, tmp_path)
    summary = dict(pl.read_excel(result.report, sheet_id=1, infer_schema_length=0).rows())
    kinds = truth["kind"].value_counts()
    count = dict(kinds.rows())
    assert summary["Trong đó: Người"] == str(count["person"])
    assert summary["Trong đó: Dòng nhóm (thôn, tổ)"] == str(count["group"])
    assert summary["Trong đó: Dòng cộng"] == str(count["subtotal"])
    statuses = {k: v for k, v in summary.items() if k.startswith("Địa chỉ: ")}
    assert sum(int(v) for v in statuses.values()) == count["person"]  # no "(none)"

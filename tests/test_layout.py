import polars as pl
import pytest
import xlsxwriter

from dataclean.reading.grid import read_excel_grid
from dataclean.reading.layout import detect_layout, extract_table


def test_government_form_two_row_header(columns_form):
    data, truth = columns_form
    grid = read_excel_grid(data)
    layout = detect_layout(grid)
    assert len(layout.header_rows) == 2
    assert layout.numbering_row == layout.header_rows[-1] + 1
    roles = layout.roles()
    for role in ("name", "dob", "gender", "id", "phone", "commune", "district", "province"):
        assert role in roles, role
    table = extract_table(grid, layout)
    expected = pl.read_csv(truth)["sheet_row"].to_list()
    assert table["__row"].to_list() == expected  # footer and signature rows left out


def test_single_header_with_address_column(address_form):
    data, _ = address_form
    layout = detect_layout(read_excel_grid(data))
    assert len(layout.header_rows) == 1
    assert "address" in layout.roles()


def test_leading_blank_rows_keep_true_row_numbers(tmp_path):
    path = tmp_path / "blank_top.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(3, 1, ["Họ và tên", "Ngày sinh", "Xã/Phường", "Tỉnh/TP"])
    ws.write_row(4, 1, ["Nguyễn Văn An", "01/02/1990", "Phúc Xá", "Hà Nội"])
    ws.write_row(6, 1, ["Trần Thị Bình", "1985", "Cống Vị", "Hà Nội"])
    ws.write_row(8, 1, ["Tổng cộng", "2 người"])
    wb.close()
    grid = read_excel_grid(path)
    table = extract_table(grid, detect_layout(grid))
    assert table["__row"].to_list() == [5, 7]
    assert table["Họ và tên"].to_list() == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_a_ward_or_name_like_a_total_is_not_a_footer(tmp_path):
    from dataclean.reading.tables import read_tables

    path = tmp_path / "ds.csv"
    path.write_text(
        "Họ và tên,Xã/Phường,Tỉnh/TP,Ghi chú\n"
        "Trần Văn An,Phúc Xá,Hà Nội,\n"
        "Công Thị Bình,Cống Vị,Hà Nội,\n"  # a name and a ward that start like "Cộng"
        "Lê Văn Cường,Cống Vị,Hà Nội,x\n"
        "Cộng,3 người,,\n"
        ",Người lập biểu,,\n",
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    assert table.table["__row"].to_list() == [2, 3, 4]


def test_ct01_household_form_headers(tmp_path):
    # The headers of CT01 (Thông tư 66/2023) and what offices add: the person's own ID is the
    # ID; the head of household's ID, the relation, ethnicity and religion pass through.
    from dataclean.reading.tables import read_tables

    path = tmp_path / "ct01.csv"
    path.write_text(
        'STT,"Họ, chữ đệm và tên","Ngày, tháng, năm sinh",Giới tính,Số định danh cá nhân,'
        "Mối quan hệ với chủ hộ,Số định danh cá nhân của chủ hộ,Nơi thường trú,Dân tộc,"
        "Tôn giáo,Ghi chú\n"
        "1,Nguyễn Văn An,01/02/1980,Nam,001080012345,Chủ hộ,001080012345,"
        '"Phường Phúc Xá, Quận Ba Đình, Hà Nội",Kinh,Không,\n'
        "2,Trần Thị Bình,03/04/1982,Nữ,001182012346,Vợ,001080012345,"
        '"Phường Phúc Xá, Quận Ba Đình, Hà Nội",Kinh,Phật giáo,\n',
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    roles = table.layout.roles()
    assert roles["id"] == "Số định danh cá nhân"
    assert roles["name"] == "Họ, chữ đệm và tên"
    assert roles["address"] == "Nơi thường trú"
    others = {c.label for c in table.layout.columns if c.role in (None, "other")}
    assert {"Mối quan hệ với chủ hộ", "Số định danh cá nhân của chủ hộ", "Dân tộc"} <= others


def test_ditto_marks_take_the_row_above_and_are_logged(tmp_path):
    from dataclean.pipeline import normalize_table
    from dataclean.reading.tables import read_tables

    path = tmp_path / "so_ho.csv"
    path.write_text(
        "STT,Họ và tên,Nơi thường trú\n"
        '1,Nguyễn Văn An,"Phường Phúc Xá, Quận Ba Đình, Hà Nội"\n'
        "2,Trần Thị Bình,Như trên\n"
        "3,Nguyễn Văn Cường,-nt-\n"
        "4,Nguyễn Thị Dung,như trên (chủ hộ)\n",
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    result = normalize_table(table)
    address = table.layout.roles()["address"]
    assert result.frame[address].n_unique() == 1
    assert result.frame["new_commune_code"].n_unique() == 1
    assert result.frame["unit_status"].to_list().count("unresolved") == 0
    dittos = result.events.filter(result.events["rule"] == "ditto")
    assert dittos["row"].to_list() == [3, 4, 5]


def test_the_current_address_as_above_is_the_permanent_address_of_the_same_row(tmp_path):
    from dataclean.pipeline import normalize_table
    from dataclean.reading.tables import read_tables

    path = tmp_path / "so_ho.csv"
    path.write_text(
        "STT,Họ và tên,Nơi thường trú,Chỗ ở hiện nay\n"
        '1,Nguyễn Văn An,"Xã Vạn Phúc, Huyện Thanh Trì, Hà Nội","Phường Phúc Xá, Ba Đình, Hà Nội"\n'
        '2,Trần Thị Bình,"Xã Tả Thanh Oai, Huyện Thanh Trì, Hà Nội",Như trên\n'
        "3,Lê Văn Cường,nt,nt\n",
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    frame = normalize_table(table).frame
    assert frame["Chỗ ở hiện nay"].to_list() == [
        "Phường Phúc Xá, Ba Đình, Hà Nội",
        "Xã Tả Thanh Oai, Huyện Thanh Trì, Hà Nội",
        "Xã Tả Thanh Oai, Huyện Thanh Trì, Hà Nội",  # its permanent address, itself "nt"
    ]
    assert frame["Nơi thường trú"][2] == "Xã Tả Thanh Oai, Huyện Thanh Trì, Hà Nội"


@pytest.mark.parametrize(
    ("header", "role"),
    [
        # CT01 (Thông tư 66/2023)
        ("Họ, chữ đệm và tên", "name"),
        ("Số định danh cá nhân", "id"),
        ("Mối quan hệ với chủ hộ", "other"),
        ("Số định danh cá nhân của chủ hộ", "other"),
        # the voter lists
        ("Nơi cư trú", "address"),
        ("Dân tộc", "other"),
        ("Nghề nghiệp", "other"),
        # the old HK01/HK02
        ("CMND số", "id"),
        ("Nơi thường trú", "address"),
        ("Địa chỉ chỗ ở hiện nay", "current_address"),
        # what offices add
        ("Quan hệ với chủ hộ", "other"),
        ("Tôn giáo", "other"),
        ("Ghi chú", "other"),
        ("Nơi sinh", "birthplace"),
        ("Quê quán", "hometown"),
        ("Tạm trú", "current_address"),
    ],
)
def test_the_header_words_of_the_official_forms_are_known(header, role):
    from dataclean.reading.roles import role_of

    assert (role_of(header) or "other") == role


def test_voter_list_residence_columns_under_one_parent(tmp_path):
    from dataclean.reading.tables import read_tables

    path = tmp_path / "cu_tri.csv"
    path.write_text(
        "STT,Họ và tên,Ngày sinh,Nơi cư trú:,\n"
        ",,,Thường trú,Tạm trú\n"
        "(1),(2),(3),(4),(5)\n"
        '1,Nguyễn Văn An,1980,"Phúc Xá, Ba Đình, Hà Nội",\n',
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    assert table.layout.roles()["address"] == "Nơi cư trú - Thường trú"
    assert table.layout.other_addresses() == {"current_address": ["Nơi cư trú - Tạm trú"]}
    assert table.table.height == 1

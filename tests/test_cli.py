import hashlib
import json
import os

import openpyxl
import pytest
from typer.testing import CliRunner

from dataclean.cli import ExitCode, app

runner = CliRunner()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_normalize_writes_every_row_and_leaves_input_alone(columns_form, tmp_path):
    data, _truth = columns_form
    before = _digest(data)
    result = runner.invoke(app, ["normalize", str(data), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _digest(data) == before
    out = tmp_path / f"{data.stem}_clean.xlsx"
    ws = openpyxl.load_workbook(out, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 4000
    assert "Trạng thái" in header and "Xã/Phường mới" in header and "Địa chỉ mới" in header
    status = header.index("Trạng thái")
    assert {r[status] for r in body} <= {
        "exact",
        "matched",
        "fuzzy",
        "split",
        "disputed",
        "already_new",
        "unresolved",
    }
    assert "4000" in result.output


def test_normalize_missing_file(tmp_path):
    result = runner.invoke(app, ["normalize", str(tmp_path / "khong_co.xlsx")])
    assert result.exit_code == ExitCode.MISSING_FILE
    assert "không tìm thấy" in result.output
    assert "Traceback" not in result.output


def test_unreadable_input_is_not_taken_for_an_unwritable_output(tmp_path, monkeypatch):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Địa chỉ\nAn,Phúc Xá\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        # The machines run as root, who reads any file: the system's refusal is simulated.
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("dataclean.reading.tables.read_grids", refuse)
    result = runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.INPUT_NOT_READABLE == 10
    assert "không đọc được tệp" in result.output and "input not readable" in result.output
    assert "Traceback" not in result.output


def test_normalize_no_header(tmp_path):
    path = tmp_path / "rac.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path)])
    assert result.exit_code == ExitCode.NO_HEADER
    assert not list(tmp_path.glob("*_clean.xlsx"))


def test_normalize_not_a_spreadsheet(tmp_path):
    path = tmp_path / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not a workbook")
    result = runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path)])
    assert result.exit_code == ExitCode.NOT_A_SPREADSHEET
    assert not list(tmp_path.glob("*_clean.xlsx"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_normalize_unwritable_outdir(columns_form, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = runner.invoke(app, ["normalize", str(columns_form[0]), "-o", str(locked)])
    assert result.exit_code == ExitCode.OUTPUT_NOT_WRITABLE


def test_normalize_creates_a_missing_outdir(columns_form, tmp_path):
    result = runner.invoke(app, ["normalize", str(columns_form[0]), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 0
    assert (tmp_path / "ra" / f"{columns_form[0].stem}_clean.xlsx").is_file()


def test_normalize_outdir_is_a_file(columns_form, tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    result = runner.invoke(app, ["normalize", str(columns_form[0]), "-o", str(blocker)])
    assert result.exit_code == ExitCode.OUTPUT_NOT_WRITABLE
    assert "Traceback" not in result.output


def test_lookup_prints_new_unit_and_legal_basis():
    result = runner.invoke(app, ["lookup", "Số 12 ngõ 5, P. Phúc Xá, Q.Ba Đình, HN"])
    assert result.exit_code == 0
    assert "Phường Hồng Hà" in result.output
    assert "1656/NQ-UBTVQH15" in result.output


def test_lookup_json_for_split():
    result = runner.invoke(app, ["lookup", "--json", "Cống Vị, Ba Đình, Hà Nội"])
    data = json.loads(result.output)
    assert data["status"] == "split"
    assert len(data["candidates"]) == 2


def _data_sheet(path):
    import polars as pl

    return pl.read_excel(path, sheet_name="Dữ liệu sạch", infer_schema_length=0)


def test_normalize_is_deterministic_and_idempotent(columns_form, tmp_path):
    data, _ = columns_form
    first, second, again = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out in (first, second):
        assert runner.invoke(app, ["normalize", str(data), "-o", str(out)]).exit_code == 0
    name = f"{data.stem}_clean.xlsx"
    assert _digest(first / name) == _digest(second / name)  # byte-identical
    # Cleaning the cleaned file changes nothing: same rows, same columns, same values.
    result = runner.invoke(app, ["normalize", str(first / name), "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert "Bỏ qua" not in result.output  # its own change log is not taken for data
    assert _data_sheet(first / name).equals(_data_sheet(again / f"{data.stem}_clean_clean.xlsx"))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_normalize_large_job_formats(columns_form, tmp_path, fmt):
    import polars as pl

    data, truth = columns_form
    result = runner.invoke(app, ["normalize", str(data), "-o", str(tmp_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"{data.stem}_clean.{fmt}"
    df = pl.read_csv(path, infer_schema=False) if fmt == "csv" else pl.read_parquet(path)
    assert df.height == 4000
    assert df["Dòng gốc"].cast(pl.Int64).to_list() == pl.read_csv(truth)["sheet_row"].to_list()
    assert df["Trạng thái"].null_count() == 0


def test_normalize_password_protected_and_empty(tmp_path):
    from pathlib import Path

    locked = Path(__file__).parent / "data" / "mat_khau.xlsx"
    result = runner.invoke(app, ["normalize", str(locked), "-o", str(tmp_path)])
    assert result.exit_code == ExitCode.PASSWORD_PROTECTED
    assert "mật khẩu" in result.output and "mat_khau.xlsx" in result.output
    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["normalize", str(empty), "-o", str(tmp_path)])
    assert result.exit_code == ExitCode.EMPTY
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("*_clean.*")) and not list(tmp_path.glob(".*.tmp"))


def test_inspect_shows_layout_and_roles(columns_form):
    result = runner.invoke(app, ["inspect", str(columns_form[0])])
    assert result.exit_code == 0, result.output
    for role in ("name", "dob", "gender", "id", "phone", "commune", "district", "province"):
        assert role in result.output
    assert "Dòng đánh số" in result.output


def test_column_override_and_mapping_file(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(
        'Chủ hộ,Nơi ở hiện tại\nNguyễn Văn An,"Số 3, P. Phúc Xá, Q. Ba Đình, Hà Nội"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path)])
    assert result.exit_code == ExitCode.NO_HEADER
    mapping = tmp_path / "cot.toml"
    mapping.write_text('[columns]\n"Chủ hộ" = "name"\n', encoding="utf-8")
    result = runner.invoke(
        app,
        ["normalize", str(path), "-o", str(tmp_path), "--columns-file", str(mapping),
         "--column", "Nơi ở hiện tại=address", "--format", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = (tmp_path / "ds_clean.csv").read_text(encoding="utf-8-sig")
    assert "Phường Hồng Hà" in out
    bad = runner.invoke(app, ["normalize", str(path), "--column", "Chủ hộ=ten"])
    assert bad.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    ("encoding", "rows"),
    [
        ("TCVN3", ["NguyÔn V¨n An,Phóc X¸,Ba §×nh,Hµ Néi", "TrÇn ThÞ B×nh,Cèng VÞ,Ba §×nh,Hµ Néi"]),
        # "Coáng Vò" alone could be read as text; the rest of the column says it is VNI.
        ("VNI", ["Nguyeãn Vaên An,Phuùc Xaù,Ba Ñình,Haø Noäi",
                 "Traàn Thò Bình,Coáng Vò,Ba Ñình,Haø Noäi"]),
    ],
)  # fmt: skip
def test_legacy_font_text_is_converted_and_logged(tmp_path, encoding, rows):
    path = tmp_path / "cu.csv"
    header = "Họ và tên,Xã/Phường,Quận/Huyện,Tỉnh/TP\n"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(tmp_path / "cu_clean.xlsx", read_only=True)
    data = list(wb["Dữ liệu sạch"].iter_rows(values_only=True))
    assert data[1][1:5] == ("Nguyễn Văn An", "Phúc Xá", "Ba Đình", "Hà Nội")
    assert data[2][1:5] == ("Trần Thị Bình", "Cống Vị", "Ba Đình", "Hà Nội")
    assert data[1][data[0].index("Xã/Phường mới")] == "Phường Hồng Hà"
    log = [r for r in wb["Thay đổi"].iter_rows(values_only=True) if r[4] == "legacy_encoding"]
    assert all(encoding in r[5] for r in log)
    assert len(log) == 8  # every cell of both rows, each logged once
    assert log[0][:4] == (2, "Họ và tên", rows[0].split(",")[0], "Nguyễn Văn An")


def test_excel_dates_stay_dates_and_ids_stay_text(tmp_path):
    import datetime as dt
    from pathlib import Path

    result = runner.invoke(
        app, ["normalize", str(Path(__file__).parent / "data" / "xa_cu.xls"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(tmp_path / "xa_cu_clean.xlsx")["Dữ liệu sạch"]
    header = [c.value for c in ws[1]]
    born = ws.cell(2, header.index("Ngày sinh") + 1)
    assert born.value == dt.datetime(1990, 2, 1) and born.number_format == "dd/mm/yyyy"
    assert ws.cell(3, header.index("Ngày sinh") + 1).value == "1985"  # a year stays a year
    ids = [ws.cell(r, header.index("Số CCCD") + 1).value for r in (2, 3, 4)]
    assert all(isinstance(v, str) and "E" not in v for v in ids)
    assert ids[0] == "001090012345"


def test_normalize_says_what_it_is_doing(columns_form, tmp_path):
    from dataclean.jobs.normalize import Watch, normalize_file

    stages: list[str] = []
    normalize_file(columns_form[0], tmp_path, watch=Watch(stage=stages.append))
    assert [s.split(" (")[0] for s in stages] == [
        "Đọc tệp", "Làm sạch, đổi địa chỉ", "Tìm người trùng", "Ghi kết quả và báo cáo"
    ]  # fmt: skip


def test_ctrl_c_stops_with_one_line_and_leaves_nothing(columns_form, tmp_path, monkeypatch):
    import dataclean.jobs.normalize as job

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # the volunteer presses Ctrl+C while the report is written

    monkeypatch.setattr(job, "write_report", interrupted)
    data, _ = columns_form
    result = runner.invoke(app, ["normalize", str(data), "-o", str(tmp_path)])
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert "đã dừng" in result.output and "Traceback" not in result.output
    # A stopped run leaves nothing: not even the cleaned file written before the stop.
    written = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".dataclean"))
    assert written == [], written
    assert not list(tmp_path.glob(".dataclean-run-*"))


def test_an_input_error_is_one_line_however_long(tmp_path):
    path = tmp_path / ("một_tệp_có_tên_rất_dài_" * 4 + ".csv")
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(path)], terminal_width=60)
    assert result.exit_code == ExitCode.NO_HEADER
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Lỗi:"), result.output


def test_the_threshold_defaults_of_the_options_are_the_linkers():
    from dataclean.cli import options
    from dataclean.dedupe import Thresholds

    assert (Thresholds.merge, Thresholds.review) == (options.MERGE_DEFAULT, options.REVIEW_DEFAULT)


def test_an_unexpected_error_is_one_line_unless_verbose(monkeypatch, tmp_path, columns_form):
    import dataclean.jobs.normalize as job

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a fault of ours")

    monkeypatch.setattr(job, "normalize_file", broken)
    data, _ = columns_form
    quiet = runner.invoke(app, ["normalize", str(data), "-o", str(tmp_path)])
    assert quiet.exit_code == ExitCode.INTERNAL == 1
    assert "Traceback" not in quiet.output and "--verbose" in quiet.output
    loud = runner.invoke(app, ["--verbose", "normalize", str(data), "-o", str(tmp_path)])
    assert isinstance(loud.exception, ZeroDivisionError)

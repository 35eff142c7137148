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
    data, truth = columns_form
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
    assert result.exit_code == ExitCode.UNREADABLE
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

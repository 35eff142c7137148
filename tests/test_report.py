"""The officials' report: sheets, headers, counts that reconcile, masking, formula-like text."""

from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from dataclean.cli import app

runner = CliRunner()


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cleaned(columns_form, tmp_path_factory):
    data, _truth = columns_form
    out = tmp_path_factory.mktemp("report")
    result = runner.invoke(app, ["normalize", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return data, out


def _sheet(path, name):
    return list(openpyxl.load_workbook(path, read_only=True)[name].iter_rows(values_only=True))


def _summary(path, sheet="Tổng hợp") -> dict:
    return {k: v for k, v in _sheet(path, sheet)[1:]}


def test_report_sheets_and_headers(cleaned):
    data, out = cleaned
    report = out / f"{data.stem}_report.xlsx"
    book = openpyxl.load_workbook(report, read_only=True)
    assert book.sheetnames == ["Tổng hợp", "Thay đổi", "Cần xác minh", "Trùng lặp", "Lỗi dữ liệu"]
    assert _sheet(report, "Thay đổi")[0] == (
        "Dòng gốc", "Cột", "Giá trị cũ", "Giá trị mới", "Quy tắc", "Lý do / căn cứ pháp lý"
    )  # fmt: skip
    verify = _sheet(report, "Cần xác minh")
    assert verify[0][-1] == "Quyết định" and all(r[-1] is None for r in verify[1:])
    assert _sheet(report, "Trùng lặp")[0][-1] == "Quyết định (giữ/gộp)"


def test_counts_reconcile(cleaned):
    data, out = cleaned
    summary = _summary(out / f"{data.stem}_report.xlsx")
    assert summary["Số dòng đọc"] == summary["Số dòng ghi"] == 4000
    statuses = {k: v for k, v in summary.items() if k.startswith("Địa chỉ: ")}
    assert sum(statuses.values()) == 4000
    clean = pl.read_excel(out / f"{data.stem}_clean.xlsx", sheet_name="Dữ liệu sạch")
    for status, n in clean["Trạng thái"].value_counts().rows():
        assert statuses[f"Địa chỉ: {status}"] == n
    invalid = (clean["Kiểm tra dữ liệu"] == "invalid").sum()
    assert int(summary["Dòng không hợp lệ"]) == invalid
    assert len(_sheet(out / f"{data.stem}_report.xlsx", "Lỗi dữ liệu")) - 1 == invalid
    changes = _sheet(out / f"{data.stem}_report.xlsx", "Thay đổi")
    assert int(summary["Ô đã thay đổi"]) == len(changes) - 1
    pending = clean.filter(pl.col("Trạng thái").is_in(["fuzzy", "split", "disputed", "unresolved"]))
    assert len(_sheet(out / f"{data.stem}_report.xlsx", "Cần xác minh")) - 1 == pending.height
    assert len(summary["Mã kiểm tra SHA-256 của tệp"]) == 64


def test_split_rows_cite_a_clause_per_candidate(cleaned):
    data, out = cleaned
    verify = _sheet(out / f"{data.stem}_report.xlsx", "Cần xác minh")
    header, rows = verify[0], verify[1:]
    split = [r for r in rows if r[header.index("Trạng thái")] == "split"]
    assert len(split) > 100
    for r in split:
        candidates = r[header.index("Phương án")].split("\n")
        clauses = r[header.index("Căn cứ (điều khoản)")].split("\n")
        assert len(candidates) == len(clauses) >= 2
        for candidate, clause in zip(candidates, clauses, strict=True):
            # crosswalk A cites its clause; a candidate only crosswalk B knows has none
            assert "/NQ-UBTVQH15" in clause or (candidate.endswith("[B]") and "bảng A" in clause)


def test_report_rebuilt_in_english_with_masked_numbers(cleaned, tmp_path):
    data, out = cleaned
    result = runner.invoke(
        app, ["report", str(out / f"{data.stem}_clean.xlsx"), "-o", str(tmp_path), "--lang", "en",
              "--mask"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = tmp_path / f"{data.stem}_report.xlsx"
    book = openpyxl.load_workbook(report, read_only=True)
    assert book.sheetnames == ["Summary", "Changes", "To verify", "Duplicates", "Invalid data"]
    summary = _summary(report, "Summary")
    assert summary["Rows written"] == 4000
    assert sum(v for k, v in summary.items() if k.startswith("Addresses: ")) == 4000
    duplicates = _sheet(report, "Duplicates")
    id_columns = [i for i, h in enumerate(duplicates[0]) if "CCCD" in h or "định danh" in h]
    values = [r[i] for r in duplicates[1:] for i in id_columns if r[i]]
    assert values and all(v.startswith("*") and v[-3:].isdigit() for v in values)
    changes = _sheet(report, "Changes")
    ids = [r for r in changes[1:] if r[4] in ("citizen_id", "phone")]
    assert ids and all(str(r[3]).startswith("***") for r in ids)


def test_formula_like_text_stays_text(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(
        "Họ và tên,Xã/Phường,Tỉnh/TP,Ghi chú\n"
        '"=HYPERLINK(""http://x"",""y"")",Phúc Xá,Hà Nội,+84 nhắn tin\n'
        "@SUM(A1),Cống Vị,Hà Nội,-1\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path)]).exit_code == 0
    for name in ("ds_clean.xlsx", "ds_report.xlsx"):
        book = openpyxl.load_workbook(tmp_path / name)
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
    ws = openpyxl.load_workbook(tmp_path / "ds_clean.xlsx")["Dữ liệu sạch"]
    assert ws["B2"].value.lower().startswith("=hyperlink(") and ws["B2"].data_type == "s"
    assert (
        runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path), "-f", "csv"]).exit_code
        == 0
    )
    import csv

    with (tmp_path / "ds_clean.csv").open(encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'+84 nhắn tin" in cells and "'-1" in cells
    assert any(c.lower().startswith("'=hyperlink(") for c in cells)


def test_apply_decisions_closes_the_loop(cleaned, tmp_path):
    import shutil

    data, out = cleaned
    report = tmp_path / f"{data.stem}_report.xlsx"
    shutil.copy(out / f"{data.stem}_report.xlsx", report)
    shutil.copy(out / f"{data.stem}_clean.xlsx", tmp_path / f"{data.stem}_clean.xlsx")
    book = openpyxl.load_workbook(report)
    verify = book["Cần xác minh"]
    header = [c.value for c in verify[1]]
    at = {h: i + 1 for i, h in enumerate(header)}
    chosen = {}
    for r in range(2, verify.max_row + 1):
        if verify.cell(r, at["Trạng thái"]).value == "split" and len(chosen) < 5:
            code = verify.cell(r, at["Phương án"]).value.split("\n")[-1].split(" ")[0]
            verify.cell(r, at["Quyết định"]).value = code
            chosen[verify.cell(r, at["Dòng gốc"]).value] = code
    verify.cell(verify.max_row, at["Quyết định"]).value = "00000"  # not an option: refused
    # A real 2025 commune that is not among the row's candidates is refused too.
    units_2025 = pl.read_csv(ROOT.parent / "shared/reference/units_2025.csv", infer_schema=False)
    for r in range(2, verify.max_row):
        if verify.cell(r, at["Trạng thái"]).value == "split" and (
            verify.cell(r, at["Dòng gốc"]).value not in chosen
        ):
            offered = verify.cell(r, at["Phương án"]).value
            other = next(c for c in units_2025["commune_code"] if c not in offered)
            verify.cell(r, at["Quyết định"]).value = other
            break
    pairs = book["Trùng lặp"]
    last = pairs.max_column
    pairs.cell(2, last).value = "gộp"
    pairs.cell(3, last).value = "giữ"
    book.save(report)
    result = runner.invoke(app, ["apply-decisions", str(report), "--by", "Cán bộ Tư pháp"])
    assert result.exit_code == 0, result.output
    assert "00000" in result.output  # the refused code is named
    assert f"mã '{other}' không phải một phương án" in result.output
    final = tmp_path / f"{data.stem}_final.xlsx"
    rows = pl.read_excel(final, sheet_name="Dữ liệu sạch", infer_schema_length=0)
    assert rows.height == 4000
    decided = rows.filter(pl.col("Trạng thái") == "decided")
    assert dict(decided.select(pl.col("Dòng gốc").cast(pl.Int64), "Mã xã mới").iter_rows()) == {
        int(k): v for k, v in chosen.items()
    }
    log = pl.read_excel(final, sheet_name="Nhật ký quyết định")
    assert (log["Người quyết định"] == "Cán bộ Tư pháp").all()
    assert set(log["Trang"]) == {"Cần xác minh", "Trùng lặp"}
    statuses = rows["Trùng lặp"].drop_nulls()
    assert statuses.str.contains("quyết định").sum() == 2


def test_apply_decisions_without_its_cleaned_file_says_so(cleaned, tmp_path):
    import shutil

    data, out = cleaned
    report = tmp_path / f"{data.stem}_report.xlsx"
    shutil.copy(out / f"{data.stem}_report.xlsx", report)  # the cleaned file left behind
    result = runner.invoke(app, ["apply-decisions", str(report), "--by", "Cán bộ"])
    assert result.exit_code == 2
    assert "không tìm thấy tệp đã làm sạch đi kèm báo cáo" in result.output

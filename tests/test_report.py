"""The officials' report: sheets, headers, counts that reconcile, masking, formula-like text."""

import textwrap
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from dataclean.cli import app
from dataclean.schema.audit import RULE_WORDS, UNIT_RULE
from dataclean.schema.statuses import STATUSES

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
    rows = _sheet(path, sheet)
    start = next(i for i, r in enumerate(rows) if r[0] in ("Mục", "Item"))
    return {k: v for k, v in rows[start + 1 :] if k}


def _table(path, name) -> pl.DataFrame:
    rows = _sheet(path, name)
    return pl.DataFrame(rows[1:], schema=list(rows[0]), orient="row", infer_schema_length=None)


PENDING = ["fuzzy", "split", "disputed", "unresolved"]
WORDS = {s.code: s.vi for s in STATUSES}


def test_report_sheets_and_headers(cleaned):
    data, out = cleaned
    report = out / f"{data.stem}_report.xlsx"
    book = openpyxl.load_workbook(report, read_only=True)
    assert book.sheetnames == [
        "Tổng hợp", "Cần xác minh", "Trùng lặp", "Lỗi dữ liệu", "Thay đổi", "Căn cứ pháp lý",
        "Danh sách chọn",
    ]  # fmt: skip
    assert _sheet(report, "Thay đổi")[0] == (
        "Cột", "Quy tắc", "Lý do / căn cứ pháp lý", "Số ô", "Các dòng gốc", "Ví dụ: giá trị cũ",
        "Ví dụ: giá trị mới",
    )  # fmt: skip
    verify = _sheet(report, "Cần xác minh")
    at = verify[0].index("Quyết định")
    assert all(r[at] is None for r in verify[1:])
    assert "Quyết định" in _sheet(report, "Trùng lặp")[0]


def test_counts_reconcile(cleaned):
    data, out = cleaned
    report = out / f"{data.stem}_report.xlsx"
    summary = _summary(report)
    assert summary["Số dòng đọc"] == summary["Số dòng ghi"] == 4000
    statuses = {k: v for k, v in summary.items() if k.startswith("Địa chỉ: ")}
    assert sum(statuses.values()) == 4000
    clean = pl.read_excel(out / f"{data.stem}_clean.xlsx", sheet_name="Dữ liệu sạch")
    for status, n in clean["Trạng thái"].value_counts().rows():
        assert statuses[f"Địa chỉ: {WORDS[status]}"] == n  # in words, never the code
    invalid = (clean["Kiểm tra dữ liệu"] == "invalid").sum()
    assert int(summary["Dòng không hợp lệ"]) == invalid
    assert len(_sheet(report, "Lỗi dữ liệu")) - 1 == invalid
    changes = _table(report, "Thay đổi")
    assert int(summary["Ô đã thay đổi"]) == changes["Số ô"].sum()
    pending = clean.filter(pl.col("Trạng thái").is_in(PENDING))
    verify = _table(report, "Cần xác minh")
    assert verify["Số dòng"].sum() == pending.height  # every row on one line, once
    # One line per old address (the old commune recognised, else the units as typed).
    units = [c for c in clean.columns if c.startswith("Nơi thường trú - ") and "Số nhà" not in c]
    typed = pl.concat_str([pl.col(c) for c in units], separator=", ", ignore_nulls=True)
    unit = pl.coalesce(pl.col("Mã xã cũ"), typed.str.to_lowercase())
    distinct = pending.select(unit, "Trạng thái", "Mã phương án").unique().height
    assert verify.height == distinct < pending.height
    assert verify["Mã"].n_unique() == verify.height
    assert len(summary["Mã kiểm tra SHA-256 của tệp"]) == 64


def test_split_lines_cite_a_clause_per_candidate(cleaned):
    data, out = cleaned
    report = out / f"{data.stem}_report.xlsx"
    verify = _table(report, "Cần xác minh")
    basis = _table(report, "Căn cứ pháp lý")
    clause = dict(zip(basis["Số"].cast(pl.String), basis["Căn cứ (điều khoản)"], strict=True))
    split = verify.filter(pl.col("Trạng thái") == WORDS["split"])
    assert split.height > 20
    for offered, cited in split.select("Phương án", "Căn cứ: xem số").iter_rows():
        candidates, refs = offered.split("\n"), cited.split(", ")
        assert len(candidates) == len(refs) >= 2
        for candidate, ref in zip(candidates, refs, strict=True):
            # crosswalk A cites its clause; a candidate only crosswalk B knows has none
            text = clause[ref]
            assert "/NQ-UBTVQH15" in text or (candidate.endswith("[B]") and "bảng A" in text)


def _every_cell(path: Path):
    book = openpyxl.load_workbook(path, read_only=True)
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            yield from (v for v in row if v is not None)


def test_report_rebuilt_in_english_with_masked_numbers(cleaned, tmp_path):
    data, out = cleaned
    result = runner.invoke(
        app, ["report", str(out / f"{data.stem}_clean.xlsx"), "-o", str(tmp_path), "--lang", "en",
              "--mask"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = tmp_path / f"{data.stem}_report.xlsx"
    book = openpyxl.load_workbook(report, read_only=True)
    assert book.sheetnames[:6] == [
        "Summary", "To verify", "Duplicates", "Invalid data", "Changes", "Legal basis"
    ]  # fmt: skip
    summary = _summary(report, "Summary")
    assert summary["Rows written"] == 4000
    assert sum(v for k, v in summary.items() if k.startswith("Addresses: ")) == 4000
    duplicates = _sheet(report, "Duplicates")
    id_columns = [i for i, h in enumerate(duplicates[0]) if "CCCD" in h or "định danh" in h]
    values = [r[i] for r in duplicates[1:] for i in id_columns if r[i]]
    assert values and all(v.startswith("*") and v[-3:].isdigit() for v in values)
    import re

    full = [v for v in _every_cell(report) if isinstance(v, str) and re.search(r"\d{9}", v)]
    assert [v for v in full if "SHA" not in v and not re.fullmatch(r"[0-9a-f]{64}", v)] == []


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
    """Decisions typed into every kind of line, the ways officials type them; each applied to
    every row of its line, each refused one named, and the exit code says so."""
    import shutil

    data, out = cleaned
    report = tmp_path / f"{data.stem}_report.xlsx"
    shutil.copy(out / f"{data.stem}_report.xlsx", report)
    shutil.copy(out / f"{data.stem}_clean.xlsx", tmp_path / f"{data.stem}_clean.xlsx")
    book = openpyxl.load_workbook(report)
    verify = book["Cần xác minh"]
    at = {c.value: c.column for c in verify[1]}
    lists = book["Danh sách chọn"]
    splits = [r for r in range(2, verify.max_row + 1)
              if verify.cell(r, at["Trạng thái"]).value == WORDS["split"]]  # fmt: skip
    rule = {
        next(iter(dv.sqref.ranges)).min_row: dv.formula1
        for dv in verify.data_validations.dataValidation
    }
    expected: dict[int, str] = {}  # line -> the code that must be applied

    def choices(r):
        row = int(rule[r].split("$")[-1])  # ='Danh sách chọn'!$A$3:$B$3
        return [c.value for c in lists[row] if c.value]

    first, second, third, fourth, fifth = splits[:5]
    verify.cell(first, at["Quyết định"]).value = choices(first)[-1]  # the drop-down's value
    expected[first] = choices(first)[-1].split(" – ")[0]
    code = choices(second)[0].split(" – ")[0]
    verify.cell(second, at["Quyết định"]).value = int(code)  # Excel made a number of it
    expected[second] = code
    name = choices(third)[0].split(" – ")[1].split(",")[0]  # "Phường Bến Cát"
    verify.cell(third, at["Quyết định"]).value = name
    expected[third] = choices(third)[0].split(" – ")[0]
    verify.cell(fourth, at["Quyết định"]).value = "00000"  # no commune: refused
    units_2025 = pl.read_csv(ROOT.parent / "shared/reference/units_2025.csv", infer_schema=False)
    offered = verify.cell(fifth, at["Phương án"]).value
    other = next(c for c in units_2025["commune_code"] if c not in offered)
    verify.cell(fifth, at["Quyết định"]).value = other  # a commune, but not a candidate
    pairs = book["Trùng lặp"]
    decision = next(c.column for c in pairs[1] if c.value == "Quyết định")
    pairs.cell(2, decision).value = "gộp"
    pairs.cell(3, decision).value = "giữ lại"
    pairs.cell(4, decision).value = "có lẽ"  # neither: refused
    book.save(report)
    result = runner.invoke(app, ["apply-decisions", str(report), "--by", "Cán bộ Tư pháp"])
    assert result.exit_code == 11, result.output  # some were refused
    said = " ".join(result.output.split())  # as the terminal wrapped it, unwrapped
    assert "'00000'" in said and f"mã '{other}' không phải một phương án" in said
    assert "'có lẽ'" in said
    final = tmp_path / f"{data.stem}_final.xlsx"
    rows = pl.read_excel(final, sheet_name="Dữ liệu sạch", infer_schema_length=0)
    assert rows.height == 4000
    decided = rows.filter(pl.col("Trạng thái") == "decided")
    lines = _table(out / f"{data.stem}_report.xlsx", "Cần xác minh")
    want = 0
    for line, code in expected.items():
        count = int(lines["Số dòng"][line - 2])
        assert decided.filter(pl.col("Mã xã mới") == code).height >= count
        want += count
    assert decided.height == want  # every row of each decided line, nothing else
    log = pl.read_excel(final, sheet_name="Nhật ký quyết định")
    assert (log["Người quyết định"] == "Cán bộ Tư pháp").all()
    assert set(log["Trang"]) == {"Cần xác minh", "Trùng lặp"}
    statuses = rows["Trùng lặp"].drop_nulls()
    assert statuses.str.contains("quyết định").sum() == 2


def _one_split_row(folder: Path) -> tuple[Path, Path]:
    """A list of one resident whose commune was split, normalized: the input and its report."""
    path = folder / "ds.csv"
    path.write_text(
        "Họ và tên,Xã/Phường,Huyện,Tỉnh/TP\nTrần Văn An,Mỹ Phước,Bến Cát,Bình Dương\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["normalize", str(path), "-o", str(folder)]).exit_code == 0
    return path, folder / "ds_report.xlsx"


def test_apply_decisions_on_a_report_with_no_pairs(tmp_path):
    _, report = _one_split_row(tmp_path)
    assert _sheet(report, "Trùng lặp")[0] == ("",)  # an empty sheet
    result = runner.invoke(app, ["apply-decisions", str(report), "--by", "Cán bộ"])
    assert result.exit_code == 0, result.output


def test_normalize_never_writes_over_a_decided_report(tmp_path):
    path, report = _one_split_row(tmp_path)
    book = openpyxl.load_workbook(report)
    verify = book["Cần xác minh"]
    decision = next(c.column for c in verify[1] if c.value == "Quyết định")
    verify.cell(2, decision).value = "25813"
    book.save(report)
    before = report.read_bytes()
    result = runner.invoke(app, ["normalize", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 12
    assert "không ghi đè" in result.output and "Traceback" not in result.output
    assert report.read_bytes() == before


def test_the_report_reads_well_on_screen_and_on_a4(cleaned):
    data, out = cleaned
    book = openpyxl.load_workbook(out / f"{data.stem}_report.xlsx")
    for ws in book.worksheets:
        if ws.sheet_state == "hidden":
            continue
        setup = ws.page_setup
        assert setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in ws.oddFooter.right.text
        if ws.title != "Tổng hợp":
            assert setup.orientation == "landscape" and ws.freeze_panes == "A2"
            assert ws.auto_filter.ref and ws.print_title_rows == "$1:$1"
    verify = book["Cần xác minh"]
    header = {c.value: c.column_letter for c in verify[1]}
    number = {c.value: c.column for c in verify[1]}

    def width(name):  # a <col> element may span several columns of one width
        dims = verify.column_dimensions.values()
        return next(d.width for d in dims if d.min <= number[name] <= d.max)

    for name in ("Địa chỉ cũ", "Phương án", "Lý do / căn cứ pháp lý"):
        assert 20 <= width(name) <= 62, (name, width(name))
        assert verify[f"{header[name]}2"].alignment.wrap_text
    assert width("Quyết định") >= 30
    # A drop-down on every decision cell that has candidates, and on every pair's.
    rules = verify.data_validations.dataValidation
    assert rules and all(r.type == "list" for r in rules)
    pairs = book["Trùng lặp"]
    (rule,) = pairs.data_validations.dataValidation
    assert rule.formula1 == '"gộp,giữ riêng"'
    codes = {s.code for s in STATUSES} | {"merge", "review"} | set(RULE_WORDS)
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not codes & set(row), (ws.title, row)  # words, never the codes
            assert not any(str(v).startswith(UNIT_RULE[0]) for v in row), (ws.title, row)
    rules = {r[1] for r in book["Thay đổi"].iter_rows(min_row=2, values_only=True)}
    assert {"địa chỉ: khớp chính xác", "chuẩn hoá họ tên"} <= rules


def test_row_heights_hold_the_wrapped_text():
    from dataclean.writing.report_workbook import CHARS_PER_WIDTH, line_counts

    room = int(20 * CHARS_PER_WIDTH)
    words = "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các xã"
    table = pl.DataFrame({"a": [words, "ngắn", "một\nhai\nba", "x" * (2 * room + 1), None]})
    assert line_counts(table, {"a": 20}) == [len(textwrap.wrap(words, room)), 1, 3, 3, 1]


def test_apply_decisions_without_its_cleaned_file_says_so(cleaned, tmp_path):
    import shutil

    data, out = cleaned
    report = tmp_path / f"{data.stem}_report.xlsx"
    shutil.copy(out / f"{data.stem}_report.xlsx", report)  # the cleaned file left behind
    result = runner.invoke(app, ["apply-decisions", str(report), "--by", "Cán bộ"])
    assert result.exit_code == 2
    assert "không tìm thấy tệp đã làm sạch đi kèm báo cáo" in result.output


def test_a_masked_run_leaves_no_full_id_or_phone_in_what_leaves_the_office(tmp_path):
    """The report (every sheet, every message) and the side files of a masked run; the
    cleaned data itself keeps its IDs (it stays in the office: README "--mask")."""
    import re

    sample = ROOT / "sample_data" / "xa_mau.xlsx"
    result = runner.invoke(app, ["normalize", str(sample), "-o", str(tmp_path), "-f", "csv",
                                 "--mask"])  # fmt: skip
    assert result.exit_code == 0, result.output
    full = re.compile(r"(?<![\dA-Fa-f])\d{9,12}(?![\dA-Fa-f])")
    leaks = [v for v in _every_cell(tmp_path / "xa_mau_report.xlsx")
             if isinstance(v, str) and full.search(v)]  # fmt: skip
    assert leaks == []
    data = ("xa_mau_clean.csv", "xa_mau_dedup.csv")  # the cleaned data, kept in the office
    side = [p for p in tmp_path.glob("xa_mau_*.csv") if p.name not in data]
    assert {p.name for p in side} >= {"xa_mau_changes.csv", "xa_mau_merges.csv"}
    for path in side:
        assert not full.search(path.read_text(encoding="utf-8-sig")), path.name
    # what the unmasked cleaned data holds, so that the scan above can fail
    assert full.search((tmp_path / "xa_mau_clean.csv").read_text(encoding="utf-8-sig"))


def test_report_rebuilds_from_the_facts_normalize_recorded(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(
        "Họ và tên,Nơi ở\n"
        '"Trần Văn An","Phường Mỹ Phước, Thị xã Bến Cát, Bình Dương"\n'
        '"Lê Thị Bình","Xã Đại Dực, Huyện Tiên Yên, Quảng Ninh"\n',
        encoding="utf-8",
    )
    out, again = tmp_path / "out", tmp_path / "again"
    result = runner.invoke(
        app, ["normalize", str(path), "-o", str(out), "--column", "Nơi ở=address"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["report", str(out / "ds_clean.xlsx"), "-o", str(again)])
    assert result.exit_code == 0, result.output
    first, rebuilt = out / "ds_report.xlsx", again / "ds_report.xlsx"
    # the input and its checksum, not the cleaned file's
    for key in ("Tệp đầu vào", "Mã kiểm tra SHA-256 của tệp"):
        assert _summary(rebuilt)[key] == _summary(first)[key]
    assert _summary(rebuilt)["Tệp đầu vào"].endswith("ds.csv")
    # the role set by --column: "Nơi ở" is the address, though its header names none
    assert _sheet(rebuilt, "Cần xác minh") == _sheet(first, "Cần xác minh")
    assert len(_sheet(first, "Cần xác minh")) == 3


def test_apply_decisions_with_the_roles_chosen_at_normalize(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(
        'Họ và tên,Nơi ở\n"Trần Văn An","Phường Mỹ Phước, Thị xã Bến Cát, Bình Dương"\n',
        encoding="utf-8",
    )
    args = ["normalize", str(path), "-o", str(tmp_path), "--column", "Nơi ở=address"]
    assert runner.invoke(app, args).exit_code == 0
    report = tmp_path / "ds_report.xlsx"
    book = openpyxl.load_workbook(report)
    verify = book["Cần xác minh"]
    at = {c.value: c.column for c in verify[1]}
    choice = verify.cell(2, at["Phương án"]).value.split("\n")[0].split(" ")[0]
    verify.cell(2, at["Quyết định"]).value = choice
    book.save(report)
    result = runner.invoke(app, ["apply-decisions", str(report), "--by", "Cán bộ"])
    assert result.exit_code == 0, result.output
    final = pl.read_excel(tmp_path / "ds_final.xlsx", infer_schema_length=0)
    assert final["Mã xã mới"].to_list() == [choice]

"""Large CSV and Parquet inputs stream through, and give the same rows as the workbook path."""

import polars as pl
import pytest
from typer.testing import CliRunner

from dataclean.cli import app
from dataclean.jobs.normalize import streams
from dataclean.reading.encoding import encode_cp1258

runner = CliRunner()


@pytest.fixture(scope="module")
def form_csv(tmp_path_factory, generator):
    """A generated CSV with title rows above the header, a blank row inside, and a footer."""
    folder = tmp_path_factory.mktemp("csv")
    plain, truth = generator.generate(folder / "plain.csv", rows=1500, seed=5, layout="columns")
    lines = plain.read_text(encoding="utf-8").splitlines()
    lines = [
        "UBND XÃ TÂN LẬP,,,",
        "DANH SÁCH NHÂN KHẨU,,,",
        "",
        lines[0],
        *lines[1:700],
        "",
        *lines[700:],
        "Tổng cộng,1500 người",
        "",
        ",Người lập biểu",
        ",Nguyễn Văn Bình",
    ]
    form = folder / "ds.csv"
    form.write_bytes(encode_cp1258("\r\n".join(lines) + "\r\n"))
    return form, truth


def _read(path):
    return (
        pl.read_parquet(path)
        if path.suffix == ".parquet"
        else pl.read_csv(path, infer_schema=False)
    )


def test_streaming_path_is_taken_only_for_large_formats(tmp_path):
    assert streams(tmp_path / "a.csv", "parquet") and streams(tmp_path / "a.parquet", "xlsx")
    assert not streams(tmp_path / "a.csv", "xlsx") and not streams(tmp_path / "a.xlsx", "csv")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_streamed_csv_matches_the_workbook_path(form_csv, tmp_path, fmt):
    form, truth = form_csv
    streamed = runner.invoke(app, ["normalize", str(form), "-o", str(tmp_path), "-f", fmt])
    assert streamed.exit_code == 0, streamed.output
    assert "1500" in streamed.output
    whole = runner.invoke(app, ["normalize", str(form), "-o", str(tmp_path / "x")])
    assert whole.exit_code == 0, whole.output
    out = _read(tmp_path / f"ds_clean.{fmt}").with_columns(pl.all().cast(pl.String))
    book = pl.read_excel(tmp_path / "x" / "ds_clean.xlsx", sheet_name="Dữ liệu sạch",
                         infer_schema_length=0)  # fmt: skip
    assert out.height == 1500
    # The title rows, the blank row and the footer are not rows; every data row is, in order.
    expected = pl.read_csv(truth)["sheet_row"] + 3
    expected = expected + (expected >= 704).cast(pl.Int64)  # below the blank row
    assert out["Dòng gốc"].cast(pl.Int64).to_list() == expected.to_list()
    # The cp1258 file reads as the same Vietnamese text either way.
    score = pl.col("Độ tin cậy").cast(pl.Float64)  # "100.0" in a CSV is 100 in a workbook
    as_text = pl.all().cast(pl.String).str.replace(r"^(\d{4})-(\d{2})-(\d{2}).*$", "$3/$2/$1")
    book = book.with_columns(as_text).with_columns(score)  # an Excel date, as the CSV writes it
    # the streamed file is not deduplicated (`dataclean dedupe` is): the same columns otherwise
    assert set(book.columns) - set(out.columns) == {
        "Trùng lặp", "Nhóm trùng (dòng giữ lại)", "Điểm trùng", "Cần xem trùng với dòng"
    }  # fmt: skip
    checks = ["Kiểm tra dữ liệu", "Lỗi dữ liệu"]
    same = [c for c in out.columns if c not in checks]
    assert out.with_columns(score).select(same).equals(book.select(same))
    # Deduplication makes a CCCD shared by rows merged as one person no error; the streamed
    # file, not deduplicated, still says it. No other check differs.
    whole_checks = book.select("Nhóm trùng (dòng giữ lại)", *checks).rename(
        {c: f"{c} (whole)" for c in checks}
    )
    differ = pl.concat([out.select(checks), whole_checks], how="horizontal")
    differ = differ.filter(pl.col("Lỗi dữ liệu").ne_missing(pl.col("Lỗi dữ liệu (whole)")))
    assert differ["Nhóm trùng (dòng giữ lại)"].null_count() == 0
    assert differ["Lỗi dữ liệu"].str.contains("có ở các dòng").all()
    changes = pl.read_csv(tmp_path / "ds_changes.csv", infer_schema=False)
    rules = set(changes["Quy tắc"].unique())
    assert {"unit:exact", "unit:matched", "name", "dob", "gender", "citizen_id"} <= rules


def test_parquet_input(tmp_path, form_csv):
    form, _ = form_csv
    runner.invoke(app, ["normalize", str(form), "-o", str(tmp_path), "-f", "parquet"])
    cleaned = pl.read_parquet(tmp_path / "ds_clean.parquet")
    source = cleaned.select(cleaned.columns[1:12])  # the original columns only
    source.write_parquet(tmp_path / "nguon.parquet")
    result = runner.invoke(app, ["normalize", str(tmp_path / "nguon.parquet"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    book = pl.read_excel(tmp_path / "nguon_clean.xlsx", sheet_name="Dữ liệu sạch")
    assert book.height == 1500
    assert book["Dòng gốc"].to_list() == list(range(2, 1502))
    assert (book["Trạng thái"] == cleaned["Trạng thái"]).all()


def test_streamed_run_writes_its_report(form_csv, tmp_path):
    import openpyxl

    form, _ = form_csv
    result = runner.invoke(app, ["normalize", str(form), "-o", str(tmp_path), "-f", "parquet"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "ds_report.xlsx", read_only=True)
    rows = list(book["Tổng hợp"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Mục")
    summary = {k: v for k, v in rows[start + 1 :] if k}
    assert summary["Số dòng đọc"] == summary["Số dòng ghi"] == 1500
    assert sum(v for k, v in summary.items() if k.startswith("Địa chỉ: ")) == 1500
    written = pl.read_parquet(tmp_path / "ds_clean.parquet")
    pending = written.filter(
        pl.col("Trạng thái").is_in(["fuzzy", "split", "disputed", "unresolved"])
    )
    lines = list(book["Cần xác minh"].iter_rows(values_only=True))
    counted = lines[0].index("Số dòng")
    assert sum(r[counted] for r in lines[1:]) == pending.height
    invalid = (written["Kiểm tra dữ liệu"] == "invalid").sum()
    assert summary["Dòng không hợp lệ"] == invalid == book["Lỗi dữ liệu"].max_row - 1
    # named as it sits beside the report, never by the run's staging folder
    assert summary["Nhật ký thay đổi đầy đủ (CSV)"] == "ds_changes.csv"
    assert (tmp_path / summary["Nhật ký thay đổi đầy đủ (CSV)"]).exists()

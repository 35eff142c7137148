"""One large file cut by its 2025 province (`normalize --by-province`), each part cleaned as a
file of its own: every row lands in the part of its province, keeps its row in the file, and
the parts add up to the file."""

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from dataclean.cli.app import app
from dataclean.schema.columns import ORIGINAL_FILE_ROW, SOURCE_ROW
from dataclean.schema.errors import ExitCode
from dataclean.units.resolver import default_resolver
from dataclean.writing.summary_workbook import SUMMARY_NAME


@pytest.fixture(scope="module")
def national(tmp_path_factory, generator) -> Path:
    folder = tmp_path_factory.mktemp("national")
    data, _ = generator.generate(
        folder / "ca_nuoc.csv", rows=3_000, seed=11, layout="columns", fmt="csv"
    )
    (folder / "ca_nuoc_truth.csv").unlink(missing_ok=True)
    return data


@pytest.fixture(scope="module")
def cut(national, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cut")
    done = CliRunner().invoke(
        app, ["normalize", str(national), "--by-province", "-f", "csv", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    return out


def test_every_row_lands_in_the_part_of_its_province_and_keeps_its_row(national, cut):
    source = pl.read_csv(national, infer_schema=False).with_row_index("line", offset=2)
    first, province = source.columns[1], _province_column(national)  # line 1 is the header
    parts = sorted(cut.glob("ca_nuoc_*_clean.csv"))
    assert len(parts) > 3
    seen = []
    resolver = default_resolver()
    for part in parts:
        code = part.name.removeprefix("ca_nuoc_")[:2]
        rows = pl.read_csv(part, infer_schema=False)
        assert rows[SOURCE_ROW].to_list() == [str(i) for i in range(2, rows.height + 2)]
        back = source.join(
            rows.select(pl.col(ORIGINAL_FILE_ROW).cast(pl.Int64).alias("line"), first),
            on="line",
        )
        assert back.height == rows.height  # each row is the file's row it says it is
        assert (back[first] == back[f"{first}_right"]).all()
        for text in back[province].drop_nulls().unique().to_list():
            found = resolver.resolve(province=text).new_province_code
            assert found == (None if code == "00" else code) or (code == "00" and not found)
        seen += rows[ORIGINAL_FILE_ROW].to_list()
    assert sorted(map(int, seen)) == source["line"].to_list()  # every row, once


def _province_column(path: Path) -> str:
    from dataclean.reading.lazy_table import open_lazy_table

    return open_lazy_table(path, path.parent).layout.roles()["province"]


def test_the_parts_are_listed_and_added_up_in_one_report(cut):
    from openpyxl import load_workbook

    summary = load_workbook(cut / SUMMARY_NAME).active
    cells = [[c.value for c in row] for row in summary.iter_rows()]
    total = next(r for r in cells if r and r[0] and str(r[0]).startswith("Tổng"))
    assert 3_000 in total
    named = [r[0] for r in cells if r and str(r[0]).startswith("ca_nuoc.csv: ")]
    assert len(named) == len(list(cut.glob("*_clean.csv")))  # each part by file and province
    assert any(str(n).endswith("(01)") and "Hà Nội" in str(n) for n in named)
    assert not [p for p in cut.glob(".dataclean-*") if p.is_dir()]  # the parts are gone


def test_a_file_without_a_province_column_is_told_so(tmp_path):
    data = tmp_path / "ds.csv"
    data.write_text("Họ và tên,Ngày sinh\nNguyễn Văn An,01/02/1990\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["normalize", str(data), "--by-province", "-f", "csv"])
    assert done.exit_code == ExitCode.USAGE
    assert "--by-province" in done.output and "Traceback" not in done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.csv"]


def test_a_workbook_is_told_to_go_without_by_province(tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "xa_mau.xlsx"
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["normalize", str(sample), "--by-province", "-o", str(out)])
    assert done.exit_code == ExitCode.USAGE
    assert ".csv" in done.output and "Traceback" not in done.output
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]


def test_two_runs_write_the_same_bytes_and_name_each_part_by_its_province(
    national, tmp_path, monkeypatch
):
    """A part's report names the file and province it came from, never its scratch file
    (whose path differs from run to run): two runs write the same bytes, reports included."""
    import hashlib

    from openpyxl import load_workbook

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")
    digests = []
    for run in ("one", "two"):
        out = tmp_path / run
        done = CliRunner().invoke(
            app, ["normalize", str(national), "--by-province", "-f", "csv", "-o", str(out)]
        )
        assert done.exit_code == 0, done.output
        files = sorted(p for p in out.iterdir() if not p.name.startswith("."))
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files})
    assert digests[0] == digests[1]
    report = load_workbook(tmp_path / "one" / "ca_nuoc_01_thanh_pho_ha_noi_report.xlsx").active
    said = [c for row in report.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "ca_nuoc.csv: Thành phố Hà Nội (01)" in said
    assert not any(".dataclean-" in c for c in said)

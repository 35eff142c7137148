"""`normalize` of many files: each file a partition, side by side or on a local Spark, the
same bytes written whichever way it ran, and one combined report that adds them up."""

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dataclean import clock
from dataclean.cli.app import app
from dataclean.jobs.normalize import NormalizeOptions
from dataclean.jobs.normalize_many import input_files, normalize_files
from dataclean.schema.errors import ExitCode, InputError
from dataclean.schema.statuses import STATUSES, label
from dataclean.writing.summary_workbook import FAILED_SHEET, SUMMARY_NAME, TABLES_SHEET, TOTAL

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a JVM")


@pytest.fixture(scope="module")
def communes(tmp_path_factory, generator) -> Path:
    """A folder of three commune lists: two workbooks and a CSV of other layouts."""
    folder = tmp_path_factory.mktemp("communes")
    generator.generate(folder / "xa_a.xlsx", rows=300, seed=11, layout="columns")
    generator.generate(folder / "xa_b.xlsx", rows=250, seed=12, layout="address")
    generator.generate(folder / "xa_c.csv", rows=200, seed=13, layout="columns", fmt="csv")
    for extra in folder.glob("*_truth*"):
        extra.unlink()
    return folder


@pytest.fixture
def fixed_time(monkeypatch):
    # Two runs, each with its own time in its reports: a fixed one (the reproducible-builds
    # convention dataclean follows) lets them be compared byte for byte.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_a_folder_is_its_spreadsheets_without_the_outputs_of_a_run(communes, tmp_path):
    for name in ("xa_a_clean.xlsx", "xa_a_report.xlsx", SUMMARY_NAME, "notes.txt.bak"):
        shutil.copy(communes / "xa_a.xlsx", tmp_path / name)
    shutil.copy(communes / "xa_c.csv", tmp_path / "xa_c.csv")
    assert [p.name for p in input_files([tmp_path])] == ["xa_c.csv"]


def test_two_files_of_one_name_are_refused_before_anything_is_written(communes, tmp_path):
    (tmp_path / "other").mkdir()
    shutil.copy(communes / "xa_a.xlsx", tmp_path / "other" / "xa_a.xlsx")
    with pytest.raises(InputError) as told:
        input_files([communes / "xa_a.xlsx", tmp_path / "other" / "xa_a.xlsx"])
    assert told.value.code == ExitCode.USAGE and "xa_a" in told.value.vi


def test_files_cleaned_side_by_side_are_the_files_cleaned_one_by_one(
    communes, tmp_path, fixed_time
):
    files = input_files([communes])
    one = normalize_files(files, tmp_path / "one", workers=1)
    two = normalize_files(files, tmp_path / "two", workers=2)
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")
    names = set(_digests(tmp_path / "one"))
    # each file's own outputs, and one combined report
    for stem in ("xa_a", "xa_b", "xa_c"):
        assert {f"{stem}_clean.xlsx", f"{stem}_report.xlsx"} <= names
    assert SUMMARY_NAME in names
    assert [p.input_file.name for p in one.partitions] == ["xa_a.xlsx", "xa_b.xlsx", "xa_c.csv"]
    assert not one.failed and not two.failed


def test_every_file_of_a_run_states_the_run_s_time(communes, tmp_path, monkeypatch):
    # A clock that moves a minute each time it is read: the files are cleaned at different
    # times, yet one run has one time, so that where each ran changes no byte.
    minutes = iter(range(1_800_000_000, 1_900_000_000, 60))
    monkeypatch.setattr(clock, "now", lambda: dt.datetime.fromtimestamp(next(minutes), dt.UTC))
    batch = normalize_files(input_files([communes]), tmp_path)
    stated = set()
    for table in (t for p in batch.partitions for t in p.tables):
        summary = load_workbook(table.report, read_only=True).worksheets[0]
        stated |= {row[1] for row in summary.values if row and row[0] == "Thời điểm"}
    assert stated == {"15/01/2027 08:00"}


def test_the_combined_report_adds_up_what_each_file_wrote(communes, tmp_path):
    batch = normalize_files(input_files([communes]), tmp_path, NormalizeOptions(fmt="csv"))
    sheet = load_workbook(batch.summary, read_only=True)[TABLES_SHEET]
    header, *rows = sheet.values
    table = [dict(zip(header, row, strict=True)) for row in rows]
    *files, total = table
    assert [r["Tệp (file)"] for r in files] == ["xa_a.xlsx", "xa_b.xlsx", "xa_c.csv"]
    assert total["Tệp (file)"] == TOTAL
    results = [t for p in batch.partitions for t in p.tables]
    assert [r["Dòng đọc vào (rows in)"] for r in files] == [t.rows_in for t in results]
    assert [r["Ô đã sửa (changes)"] for r in files] == [t.changes for t in results]
    assert total["Dòng đọc vào (rows in)"] == sum(t.rows_in for t in results)
    assert total["Dòng đọc vào (rows in)"] >= 750  # every row of the three lists, and subtotals
    # the statuses of each file add up to its rows
    statuses = [label(s.code) for s in STATUSES]
    for row, result in zip(files, results, strict=True):
        assert sum(row[h] or 0 for h in statuses) == sum(n for _, n in result.statuses)
        assert row["Tệp đã làm sạch (cleaned file)"] == result.target.name


def test_a_file_that_cannot_be_read_is_listed_and_the_others_are_written(communes, tmp_path):
    broken = tmp_path / "in"
    broken.mkdir()
    shutil.copy(communes / "xa_c.csv", broken / "xa_c.csv")
    (broken / "xa_hong.xlsx").write_bytes(b"not a workbook")
    result = CliRunner().invoke(app, ["normalize", str(broken), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.NOT_A_SPREADSHEET, result.output
    assert "Traceback" not in result.output and "xa_hong.xlsx" in result.output
    assert (tmp_path / "out" / "xa_c_clean.xlsx").is_file()
    failed = load_workbook(tmp_path / "out" / SUMMARY_NAME, read_only=True)[FAILED_SHEET]
    (_, (name, reason)) = list(failed.values)
    assert name == "xa_hong.xlsx" and "xa_hong.xlsx" in reason


def test_a_folder_given_writes_into_its_ket_qua_folder(communes, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(communes, folder)
    result = CliRunner().invoke(
        app, ["normalize", str(folder), "--workers", "1"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    total = next(line for line in result.output.splitlines() if "Tổng cộng" in line)
    assert total.split("│")[3].strip() == "750"  # rows read: 300 + 250 + 200
    assert (folder / "ket_qua" / SUMMARY_NAME).is_file()
    assert (folder / "ket_qua" / "xa_b_clean.xlsx").is_file()
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == sorted(
        p.name for p in communes.iterdir()
    )  # the inputs are untouched, nothing written beside them


@needs_java
def test_a_local_cluster_writes_the_same_files(communes, tmp_path, fixed_time):
    pytest.importorskip("pyspark")
    runner = CliRunner()
    for name, extra in (("here", ["--workers", "1"]), ("there", ["--cluster", "local[2]"])):
        args = ["normalize", str(communes), "-o", str(tmp_path / name), *extra]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    here, there = _digests(tmp_path / "here"), _digests(tmp_path / "there")
    assert len(here) >= 7 and here == there


@pytest.mark.parametrize("command", ["normalize", "dedupe"])
def test_the_help_names_the_extra_that_cluster_needs(command):
    # "[cluster]" is rich markup unless escaped: the help once said "pip install 'dataclean'".
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "'dataclean[cluster]'" in result.output

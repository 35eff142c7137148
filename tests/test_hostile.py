"""Hostile and broken input (tests/hostile.py): one clear line each, a documented exit code,
nothing written outside the output folder, nothing left after a failure, the input untouched,
and no formula in any output."""

import csv
import errno
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hostile import (
    CASES,
    ROW,
    formulas,
    judged,
    rows,
    run_here,
    snapshot,
    write_csv,
    zip_bomb,
)

from dataclean.schema.errors import ExitCode


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_told_in_one_line_and_leaves_nothing(case, tmp_path):
    work = tmp_path / "case"
    work.mkdir()
    args = [a.replace("{out}", str(work / "out")) for a in case.build(work)]
    before = snapshot(work)
    beside = set(tmp_path.iterdir())
    code, text = run_here(args)
    assert judged(case, work, before, code, text) == [], text
    assert set(tmp_path.iterdir()) == beside
    if code == 0 and (work / "out").is_dir():
        assert formulas(work / "out") == []


def _case(name: str, tmp_path: Path) -> tuple[Path, str]:
    case = next(c for c in CASES if c.name == name)
    args = [a.replace("{out}", str(tmp_path / "out")) for a in case.build(tmp_path)]
    code, text = run_here(args)
    assert code == 0, text
    return tmp_path / "out", text


def test_a_column_named_like_an_added_one_keeps_its_values(tmp_path):
    out, _ = _case("collides_with_added_columns", tmp_path)
    clean = pl.read_excel(out / "trung_ten_clean.xlsx", infer_schema_length=0)
    assert clean["Trạng thái (tệp gốc)"].to_list() == ["đang ở"] * 6
    assert clean["Lỗi dữ liệu (tệp gốc)"].to_list() == ["không"] * 6
    assert set(clean["Trạng thái"]) == {"exact"}  # ours, beside it
    summary = [r for r in openpyxl.load_workbook(out / "trung_ten_report.xlsx")["Tổng hợp"].values]
    said = [r[1] for r in summary if r[0] and "trùng tên" in str(r[0])]
    assert said == ["Trạng thái → Trạng thái (tệp gốc), Lỗi dữ liệu → Lỗi dữ liệu (tệp gốc)"]


def test_a_cell_over_excel_limit_is_kept_whole_beside_the_workbook(tmp_path):
    out, _ = _case("cell_over_excel_limit_csv", tmp_path)
    cleaned = "Nguyễn Văn An X" + "x" * 39_999  # the name rule capitalises the last word
    whole = pl.read_csv(out / "dai_full_cells.csv", infer_schema=False)
    assert whole.filter(pl.col("Cột") == "Họ và tên")["Nội dung đầy đủ"].to_list() == [cleaned]
    cut = openpyxl.load_workbook(out / "dai_clean.xlsx", read_only=True)["Dữ liệu sạch"]
    header = next(cut.values)
    row = next(r for r in cut.values if r[0] == 4)
    assert row[header.index("Họ và tên")] == cleaned[:32_767]
    summary = list(openpyxl.load_workbook(out / "dai_report.xlsx")["Tổng hợp"].values)
    said = next(r[1] for r in summary if r[0] and "32.767" in str(r[0]))
    assert said.startswith("dòng 4 (Họ và tên)") and "dai_full_cells.csv" in said


def test_csv_headers_from_the_input_never_run_as_formulas(tmp_path):
    out, _ = _case("formula_headers", tmp_path)
    header = next(csv.reader(io.StringIO((out / "cong_thuc_clean.csv").read_text("utf-8-sig"))))
    assert "'=cmd|' /C calc'!A0" in header and "'@SUM(1)" in header
    assert formulas(out) == []


def test_two_inputs_of_one_name_never_mix_their_outputs(tmp_path):
    out = tmp_path / "out"
    first, second = tmp_path / "a" / "ds.csv", tmp_path / "b" / "ds.csv"
    for path, n in ((first, 3), (second, 5)):
        path.parent.mkdir()
        write_csv(path, rows(n))
    assert run_here(["normalize", str(first), "-o", str(out)])[0] == 0
    assert run_here(["normalize", str(second), "-o", str(out)])[0] == 0
    assert run_here(["normalize", str(first), "-o", str(out)])[0] == 0  # its own, replaced
    named = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    other = [n for n in named if n != "ds_clean.xlsx" and n.endswith("_clean.xlsx")]
    assert "ds_clean.xlsx" in named and len(other) == 1, named
    assert re.fullmatch(r"ds_[0-9a-f]{8}_clean\.xlsx", other[0])
    assert pl.read_excel(out / "ds_clean.xlsx").height == 3
    assert pl.read_excel(out / other[0]).height == 5


@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_a_full_disk_ends_with_its_code_and_leaves_nothing(fmt, tmp_path, monkeypatch):
    from dataclean.writing import clean_workbook

    def full(out, path, *args, **kwargs):
        Path(path).write_bytes(b"PK\x03\x04 half")  # what a writer leaves when the disk fills
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(clean_workbook, "_write_xlsx", full)
    monkeypatch.setattr(pl.DataFrame, "write_parquet", lambda self, path, **kw: full(self, path))
    monkeypatch.setattr(pl.LazyFrame, "sink_parquet", lambda self, path, **kw: full(self, path))
    write_csv(tmp_path / "ds.csv", rows())
    out = tmp_path / "out"
    code, text = run_here(["normalize", str(tmp_path / "ds.csv"), "-o", str(out), "-f", fmt])
    assert code == ExitCode.DISK_FULL
    assert len(text.strip().splitlines()) == 1 and "ổ đĩa đầy" in text
    assert not out.exists()  # the folder it made is removed again


def _rss_of(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess, int]:
    """``dataclean args`` in a process of its own, and its peak memory in MB."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking test process.
    probe = (
        "import re, sys\n"
        "from dataclean.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    peak = int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024\n"
        "    print(f'PEAK {peak}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    peak = int(re.search(r"PEAK (\d+)", done.stderr).group(1))
    return done, peak


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path):
    bomb = zip_bomb(tmp_path / "bom.xlsx")
    assert bomb.stat().st_size < 10 << 20
    done, peak = _rss_of(["normalize", str(bomb), "-o", str(tmp_path / "out")], tmp_path)
    assert done.returncode == ExitCode.INPUT_TOO_LARGE, done.stderr
    assert "bom.xlsx" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert peak < 500, peak
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_sigterm_stops_a_run_with_143_and_one_line(tmp_path):
    table = rows(1)
    table += [[str(i), ROW[1], ROW[2], ROW[3], f"00108{i:07d}", ROW[5]] for i in range(60_000)]
    write_csv(tmp_path / "lon.csv", table)
    out = tmp_path / "out"
    run_ = subprocess.Popen(
        [sys.executable, "-m", "dataclean", "normalize", str(tmp_path / "lon.csv"), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not out.exists() and run_.poll() is None:  # the run has started writing its folder
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(run_.pid, signal.SIGTERM)
    stdout, stderr = run_.communicate(timeout=60)
    assert run_.returncode == ExitCode.TERMINATED, stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert [line for line in stdout.splitlines() if "Lỗi" in line] == [
        "Lỗi: đã dừng theo yêu cầu; không ghi tệp kết quả nào (stopped; no output was written)"
    ]
    assert not out.exists() or [p.name for p in out.iterdir()] == []


def _spawned_by(pid: int) -> list[int]:
    """The processes ``pid`` started with multiprocessing's spawn (not its resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile
        if parent == pid and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_files_process_killed_midway_is_one_line_and_leaves_nothing(tmp_path):
    # What the kernel's out-of-memory killer does to a process running one file of several.
    for name in ("a", "b"):
        table = rows(1) + [[str(i), *ROW[1:4], f"00108{i:07d}", ROW[5]] for i in range(60_000)]
        write_csv(tmp_path / f"{name}.csv", table)
    out = tmp_path / "out"
    files = [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]
    run_ = subprocess.Popen(
        [sys.executable, "-m", "dataclean", "normalize", *files, "--workers", "2", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started, staging = time.monotonic(), []
    while not staging and run_.poll() is None:  # until a file's process has begun its files
        assert time.monotonic() - started < 60
        time.sleep(0.02)
        workers = _spawned_by(run_.pid)
        staging = [w for w in workers if list(out.glob(f".dataclean-run-{w}-*"))]
    os.kill(staging[0], signal.SIGKILL)
    stdout, stderr = run_.communicate(timeout=120)
    assert run_.returncode == ExitCode.WORKER_LOST, stdout + stderr
    assert "Traceback" not in stdout + stderr
    told = [line for line in stdout.splitlines() if "Lỗi" in line]
    assert len(told) == 1 and "--workers 1" in told[0], stdout
    # A file finished before is kept whole, as after a stop (the other's process may have
    # finished it just before); nothing else is left, no half-written or staged file.
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    whole = [f"{s}_{t}" for s in ("a", "b") for t in ("clean.xlsx", "dedup.xlsx", "report.xlsx")]
    assert set(left) <= {*whole, ".dataclean-inputs.json"}, left
    for stem in ("a", "b"):  # a finished file has at least its cleaned rows and its report
        mine = {n for n in left if n.startswith(f"{stem}_")}
        assert not mine or {f"{stem}_clean.xlsx", f"{stem}_report.xlsx"} <= mine, left


def test_a_change_log_longer_than_a_sheet_is_kept_whole_beside_it(tmp_path, monkeypatch):
    from dataclean.jobs import normalize

    monkeypatch.setattr(normalize, "CHANGES_SHEET_ROWS", 2)  # a million changes, in small
    table = rows()
    for r in table[1:]:
        r[1] = r[1].upper()  # each name is changed: one change a row
    write_csv(tmp_path / "ds.csv", table)
    out = tmp_path / "out"
    code, text = run_here(["normalize", str(tmp_path / "ds.csv"), "-o", str(out)])
    assert code == 0, text
    whole = pl.read_csv(out / "ds_changes.csv", infer_schema=False)
    assert whole.height >= 6
    shown = pl.read_excel(out / "ds_clean.xlsx", sheet_name="Thay đổi")
    assert shown.height == 2
    summary = list(openpyxl.load_workbook(out / "ds_report.xlsx")["Tổng hợp"].values)
    assert any(r[1] == "ds_changes.csv" for r in summary)


def test_two_runs_at_once_into_one_folder_keep_their_outputs_apart(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    inputs = []
    for folder, n in (("a", 3), ("b", 5)):
        (tmp_path / folder).mkdir()
        inputs.append(write_csv(tmp_path / folder / "ds.csv", rows(n)))
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "dataclean", "normalize", str(path), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for path in inputs
    ]
    assert [r.wait(timeout=120) for r in runs] == [0, 0]
    cleaned = sorted(out.glob("*_clean.xlsx"))
    assert len(cleaned) == 2
    # Each set of files is whole: its clean file and its report, from one input.
    for clean in cleaned:
        stem = clean.name.removesuffix("_clean.xlsx")
        height = pl.read_excel(clean).height
        assert height in (3, 5)
        assert not (out / f"{stem}_dedup.xlsx").exists()  # no two rows were one person
        assert (out / f"{stem}_report.xlsx").is_file()
    assert {pl.read_excel(c).height for c in cleaned} == {3, 5}


def test_a_row_wider_than_the_first_lines_keeps_its_last_cells(tmp_path):
    out, _ = _case("wide_row_late_csv", tmp_path)
    clean = pl.read_excel(out / "rong_muon_clean.xlsx", infer_schema_length=0)
    assert clean.select("Cột 7", "Cột 8").tail(1).row(0) == ("thừa 1", "thừa 2")
    assert clean.height == 1500


def test_a_column_named_like_an_added_one_is_read_as_no_field(tmp_path):
    # "Xã/Phường mới" typed by hand before the old commune: kept, never taken for the commune.
    table = [["Xã/Phường mới", *rows()[0]]] + [["Phường Hồng Hà", *r] for r in rows()[1:]]
    write_csv(tmp_path / "ds.csv", table)
    code, text = run_here(["normalize", str(tmp_path / "ds.csv"), "-o", str(tmp_path / "out")])
    assert code == 0, text
    clean = pl.read_excel(tmp_path / "out" / "ds_clean.xlsx", infer_schema_length=0)
    assert set(clean["Xã/Phường mới (tệp gốc)"]) == {"Phường Hồng Hà"}
    assert set(clean["Xã/Phường cũ (nhận diện)"]) == {"Phường Phúc Xá"}  # from "Địa chỉ"

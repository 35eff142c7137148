"""A run's files written side by side, in processes of their own, as one after the other."""

import hashlib
import os
import subprocess
import sys
import textwrap
import time

import polars as pl
import pytest

from dataclean.jobs.normalize import NormalizeOptions, normalize_file
from dataclean.runtime.policy import RunPolicy
from dataclean.runtime.side_by_side import SideBySide
from dataclean.writing.clean_workbook import write_output


def _digests(folder) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if not p.name.startswith(".dataclean")  # the folder's lock and its record of inputs
        if not p.name.endswith("_report.xlsx")  # it says when it was written
    }


def test_side_by_side_writes_the_same_bytes(columns_form, tmp_path):
    data, _ = columns_form
    one_by_one, side = tmp_path / "one", tmp_path / "side"
    for folder, start in ((one_by_one, 10**9), (side, 0)):
        folder.mkdir()
        normalize_file(data, folder, NormalizeOptions(policy=RunPolicy(write_apart_from=start)))
    written = _digests(side)
    assert set(written) == {f"{data.stem}_clean.xlsx", f"{data.stem}_dedup.xlsx"}
    assert written == _digests(one_by_one)
    assert (side / f"{data.stem}_report.xlsx").stat().st_size > 0


def test_an_error_in_a_writer_reaches_the_caller(tmp_path):
    table = pl.DataFrame({"Họ tên": ["Nguyễn Văn An"] * 3})
    fine, lost = tmp_path / "fine.xlsx", tmp_path / "no_such_folder" / "lost.xlsx"
    with pytest.raises(FileNotFoundError), SideBySide(rows=10**6) as writes:
        writes.submit(write_output, table, fine, pl.Series([False] * 3))
        writes.submit(write_output, table, lost, pl.Series([False] * 3))
    assert not lost.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_writer_stopped_midway_leaves_no_temporary_file(tmp_path):
    # What a writer does when the run is stopped (the parent sends SIGTERM): it leaves through
    # the temporary file's clean-up, so nothing half-written stays beside the outputs.
    target = tmp_path / "out.xlsx"
    script = textwrap.dedent(f"""
        import os, signal, time
        from pathlib import Path
        from dataclean.writing.atomic import atomic_path
        from dataclean.runtime.side_by_side import _writer_signals
        _writer_signals()
        with atomic_path(Path({str(target)!r})) as tmp:
            tmp.write_text("half a workbook")
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30)
    assert done.returncode == 1, done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the writes run in-process")
def test_a_run_stopped_with_sigterm_stops_its_writers(tmp_path):
    script = textwrap.dedent("""
        import time
        from dataclean.runtime.interrupts import Terminated
        from dataclean.runtime.side_by_side import SideBySide
        try:
            with SideBySide(rows=10**6) as writes:
                writes.submit(time.sleep, 60)
                writes.submit(time.sleep, 60)
                print(*(p.pid for p, _ in writes._writers), flush=True)
        except Terminated:
            raise SystemExit(143)  # as the command line ends it
    """)
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in run.stdout.readline().split()]
    assert len(pids) == 2
    run.terminate()
    assert run.wait(timeout=20) == 128 + 15
    for pid in pids:  # each writer is gone, not left to run on
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_writers_die_with_a_run_killed_outright(tmp_path):
    script = textwrap.dedent("""
        import time
        from dataclean.runtime.side_by_side import SideBySide
        with SideBySide(rows=10**6) as writes:
            writes.submit(time.sleep, 60)
            writes.submit(time.sleep, 60)
            print(*(p.pid for p, _ in writes._writers), flush=True)
            time.sleep(60)
    """)
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in run.stdout.readline().split()]
    assert len(pids) == 2
    run.kill()  # SIGKILL: no handler runs in the parent
    run.wait(timeout=20)
    deadline = time.monotonic() + 20
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if _alive(pid)]
        time.sleep(0.05)
    assert alive == []  # the parent-death signal ended them, not their minute of sleep


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("start", [1, 10**9])  # every file in a process of its own, or here
def test_the_writing_stage_counts_the_rows_it_writes(generator, tmp_path, start):
    from dataclean.jobs.normalize import Watch

    data, _ = generator.generate(
        tmp_path / "ds.csv", rows=3_000, seed=7, layout="columns", fmt="csv"
    )
    told: list[tuple[int, int]] = []
    (tmp_path / "out").mkdir()
    normalize_file(
        data,
        tmp_path / "out",
        NormalizeOptions(policy=RunPolicy(write_apart_from=start)),
        watch=Watch(written=lambda done, total: told.append((done, total))),
    )
    totals = {total for _, total in told}
    assert len(totals) == 1
    (total,) = totals
    assert total > 3_000  # the cleaned rows, their change log and the pair sheets
    done = [d for d, _ in told]
    assert done == sorted(done) and done[-1] == total

"""A run's files written side by side, in threads of their own, as one after the other."""

import hashlib
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

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


def _writing(target) -> None:
    """A writer as the sheet writers are: it counts its rows as it goes, into a temporary file."""
    from dataclean.writing import rows_written
    from dataclean.writing.atomic import atomic_path

    with atomic_path(target) as tmp:
        for _ in range(3_000):  # 30 s unless stopped
            tmp.write_text("half a workbook")
            rows_written.count(1)
            time.sleep(0.01)


def test_a_writer_that_fails_stops_the_others_and_its_error_reaches_the_caller(tmp_path):
    from dataclean.writing.rows_written import counting_into

    lost = tmp_path / "no_such_folder" / "lost.xlsx"
    started = time.monotonic()
    with (
        pytest.raises(FileNotFoundError),
        SideBySide(rows=10**6, count_with=counting_into) as writes,
    ):
        writes.submit(_writing, tmp_path / "slow.xlsx")
        writes.submit(write_output, pl.DataFrame({"a": ["x"]}), lost, pl.Series([False]))
    assert time.monotonic() - started < 10  # the slow one did not run its 30 s
    assert list(tmp_path.iterdir()) == []  # neither file, nothing half-written
    # the next run in this process (a test, a partition) writes as usual
    write_output(
        pl.DataFrame({"a": ["x"] * 5_000}), tmp_path / "next.xlsx", pl.Series([False] * 5_000)
    )
    assert (tmp_path / "next.xlsx").exists()


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_a_run_stopped_stops_its_writers_and_leaves_nothing_half_written(tmp_path, signal_name):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_side_by_side import _writing
        from dataclean.runtime.interrupts import Terminated
        from dataclean.runtime.side_by_side import SideBySide
        from dataclean.writing.rows_written import counting_into
        try:
            with SideBySide(rows=10**6, count_with=counting_into) as writes:
                writes.submit(_writing, Path({str(tmp_path / "a.xlsx")!r}))
                writes.submit(_writing, Path({str(tmp_path / "b.xlsx")!r}))
                print("writing", flush=True)
        except KeyboardInterrupt:
            raise SystemExit(130)
    """)
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "writing"
    time.sleep(0.3)
    assert len(list(tmp_path.glob(".*.tmp"))) == 2  # both writers are half-way
    started = time.monotonic()
    run.send_signal(getattr(signal, signal_name))
    assert run.wait(timeout=20) == 130
    assert time.monotonic() - started < 5
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("start", [1, 10**9])  # every file in a thread of its own, or here
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

"""Partitions side by side: results in the items' order whatever order they end in, and a stop
ends the partitions still running instead of waiting for them."""

import time

import pytest

from dataclean.runtime.partitions import local_workers, run_partitions


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_results_come_back_in_the_items_order():
    told = []
    naps = [0.6, 0.0, 0.2]
    assert run_partitions(_nap, naps, workers=2, done=lambda d, t: told.append((d, t))) == naps
    assert told == [(1, 3), (2, 3), (3, 3)]


def test_a_stop_ends_the_partitions_still_running():
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt  # Ctrl+C while the long ones run

    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run_partitions(_nap, [0.0, 60.0, 60.0], workers=3, done=stop)
    assert time.perf_counter() - started < 20


def test_one_partition_or_one_worker_runs_here():
    assert run_partitions(_nap, [0.0, 0.0], workers=1) == [0.0, 0.0]
    assert local_workers(partitions=3, asked=8) == 3
    assert local_workers(partitions=5, asked=None) >= 1


def test_a_partition_stopped_midway_leaves_no_temporary_file(tmp_path):
    # What a partition's process does when the run is stopped (the parent sends SIGTERM): it
    # leaves through the temporary file's clean-up, so nothing half-written stays.
    import signal
    import subprocess
    import sys
    import textwrap

    target = tmp_path / "out.xlsx"
    script = textwrap.dedent(f"""
        import os, signal, time
        from pathlib import Path
        from dataclean.writing.atomic import atomic_path
        from dataclean.runtime.partitions import child_signals
        child_signals()
        with atomic_path(Path({str(target)!r})) as tmp:
            tmp.write_text("half a workbook")
            print("writing", flush=True)
            time.sleep(30)
    """)
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "writing"
    assert len(list(tmp_path.iterdir())) == 1
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=20) == 1
    assert list(tmp_path.iterdir()) == []

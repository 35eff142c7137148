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

"""Partitions of a job (the files of a `normalize` run) run side by side: here, in processes of
their own, or as Spark tasks (`--cluster`, see :mod:`dataclean.runtime.cluster`).

Each partition is independent and written by its own task, so where it runs changes nothing in
what is written. Local processes are started fresh (spawn), never forked: polars' thread pool
does not survive a fork. A partition may still fork its own resolving workers.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from functools import partial
from typing import Any, TypeVar

from dataclean.runtime.interrupts import WAKE_EVERY
from dataclean.runtime.side_by_side import child_signals

Item = TypeVar("Item")
Result = TypeVar("Result")
Done = Callable[[int, int], None]  # told (partitions done, of all) as each ends
_stop: Any = None  # in a partition's process: the run's "stop" (a multiprocessing Event)


def _partition_init(stop: Any) -> None:
    global _stop
    _stop = stop
    child_signals()


def _unless_stopped(task: Callable[[Item], Result], item: Item) -> Result:
    # A stopped partition may end in a SystemExit or KeyboardInterrupt the pool's worker
    # catches; the pool then hands it the partitions queued for it. They are not begun.
    if _stop is not None and _stop.is_set():
        os._exit(1)
    return task(item)


def local_workers(partitions: int, asked: int | None = None) -> int:
    """How many partitions run at once on this machine: as asked, else one per core."""
    cores = os.cpu_count() or 1
    return max(1, min(partitions, asked if asked is not None else cores))


def run_partitions(
    task: Callable[[Item], Result],
    items: list[Item],
    workers: int = 1,
    cluster: str | None = None,
    done: Done | None = None,
) -> list[Result]:
    """``task`` of each item, the results in the items' order: on the Spark master
    ``cluster``, else in ``workers`` processes (one: in this process, one after the other)."""
    told = done or (lambda finished, total: None)
    if cluster is not None:
        from dataclean.runtime.cluster import run_on_spark

        ran = run_on_spark(task, items, cluster)
        told(len(items), len(items))
        return ran
    if workers <= 1 or len(items) <= 1:
        out = []
        for item in items:
            out.append(task(item))
            told(len(out), len(items))
        return out
    results: dict[int, Result] = {}
    context = mp.get_context("spawn")
    stop = context.Event()
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_partition_init, initargs=(stop,)
    )
    try:
        guarded = partial(_unless_stopped, task)
        futures = {pool.submit(guarded, item): i for i, item in enumerate(items)}
        pending = set(futures)
        while pending:
            # Woken now and then: Ctrl+C may reach another thread (see runtime.interrupts).
            ended, pending = wait(pending, timeout=WAKE_EVERY, return_when=FIRST_COMPLETED)
            for future in ended:
                results[futures[future]] = future.result()
                told(len(results), len(items))
    except BaseException:  # Ctrl+C, SIGTERM or a partition's fault: stop the others now
        stop.set()
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()  # SIGTERM: each removes its unfinished files on the way out
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [results[i] for i in range(len(items))]

"""Partitions of a job (the files of a `normalize` run) run side by side: here, in processes of
their own, or as Spark tasks (`--cluster`, see :mod:`dataclean.runtime.cluster`).

Each partition is independent and written by its own task, so where it runs changes nothing in
what is written. Local processes are started fresh (spawn), never forked: polars' thread pool
does not survive a fork. A partition may still fork its own resolving workers.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from functools import partial
from typing import Any, TypeVar

from dataclean.runtime.interrupts import WAKE_EVERY

Item = TypeVar("Item")
Result = TypeVar("Result")
Done = Callable[[int, int], None]  # told (partitions done, of all) as each ends
_stop: Any = None  # in a partition's process: the run's "stop" (a multiprocessing Event)


_LEAVE_WITHIN = 5.0  # seconds a stopped child has to remove its temporary files


def child_signals() -> None:
    """In a process a run started: Ctrl+C is the parent's to handle; it stops the child with
    SIGTERM, which here raises SystemExit, so that temporary files are removed on the way out;
    and the child dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stopped)
    # A SIGTERM landing in a callback, a finaliser or an exit handler is "ignored" with a
    # traceback on the volunteer's screen: a stop is no fault, so it is ignored quietly.
    sys.unraisablehook = _quiet_when_stopped
    _die_with_parent()


def _stopped(*_: object) -> None:
    if sys.is_finalizing():
        os._exit(1)  # leaving already: nothing is half-written
    # Where the SystemExit is swallowed (raised inside a callback), the child still ends.
    deadline = threading.Timer(_LEAVE_WITHIN, os._exit, (1,))
    deadline.daemon = True  # never what keeps a child that is leaving
    deadline.start()
    sys.exit(1)


def _quiet_when_stopped(unraisable: Any) -> None:
    if not isinstance(unraisable.exc_value, SystemExit | KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies, even by SIGKILL: a child
    must never finish files for a run that is gone."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() == 1:  # the parent died before the request was made
        sys.exit(1)


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

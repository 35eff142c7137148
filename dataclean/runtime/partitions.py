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
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Done = Callable[[int, int], None]  # told (partitions done, of all) as each ends


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
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        futures = {pool.submit(task, item): i for i, item in enumerate(items)}
        try:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                told(len(results), len(items))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [results[i] for i in range(len(items))]

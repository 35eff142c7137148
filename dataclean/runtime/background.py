"""Work on many rows that runs while the caller goes on: in a thread, or in forked workers.

Rows go to forked workers, which share what the parent built (the resolver), when the policy
says there are enough; the workers are forked at once, before the caller's next polars work
starts, because polars' thread pool does not survive a fork. Fewer rows are worked in a
thread, which runs while polars (which releases the GIL) computes.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Generic, TypeVar, cast

from dataclean.runtime.interrupts import wait_until
from dataclean.runtime.policy import DEFAULT, RunPolicy

Progress = Callable[[int, int], None]
# The work: rows in, and the result as plain lists per column (they cross a process boundary).
Work = Callable[[list[tuple], Progress], dict[str, list]]
_CHUNKS = 16
_MAX_CHUNK = 25_000  # rows a worker resolves before its results go back and are converted
T = TypeVar("T")

_FORKED: Work | None = None  # what forked workers inherit


@contextmanager
def collector_paused() -> Iterator[None]:
    """Resolving makes many small objects and no reference cycles: the cyclic collector, run
    over and over through the whole heap, would take a quarter of the time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _work_chunk(rows: list[tuple]) -> dict[str, list]:
    assert _FORKED is not None
    gc.disable()  # see collector_paused; a worker lives for one table
    # Ctrl+C is the parent's to handle: a worker would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return _FORKED(rows, lambda done, total: None)


class Background(Generic[T]):
    """``work`` over ``rows`` while the caller does other things; :meth:`result` waits for it
    and gives each chunk's columns, made compact by ``convert`` as soon as the chunk is done,
    in the rows' order.

    Converting chunk by chunk keeps memory bounded by a chunk's plain Python lists, not by
    every row's: two and a half million distinct addresses as lists are gigabytes.
    """

    def __init__(
        self,
        work: Work,
        rows: list[tuple],
        convert: Callable[[dict[str, list]], T],
        progress: Progress | None = None,
        policy: RunPolicy = DEFAULT,
    ) -> None:
        self._convert = convert
        self._progress = progress or (lambda done, total: None)
        self._total = len(rows)
        self._done = 0
        self._counting = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._parts: list[T | None] = []
        self._failed: list[BaseException] = []
        self._finished = threading.Event()
        workers = policy.resolving_workers(len(rows))
        if workers == 1:
            self._parts = [None]
            self._thread = threading.Thread(target=self._run_here, args=(work, rows), daemon=True)
            self._thread.start()
        else:
            self._fork(work, rows, workers)

    def _run_here(self, work: Work, rows: list[tuple]) -> None:
        try:
            with collector_paused():
                self._parts[0] = self._convert(work(rows, self._progress))
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._failed.append(exc)
        finally:
            self._finished.set()

    def _fork(self, work: Work, rows: list[tuple], workers: int) -> None:
        global _FORKED
        size = min(-(-len(rows) // _CHUNKS), _MAX_CHUNK)
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        self._parts = [None] * len(chunks)
        _FORKED = work
        try:
            with warnings.catch_warnings():
                # The workers run plain Python, never polars' threads.
                warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
                self._pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
                # All workers are forked at the first submit (the fork start method).
                futures = [self._pool.submit(_work_chunk, chunk) for chunk in chunks]
        finally:
            _FORKED = None
        self._left = len(futures)
        for i, (future, chunk) in enumerate(zip(futures, chunks, strict=True)):
            # Only the executor holds a future from here on: once converted, its lists go.
            future.add_done_callback(partial(self._chunk_done, i, len(chunk)))

    def _chunk_done(self, index: int, rows: int, future: Future) -> None:
        try:
            part = self._convert(future.result())
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            with self._counting:
                self._failed.append(exc)
            self._finished.set()
            return
        with self._counting:
            self._parts[index] = part
            self._done += rows
            self._left -= 1
            left = self._left
            self._progress(self._done, self._total)
        if not left:
            self._finished.set()

    def result(self) -> list[T]:
        try:
            wait_until(self._finished.wait)
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
        if self._failed:
            raise self._failed[0]
        return cast(list[T], self._parts)

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
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from functools import partial

from dataclean.runtime.interrupts import joined, wait_until
from dataclean.runtime.policy import DEFAULT, RunPolicy

Progress = Callable[[int, int], None]
# The work: rows in, and the result as plain lists per column (they cross a process boundary).
Work = Callable[[list[tuple], Progress], dict[str, list]]
_CHUNKS = 16

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


class Background:
    """``work`` over ``rows`` while the caller does other things; :meth:`result` waits for it
    and gives the columns in the rows' order."""

    def __init__(
        self,
        work: Work,
        rows: list[tuple],
        progress: Progress | None = None,
        policy: RunPolicy = DEFAULT,
    ) -> None:
        self._progress = progress or (lambda done, total: None)
        self._total = len(rows)
        self._done = 0
        self._counting = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        workers = policy.resolving_workers(len(rows))
        if workers == 1:
            self._thread_result: dict[str, list] = {}
            self._thread_error: BaseException | None = None
            self._thread = threading.Thread(target=self._run_here, args=(work, rows), daemon=True)
            self._thread.start()
        else:
            self._fork(work, rows, workers)

    def _run_here(self, work: Work, rows: list[tuple]) -> None:
        try:
            with collector_paused():
                self._thread_result = work(rows, self._progress)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._thread_error = exc

    def _fork(self, work: Work, rows: list[tuple], workers: int) -> None:
        global _FORKED
        size = -(-len(rows) // _CHUNKS)
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        _FORKED = work
        try:
            with warnings.catch_warnings():
                # The workers run plain Python, never polars' threads.
                warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
                self._pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
                # All workers are forked at the first submit (the fork start method).
                self._futures = [self._pool.submit(_work_chunk, chunk) for chunk in chunks]
        finally:
            _FORKED = None
        for future, chunk in zip(self._futures, chunks, strict=True):
            future.add_done_callback(partial(self._chunk_done, len(chunk)))

    def _chunk_done(self, rows: int, _: Future) -> None:
        with self._counting:
            self._done += rows
            self._progress(self._done, self._total)

    def result(self) -> dict[str, list]:
        if self._pool is None:
            wait_until(joined(self._thread))
            if self._thread_error is not None:
                raise self._thread_error
            return self._thread_result
        try:
            wait_until(lambda timeout: not wait(self._futures, timeout).not_done)
            parts = [f.result() for f in self._futures]
        finally:
            self._pool.shutdown(cancel_futures=True)
        return {col: [v for part in parts for v in part[col]] for col in parts[0]}

"""Work on many rows that runs while the caller goes on: in a thread, or in forked workers.

Rows go to forked workers, which share what the parent built (the resolver), when the policy
says there are enough; the workers are forked at once, before the caller's next polars work
starts, because polars' thread pool does not survive a fork. Fewer rows are worked in a
thread, which runs while polars (which releases the GIL) computes.

Workers are only a way to go faster: when one dies (the kernel's out-of-memory killer on a
small laptop, a crash), the rows the pool lost are worked here instead, and the run goes on
with the same answers. A :class:`WorkerLost` warning says so, for whoever listens.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import multiprocessing.connection
import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Generic, TypeVar, cast

from dataclean.runtime.interrupts import wait_until
from dataclean.runtime.policy import DEFAULT, RunPolicy
from dataclean.schema.errors import WorkerLost

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


def _worker_start() -> None:
    gc.disable()  # see collector_paused; a worker lives for one table
    # Ctrl+C is the parent's to handle: a worker would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM, which the pool sends its workers when one of them died, ends a worker at once.
    # The handler inherited from the command line would raise instead, which the pool's
    # worker catches, to try again to send a result no one reads any more: it never ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _work_chunk(rows: list[tuple]) -> dict[str, list]:
    assert _FORKED is not None
    return _FORKED(rows, lambda done, total: None)


def _exit_codes(pool: ProcessPoolExecutor | None) -> list[int | None]:
    """How a pool's ended workers ended (-9: killed, as by the out-of-memory killer; -11: a
    crash), None for those still running: what a report of a lost worker needs."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    ended = set(mp.connection.wait([p.sentinel for p in processes], timeout=0))
    for process in processes:
        if process.sentinel in ended:
            process.join(timeout=1)  # ended: only its exit status is still to be read
    return [p.exitcode for p in processes]


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
        self._work = work
        self._convert = convert
        self._progress = progress or (lambda done, total: None)
        self._total = len(rows)
        self._done = 0
        self._counting = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._parts: list[T | None] = []
        self._chunks: list[list[tuple] | None] = []  # a chunk's rows, until its part is made
        self._lost: list[int] = []  # chunks a broken pool lost, to be worked here
        self._broken = False
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

    def _run_lost_here(self) -> None:
        """The chunks a broken pool lost, worked in this thread, in order."""
        try:
            with collector_paused():
                for index in sorted(self._lost):
                    rows = self._chunks[index]
                    assert rows is not None
                    self._parts[index] = self._convert(self._work(rows, lambda d, t: None))
                    self._chunks[index] = None
                    self._done += len(rows)
                    self._progress(self._done, self._total)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._failed.append(exc)
        finally:
            self._finished.set()

    def _fork(self, work: Work, rows: list[tuple], workers: int) -> None:
        global _FORKED
        size = min(-(-len(rows) // _CHUNKS), _MAX_CHUNK)
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        self._parts = [None] * len(chunks)
        self._chunks = list(chunks)
        self._left = len(chunks)
        futures: list[Future] = []
        _FORKED = work
        try:
            with warnings.catch_warnings():
                # The workers run plain Python, never polars' threads.
                warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
                self._pool = ProcessPoolExecutor(
                    workers, mp_context=mp.get_context("fork"), initializer=_worker_start
                )
                # All workers are forked at the first submit (the fork start method).
                for chunk in chunks:
                    futures.append(self._pool.submit(_work_chunk, chunk))
        except BrokenExecutor as exc:  # a worker died already: what is left is worked here
            self._pool_broke(exc)
        finally:
            _FORKED = None
        del chunks
        for i, future in enumerate(futures):
            # Only the executor and the chunk list hold a chunk from here on: once its part is
            # made, its rows and lists go.
            future.add_done_callback(partial(self._chunk_done, i))
        for i in range(len(futures), len(self._chunks)):
            self._chunk_lost(i)

    def _chunk_done(self, index: int, future: Future) -> None:
        try:
            part = self._convert(future.result())
        except BrokenExecutor as exc:
            self._pool_broke(exc)
            self._chunk_lost(index)
            return
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            with self._counting:
                self._failed.append(exc)
            self._finished.set()
            return
        with self._counting:
            rows = self._chunks[index]
            assert rows is not None
            self._parts[index], self._chunks[index] = part, None
            self._done += len(rows)
            self._left -= 1
            left = self._left
            self._progress(self._done, self._total)
        if not left:
            self._all_answered()

    def _pool_broke(self, exc: BaseException) -> None:
        with self._counting:
            if self._broken:
                return  # told once: every chunk the pool still had ends the same way
            self._broken = True
        warnings.warn(
            WorkerLost(
                f"a resolving worker ended early (exit codes {_exit_codes(self._pool)}, "
                f"{exc.__cause__ or exc!r}); the rows it had are worked in this process"
            ),
            stacklevel=2,
        )

    def _chunk_lost(self, index: int) -> None:
        with self._counting:
            self._lost.append(index)
            self._left -= 1
            left = self._left
        if not left:
            self._all_answered()

    def _all_answered(self) -> None:
        """Every chunk is done or lost: the lost ones are worked here, then the end is told."""
        if not self._lost:
            self._finished.set()
            return
        threading.Thread(
            target=self._run_lost_here, name="dataclean-lost-rows", daemon=True
        ).start()

    def result(self) -> list[T]:
        try:
            wait_until(self._finished.wait)
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
        if self._failed:
            raise self._failed[0]
        return cast(list[T], self._parts)

"""Write a run's files side by side, each in a process of its own.

xlsxwriter writes a few microseconds a cell in pure Python, so a 200,000-row run spends most of
its time writing the cleaned rows, the one-row-per-resident copy and the report, one after the
other. None needs another, so each is written in a process of its own. They are started fresh
(spawn), never forked: polars' thread pool does not survive a fork. Every file is written
through a temporary one (:mod:`dataclean.writing.atomic`), so a stop leaves none half-written.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType

from dataclean.runtime.interrupts import Terminated, wait_until
from dataclean.runtime.policy import DEFAULT, RunPolicy


def child_signals() -> None:
    """In a process a run started: Ctrl+C is the parent's to handle; it stops the child with
    SIGTERM, which here raises SystemExit, so that temporary files are removed on the way out;
    and the child dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    _die_with_parent()


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


def _stopped(*_: object) -> None:
    raise Terminated()


class _Shared:
    """Rows written, counted into a number the run reads while it waits."""

    def __init__(self, number) -> None:
        self.number = number

    def add(self, rows: int) -> None:
        with self.number.get_lock():
            self.number.value += rows


class _Told:
    """Rows written here, told at once to the run's progress."""

    def __init__(self, tell: Callable[[int], None]) -> None:
        self.done = 0
        self.tell = tell

    def add(self, rows: int) -> None:
        self.done += rows
        self.tell(self.done)


def _write(
    job: Callable[..., None],
    args: tuple,
    outcome: Connection,
    written: object = None,
    count_with: Callable[[object], None] | None = None,
) -> None:
    child_signals()
    if count_with is not None:
        count_with(_Shared(written))
    try:
        job(*args)
        outcome.send(None)
    except BaseException as exc:
        try:
            outcome.send(exc)
        except Exception:  # noqa: BLE001 - an error that does not pickle
            outcome.send(RuntimeError(repr(exc)))
        if isinstance(exc, SystemExit):
            raise


class SideBySide:
    """``submit`` write jobs (module-level functions, picklable arguments): each starts in a
    process of its own at once. Leaving the ``with`` block waits for them all and raises the
    first error one met; leaving it with an error (Ctrl+C among them) stops them.

    With fewer rows than the policy's ``write_apart_from``, or one core, each job runs at once,
    here.
    """

    def __init__(
        self,
        rows: int,
        policy: RunPolicy = DEFAULT,
        progress: Callable[[int], None] | None = None,
        count_with: Callable[[object], None] | None = None,
    ) -> None:
        self._apart = policy.writes_apart(rows)
        self._writers: list[tuple[BaseProcess, Connection]] = []
        self._on_term: object = None
        # The writers count the rows they write with ``count_with(counter)``; ``progress`` is
        # told the rows written so far, while the run waits.
        self._progress = progress if count_with is not None else None
        self._count_with = count_with
        self._written = mp.get_context("spawn").Value("q", 0) if self._apart else None
        if count_with is not None and progress is not None and not self._apart:
            count_with(_Told(progress))

    def submit(self, job: Callable[..., None], *args: object) -> None:
        if not self._apart:
            job(*args)
            return
        context = mp.get_context("spawn")
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(
            target=_write,
            args=(job, args, writer, self._written, self._count_with if self._progress else None),
            daemon=True,
        )
        process.start()
        writer.close()  # the child holds its end: a child that dies is an EOF here
        self._writers.append((process, reader))

    def here(self, job: Callable[..., None], *args: object) -> None:
        """Run ``job`` now, in this process, while the writers submitted work: for a job that
        costs less than pickling its arguments into another process."""
        job(*args)

    def __enter__(self) -> SideBySide:
        if self._apart and threading.current_thread() is threading.main_thread():
            # Stopped with SIGTERM (not Ctrl+C), the run stops its writers too, instead of
            # leaving them to finish files after it is gone.
            self._on_term = signal.signal(signal.SIGTERM, _stopped)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                for process, reader in self._writers:
                    wait_until(self._telling(reader.poll))
                    try:
                        failed = reader.recv()
                    except EOFError:
                        failed = RuntimeError(f"a writer process ended ({process.exitcode})")
                    if failed is not None:
                        raise failed
        except BaseException:
            self._stop()
            raise
        finally:
            if kind is not None:
                self._stop()
            for process, reader in self._writers:
                process.join()
                reader.close()
            if self._on_term is not None:
                signal.signal(signal.SIGTERM, self._on_term)  # type: ignore[arg-type]

    def _telling(self, ready: Callable[[float], bool]) -> Callable[[float], bool]:
        """``ready``, telling the progress the rows written each time it is asked."""
        if self._progress is None or self._written is None:
            return ready
        progress, written = self._progress, self._written

        def ready_and_told(timeout: float) -> bool:
            progress(written.value)
            return ready(timeout)

        return ready_and_told

    def _stop(self) -> None:
        for process, _ in self._writers:
            if process.is_alive():
                process.terminate()  # SIGTERM: see child_signals

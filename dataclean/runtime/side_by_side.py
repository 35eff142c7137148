"""Write a run's files side by side, each in a thread of its own.

The rows of a sheet are built by polars and compressed by zlib, both without Python's lock, so
threads write the cleaned rows, the one-row-per-resident copy and the report side by side with
no frame pickled into another process (measured against processes in bench/README.md). Every
file is written through a temporary one (:mod:`dataclean.writing.atomic`); a stop (Ctrl+C,
SIGTERM, a writer's error) is seen by each writer the next time it counts its rows, and it
leaves through that temporary file's clean-up, so nothing half-written stays.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import TracebackType

from dataclean.runtime.interrupts import Terminated, wait_until
from dataclean.runtime.policy import DEFAULT, RunPolicy


def _stopped(*_: object) -> None:
    raise Terminated()


class WritingStopped(Exception):
    """Raised in a writer when the run stops: it leaves its file unwritten."""


class _Count:
    """Rows written by every writer. ``told`` is called with the total here, or by the run
    while it waits when the writers are threads; once ``stop`` is called, a writer counting
    rows is stopped instead."""

    def __init__(self, told: Callable[[int], None] | None, tell_at_once: bool) -> None:
        self.done = 0
        self.told = told
        self.tell_at_once = tell_at_once
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def add(self, rows: int) -> None:
        if self._stop.is_set():
            raise WritingStopped()
        with self._lock:
            self.done += rows
        if self.tell_at_once and self.told is not None:
            self.told(self.done)

    def stop(self) -> None:
        self._stop.set()

    def retire(self) -> None:
        """The run's writers are done: a later writer counting here is not stopped."""
        self._stop.clear()


class SideBySide:
    """``submit`` write jobs: each starts at once in a thread of its own. Leaving the ``with``
    block waits for them all and raises the first error one met; leaving it with an error
    (Ctrl+C among them) stops them and waits until they have left.

    With fewer rows than the policy's ``write_apart_from``, each job runs at once, here.
    Writers count the rows they write through ``count_with(counter)``; ``progress`` is told
    the rows written so far.
    """

    def __init__(
        self,
        rows: int,
        policy: RunPolicy = DEFAULT,
        progress: Callable[[int], None] | None = None,
        count_with: Callable[[object], None] | None = None,
    ) -> None:
        self._together = policy.writes_apart(rows)
        # Each writer's "done", set as it leaves: a Thread.join that Ctrl+C interrupts can take
        # a running thread for ended (CPython releases its lock), an Event's wait cannot.
        self._writers: list[threading.Event] = []
        self._failed: list[BaseException] = []
        self._count = _Count(progress, tell_at_once=not self._together)
        self._on_term: object = None
        if count_with is not None:
            count_with(self._count)

    def submit(self, job: Callable[..., None], *args: object) -> None:
        if not self._together:
            job(*args)
            return
        done = threading.Event()
        self._writers.append(done)
        threading.Thread(target=self._run, args=(job, args, done), daemon=True).start()

    def _run(self, job: Callable[..., None], args: tuple, done: threading.Event) -> None:
        try:
            job(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the run, which raises it
            self._failed.append(exc)
            self._count.stop()  # the other files are not worth finishing
        finally:
            done.set()

    def here(self, job: Callable[..., None], *args: object) -> None:
        """Run ``job`` now, in this thread, while the writers write."""
        job(*args)

    def __enter__(self) -> SideBySide:
        if self._together and threading.current_thread() is threading.main_thread():
            # Stopped with SIGTERM (not Ctrl+C), the run stops its writers too.
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
                for done in self._writers:
                    wait_until(self._telling(done.wait))
        except BaseException:
            self._stop()
            raise
        finally:
            if kind is not None:
                self._stop()
            self._count.retire()
            if self._on_term is not None:
                signal.signal(signal.SIGTERM, self._on_term)  # type: ignore[arg-type]
        failed = [e for e in self._failed if not isinstance(e, WritingStopped)]
        if failed and (kind is None or issubclass(kind, WritingStopped)):
            raise failed[0]  # the cause, not the stop it caused here

    def _telling(self, ready: Callable[[float], bool]) -> Callable[[float], bool]:
        """``ready``, telling the progress the rows written each time it is asked."""
        told, count = self._count.told, self._count
        if told is None:
            return ready

        def ready_and_told(timeout: float) -> bool:
            told(count.done)
            return ready(timeout)

        return ready_and_told

    def _stop(self) -> None:
        """Stop the writers and wait until each has left (and removed its temporary file)."""
        self._count.stop()
        for done in self._writers:
            wait_until(done.wait)

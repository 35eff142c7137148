"""Waiting that Ctrl+C can stop.

The kernel may hand Ctrl+C to any thread of the process, polars' own among them, and Python
acts on it only when the main thread next runs. A main thread blocked without a timeout (on a
lock, a pipe, a worker) would outlast the stop, so it wakes now and then to let Python act.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

WAKE_EVERY = 0.2  # seconds


class Terminated(KeyboardInterrupt):
    """SIGTERM, stopping a run the way Ctrl+C does: every ``finally`` runs, temporary files
    are removed, the writers are stopped."""


def wait_until(ready: Callable[[float], bool]) -> None:
    """Call ``ready(timeout)`` until it says True; each call waits at most ``WAKE_EVERY``."""
    while not ready(WAKE_EVERY):
        pass


def joined(thread: threading.Thread) -> Callable[[float], bool]:
    """``ready`` for :func:`wait_until`: the thread has ended."""

    def ready(timeout: float) -> bool:
        thread.join(timeout)
        return not thread.is_alive()

    return ready

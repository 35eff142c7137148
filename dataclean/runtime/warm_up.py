"""Load what the later stages need while the input file is being read, and do beside the
reading what need not wait for it.

Reading a workbook (calamine) and parsing a CSV (polars) release the GIL, so a thread can
build the address resolver and import the schema library meanwhile: most of that second of
work is hidden behind the reading (see bench/read_speed.py).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TypeVar

from dataclean.rules.legacy_text import known_syllables
from dataclean.runtime.interrupts import joined, wait_until
from dataclean.units.resolver import Resolver, default_resolver

T = TypeVar("T")
_warming: threading.Thread | None = None


def _load() -> None:
    try:
        importlib.import_module("pandera.polars")
        default_resolver()
        known_syllables()  # what legacy-font text is told apart by, the first stage's need
        # What pandera imports on its first validation (its checks, and hypothesis when it is
        # installed): 0.14 s that would otherwise fall in the stages, after the resolver.
        for backend in ("builtin_checks", "container", "components", "checks"):
            importlib.import_module(f"pandera.backends.polars.{backend}")
    except Exception:  # noqa: BLE001 - the stage that needs it meets the same error
        pass  # in the main thread, where it is reported properly


def warm_up() -> threading.Thread:
    """Start loading in the background; :func:`ready_resolver` waits for it."""
    global _warming
    _warming = threading.Thread(target=_load, name="dataclean-warm-up", daemon=True)
    _warming.start()
    return _warming


def ready_resolver() -> Resolver:
    """The default resolver, once the warm-up (if one was started) has built it: never built
    twice at once."""
    if _warming is not None and _warming is not threading.current_thread():
        wait_until(joined(_warming))
    return default_resolver()


def beside(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` in a thread now; the function returned waits for it (Ctrl+C still
    stops the wait) and gives its result, or raises its error. For work that releases the
    GIL beside the reading of a file (inflating an .xlsx part)."""
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as exc:  # noqa: BLE001 - raised again in the waiting thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="dataclean-beside", daemon=True)
    thread.start()

    def result() -> T:
        wait_until(joined(thread))
        if failed:
            raise failed[0]
        return done[0]

    return result

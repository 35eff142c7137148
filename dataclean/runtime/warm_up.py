"""Load what the later stages need while the input file is being read.

Reading a workbook (calamine) and parsing a CSV (polars) release the GIL, so a thread can
build the address resolver and import the schema library meanwhile: most of that second of
work is hidden behind the reading (see bench/read_speed.py).
"""

from __future__ import annotations

import importlib
import threading

from dataclean.runtime.interrupts import joined, wait_until
from dataclean.units.resolver import Resolver, default_resolver

_warming: threading.Thread | None = None


def _load() -> None:
    try:
        importlib.import_module("pandera.polars")
        default_resolver()
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

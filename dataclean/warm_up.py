"""Load what the later stages need while the input file is being read.

Reading a workbook (calamine) and parsing a CSV (polars) release the GIL, so a thread can
build the address resolver and import the schema library meanwhile: most of that second of
work is hidden behind the reading (see bench/read_speed.py).
"""

from __future__ import annotations

import importlib
import threading


def _load() -> None:
    try:
        from dataclean.units.resolver import default_resolver

        importlib.import_module("pandera.polars")
        default_resolver()
    except Exception:  # noqa: BLE001, S110 - the stage that needs it meets the same error
        pass  # in the main thread, where it is reported properly


def warm_up() -> threading.Thread:
    """Start loading in the background; whoever needs the resolver first waits for it."""
    thread = threading.Thread(target=_load, name="dataclean-warm-up", daemon=True)
    thread.start()
    return thread

"""Load what the later stages need while the input file is being read.

Reading a workbook (calamine) and parsing a CSV (polars) release the GIL, so a thread that
builds the address resolver and imports the schema library meanwhile costs the run nothing:
about a second less on every file.
"""

from __future__ import annotations

import importlib
import threading


def _load() -> None:
    from dataclean.units.resolver import default_resolver

    importlib.import_module("pandera.polars")
    default_resolver()


def warm_up() -> threading.Thread:
    """Start loading in the background; whoever needs the resolver first waits for it."""
    thread = threading.Thread(target=_load, name="dataclean-warm-up", daemon=True)
    thread.start()
    return thread

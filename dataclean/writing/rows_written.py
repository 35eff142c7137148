"""How many rows the sheet writers have written, for the writing stage's progress bar.

A writer counts the rows it writes into :data:`COUNTER`. The run that starts writers in processes
of their own gives each a shared number to count into and reads it while it waits; a run that
writes here counts into a plain one. Nothing counts when no one asked.
"""

from __future__ import annotations

from typing import Protocol

EVERY = 2_000  # rows between two counts: a count is a lock on a shared number


class Counter(Protocol):
    def add(self, rows: int) -> None: ...


class _Nobody:
    def add(self, rows: int) -> None:
        pass


_COUNTERS: list[Counter] = [_Nobody()]  # the one in use last


def count(rows: int) -> None:
    """``rows`` more rows written."""
    _COUNTERS[-1].add(rows)


def counting_into(counter: object) -> None:
    """Count the rows written from now on into ``counter`` (in a writer process, at start),
    anything with an ``add(rows)``."""
    _COUNTERS[-1:] = [counter]  # type: ignore[list-item]

"""When a run puts work in other processes: the thresholds and the number of workers.

Callers pass a policy in; tests pass one with small thresholds instead of patching globals.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import dataclass

# Below this many, work apart costs more than it saves: a forked resolver pays its fork and
# the pickling of results; writer threads are cheap, but a small run writes in a moment.
APART_FROM = 20_000


@dataclass(frozen=True, slots=True)
class RunPolicy:
    resolve_apart_from: int = APART_FROM  # distinct addresses, resolved in forked workers
    write_apart_from: int = APART_FROM  # rows, each output file written in a thread of its own
    max_workers: int = 4

    def resolving_workers(self, distinct: int) -> int:
        """How many forked workers resolve this many distinct addresses (1: a thread here)."""
        cpus = os.cpu_count() or 1
        if (
            distinct < self.resolve_apart_from
            or cpus < 2
            or "fork" not in mp.get_all_start_methods()
        ):
            return 1
        return min(cpus, self.max_workers)

    def writes_apart(self, rows: int) -> bool:
        """Whether a run of this many rows writes its files side by side, in threads."""
        return rows >= self.write_apart_from and (os.cpu_count() or 1) >= 2


DEFAULT = RunPolicy()

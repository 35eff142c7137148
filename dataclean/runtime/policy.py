"""When a run puts work in other processes: the thresholds and the number of workers.

Callers pass a policy in; tests pass one with small thresholds instead of patching globals.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import dataclass, replace

# Below these, work apart costs more than it saves. A forked resolver pays its fork and the
# pickling of results: two workers break even near 200 distinct addresses and save a third of
# the time at 1,000 (bench/README.md). Writer threads are cheap, but a small run writes in a
# moment.
RESOLVE_APART_FROM = 1_000
APART_FROM = 20_000


@dataclass(frozen=True, slots=True)
class RunPolicy:
    resolve_apart_from: int = RESOLVE_APART_FROM  # distinct addresses, in forked workers
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

    def with_cores_taken(self) -> RunPolicy:
        """This policy for a run beside others that already share the cores (one file of
        many): resolving is forked only where there is much of it."""
        return replace(self, resolve_apart_from=max(self.resolve_apart_from, APART_FROM))

    def writes_apart(self, rows: int) -> bool:
        """Whether a run of this many rows writes its files side by side, in threads."""
        return rows >= self.write_apart_from and (os.cpu_count() or 1) >= 2


DEFAULT = RunPolicy()

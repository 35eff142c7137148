"""`dataclean lookup` and `dataclean --help` started cold, against `python -c pass`.

    python bench/lookup_speed.py [--runs 10]

Each command runs in a fresh process, interleaved with the baseline so that the machine's
noise falls on both; the medians and the time above the baseline are printed. The resolver's
cache (see dataclean/units/cache.py) is filled first, as any run after the first finds it;
one run with the cache off shows what building it costs. Targets (issue 17): lookup under
0.5 s above the baseline, --help under 0.2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

ADDRESS = "P. Phúc Xá, Q. Ba Đình, Hà Nội"
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "dataclean --help": [sys.executable, "-m", "dataclean", "--help"],
    "dataclean lookup": [sys.executable, "-m", "dataclean", "lookup", ADDRESS],
}


def _seconds(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    _seconds(COMMANDS["dataclean lookup"])  # fills the cache
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            times[name].append(_seconds(cmd))
    base = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:20} median {median:.3f} s  above baseline {median - base:+.3f} s")
    off = {**os.environ, "DATACLEAN_CACHE_DIR": "off"}
    built = _seconds(COMMANDS["dataclean lookup"], off)
    print(f"{'lookup, no cache':20} once   {built:.3f} s  above baseline {built - base:+.3f} s")


if __name__ == "__main__":
    main()

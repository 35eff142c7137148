"""The `dataclean` program's first lines: Ctrl+C is one line from the very start.

Python's own handler turns Ctrl+C into a KeyboardInterrupt traceback wherever it lands, and the
command line takes a moment to import. Until a command runs (then :mod:`dataclean.cli.errors`
handles a stop), a Ctrl+C ends the program at once with the same one line, having written
nothing.
"""

from __future__ import annotations

import os
import signal
import sys

STOPPED = "Lỗi: đã dừng theo yêu cầu; không ghi tệp kết quả nào (stopped; no output was written)"


_STOPS = (130, 143)  # ExitCode.INTERRUPTED and TERMINATED, without importing the package yet


def _stopped_early(*_: object) -> None:
    sys.stdout.write(STOPPED + "\n")
    sys.stdout.flush()
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _stopped_early)
    from dataclean.cli import main as run

    try:
        run()
    except SystemExit as exc:
        if exc.code in _STOPS:
            # Stopped and told: leave now. Python 3.11 would still end a process that saw a
            # KeyboardInterrupt by SIGINT (exit -2) on its way out, whatever the code.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(int(exc.code))
        raise

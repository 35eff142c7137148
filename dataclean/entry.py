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


def _stopped_early(*_: object) -> None:
    sys.stdout.write(STOPPED + "\n")
    sys.stdout.flush()
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _stopped_early)
    from dataclean.cli import main as run

    run()

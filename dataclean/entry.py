"""The `dataclean` program's first lines: Ctrl+C is one line from the very start.

Python's own handler turns Ctrl+C into a KeyboardInterrupt traceback wherever it lands, and the
command line takes a moment to import. Until a command runs (then :mod:`dataclean.cli.errors`
handles a stop), a Ctrl+C ends the program at once with the same one line, having written
nothing.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

from dataclean.schema.errors import STOPPED, ExitCode  # small: the vocabulary only

_STOPS = (ExitCode.INTERRUPTED, ExitCode.TERMINATED)


def _stopped_early(*_: object) -> None:
    sys.stdout.write(f"Lỗi: {STOPPED[0]} ({STOPPED[1]})\n")
    sys.stdout.flush()
    os._exit(ExitCode.INTERRUPTED)


def main() -> None:
    signal.signal(signal.SIGINT, _stopped_early)
    from dataclean.cli import main as run

    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except BrokenPipeError:  # the help, say, piped into `head`: stop quietly, as SIGPIPE would
        code = 128 + signal.SIGPIPE
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe (`| head`): nothing more to tell it
            code = code or 128 + signal.SIGPIPE
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    if code not in _STOPS:
        atexit._run_exitfuncs()
    # Leave without tearing down every object one by one: the resolver alone is half a million,
    # a fifth of a second for `lookup`. What must run at exit has run; files are closed. And
    # a stopped run leaves at once: Python 3.11 would still end a process that saw a
    # KeyboardInterrupt by SIGINT (exit -2) on its way out, whatever the code.
    os._exit(code)

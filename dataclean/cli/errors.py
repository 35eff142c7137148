"""The one place a command's failure becomes what a volunteer reads.

Each kind of error has its exit code (:class:`~dataclean.schema.errors.ExitCode`): a problem
with the input is one line naming the file, sheet, row and column; an operating-system error is
told as the input not readable or the output not writable; Ctrl+C ends with one line; anything
else is one line too, and ``--verbose`` shows its traceback. Every file is written through a
temporary one, so what was written is whole and nothing is half.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import NoReturn

import typer
from rich.markup import escape

from dataclean.cli.render import console
from dataclean.runtime.interrupts import Terminated
from dataclean.schema.errors import STOPPED, ExitCode, InputError, causes

VERBOSE: ContextVar[bool] = ContextVar("verbose", default=False)
# The output folder of the running command, so that an OSError can be told apart: a file that
# could not be read is named as such, never taken for an output folder that cannot be written.
OUTPUT_DIR: ContextVar[Path | None] = ContextVar("output_dir", default=None)
# The folders the command made for its output (innermost first): a failed run removes them
# again when they are still empty, so that it leaves nothing at all.
MADE_DIRS: ContextVar[list[Path]] = ContextVar("made_dirs", default=[])  # noqa: B039 - never mutated


def _unmake() -> None:
    for folder in MADE_DIRS.get():
        with contextlib.suppress(OSError):  # not empty, or gone: left as it is
            folder.rmdir()


def fail(code: ExitCode, vi: str, en: str) -> NoReturn:
    """Stop the command with this error (reported by :func:`handled`)."""
    raise InputError(code, vi, en)


def _say(text: str) -> None:
    # One line, however narrow the terminal: a volunteer reads it, a script greps it. Names
    # from the input (a file called "[red]x") are text, never markup; line ends are spaces.
    line = " ".join(text.split("\n"))
    console.print("[red]Lỗi:[/red] " + escape(line), highlight=False, soft_wrap=True)


def _report(error: InputError) -> NoReturn:
    _unmake()
    _say(str(error))
    raise typer.Exit(int(error.code))


def told(error: InputError) -> int:
    """``error`` told in its one line; its exit code."""
    _say(str(error))
    return int(error.code)


def usage_line(message: str, code: int) -> int:
    """A usage error (unknown option, bad value) told in one line; its exit code."""
    _say(f"{message} (usage: dataclean --help)")
    return code


def _disk_full(exc: BaseException) -> bool:
    # xlsxwriter wraps the OSError it met; a writer process sends it back pickled.
    return any(isinstance(e, OSError) and e.errno == errno.ENOSPC for e in causes(exc))


def stopped(code: ExitCode | None = None) -> InputError:
    """A run stopped by Ctrl+C (or SIGTERM, ``code``): nothing was written."""
    return InputError(code or ExitCode.INTERRUPTED, *STOPPED)


def _quiet() -> None:
    # Stopped once is enough: a second Ctrl+C while the line is printed ends nothing new.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _quiet_pipe() -> None:
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more is written to the closed pipe


def _terminate(*_: object) -> None:
    raise Terminated()


def os_error(exc: OSError) -> InputError:
    """An operating-system error, as the input or the output it concerns."""
    outdir = OUTPUT_DIR.get()
    name = Path(exc.filename) if exc.filename else None
    inside = (
        name is not None
        and outdir is not None
        and outdir.resolve() in (name.resolve(), *name.resolve().parents)
    )
    if name is not None and not inside:
        return InputError(
            ExitCode.INPUT_NOT_READABLE,
            f"không đọc được tệp {name} ({exc.strerror})",
            "input not readable",
        )
    return InputError(
        ExitCode.OUTPUT_NOT_WRITABLE,
        f"không ghi được kết quả vào {name or outdir} ({exc.strerror})",
        "output not writable",
    )


def handled(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with every error reported as one line and its exit code."""

    @functools.wraps(command)
    def run(*args, **kwargs) -> None:
        OUTPUT_DIR.set(None)
        MADE_DIRS.set([])
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _terminate)
            signal.signal(signal.SIGINT, signal.default_int_handler)  # see dataclean.entry
        try:
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except InputError as exc:
            _report(exc)
        except BrokenPipeError:
            # The reader went away (`dataclean lookup --file x | head`): as any Unix tool, stop
            # quietly, as SIGPIPE would have ended it.
            _quiet_pipe()
            raise typer.Exit(128 + signal.SIGPIPE) from None
        except KeyboardInterrupt as exc:
            _quiet()
            _report(stopped(ExitCode.TERMINATED if isinstance(exc, Terminated) else None))
        except Exception as exc:
            if VERBOSE.get():
                raise
            if _disk_full(exc):
                _report(
                    InputError(
                        ExitCode.DISK_FULL,
                        f"ổ đĩa đầy, không ghi được kết quả vào {OUTPUT_DIR.get() or ''}; "
                        "không để lại tệp nào",
                        "disk full; nothing was left behind",
                    )
                )
            if isinstance(exc, OSError):
                _report(os_error(exc))
            _report(
                InputError(
                    ExitCode.INTERNAL,
                    f"lỗi ngoài dự kiến ({type(exc).__name__}: {exc}); chạy lại với --verbose "
                    "để xem chi tiết và báo cho nhóm phát triển",
                    "unexpected error; run again with --verbose and report it",
                )
            )

    return run

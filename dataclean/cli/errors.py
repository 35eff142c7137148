"""The one place a command's failure becomes what a volunteer reads.

Each kind of error has its exit code (:class:`~dataclean.schema.errors.ExitCode`): a problem
with the input is one line naming the file, sheet, row and column; an operating-system error is
told as the input not readable or the output not writable; Ctrl+C ends with one line; anything
else is one line too, and ``--verbose`` shows its traceback. Every file is written through a
temporary one, so what was written is whole and nothing is half.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import NoReturn

import typer

from dataclean.cli.render import console
from dataclean.schema.errors import ExitCode, InputError

VERBOSE: ContextVar[bool] = ContextVar("verbose", default=False)
# The output folder of the running command, so that an OSError can be told apart: a file that
# could not be read is named as such, never taken for an output folder that cannot be written.
OUTPUT_DIR: ContextVar[Path | None] = ContextVar("output_dir", default=None)


def fail(code: ExitCode, vi: str, en: str) -> NoReturn:
    """Stop the command with this error (reported by :func:`handled`)."""
    raise InputError(code, vi, en)


def _report(error: InputError) -> NoReturn:
    # One line, however narrow the terminal: a volunteer reads it, a script greps it.
    console.print(f"[red]Lỗi:[/red] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(int(error.code))


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
        f"không ghi được kết quả vào {outdir or name} ({exc.strerror})",
        "output not writable",
    )


def handled(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with every error reported as one line and its exit code."""

    @functools.wraps(command)
    def run(*args, **kwargs) -> None:
        OUTPUT_DIR.set(None)
        try:
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except InputError as exc:
            _report(exc)
        except KeyboardInterrupt:
            _report(
                InputError(
                    ExitCode.INTERRUPTED,
                    "đã dừng theo yêu cầu; không có tệp nào bị ghi dở",
                    "stopped by the user; no file was left half-written",
                )
            )
        except OSError as exc:
            if VERBOSE.get():
                raise
            _report(os_error(exc))
        except Exception as exc:
            if VERBOSE.get():
                raise
            _report(
                InputError(
                    ExitCode.INTERNAL,
                    f"lỗi ngoài dự kiến ({type(exc).__name__}: {exc}); chạy lại với --verbose "
                    "để xem chi tiết và báo cho nhóm phát triển",
                    "unexpected error; run again with --verbose and report it",
                )
            )

    return run

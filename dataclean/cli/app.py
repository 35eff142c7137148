"""The `dataclean` app: its commands, in the order a volunteer meets them, each through the one
error handler."""

from __future__ import annotations

import importlib
import sys
import warnings
from typing import Annotated

import typer

from dataclean import __version__
from dataclean.cli import decisions, dedupe, inspect, lookup, normalize, report
from dataclean.cli.errors import VERBOSE, handled, stopped, told, usage_line
from dataclean.cli.render import console
from dataclean.schema.errors import WorkerLost

app = typer.Typer(
    name="dataclean",
    help="Làm sạch dữ liệu dân cư sau sắp xếp đơn vị hành chính 2025 "
    "(clean resident records after the 2025 reform of administrative units).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        console.print(f"dataclean {__version__}")
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Khi có lỗi, in chi tiết (show tracebacks).")
    ] = False,
) -> None:
    """Làm sạch dữ liệu dân cư (clean resident records)."""
    VERBOSE.set(verbose)
    if not verbose:
        # Nothing for a volunteer to act on: the run only took longer.
        warnings.filterwarnings("ignore", category=WorkerLost)


app.command("normalize")(handled(normalize.normalize))
app.command("inspect")(handled(inspect.inspect))
app.command("dedupe")(handled(dedupe.dedupe))
app.command("report")(handled(report.report))
app.command("apply-decisions")(handled(decisions.apply_decisions))
app.command("lookup")(handled(lookup.lookup))


# typer carries click inside it (0.29); its errors are reached there.
_errors = importlib.import_module("typer._click.exceptions")


def main(argv: list[str] | None = None) -> None:
    """The `dataclean` command: ``app`` with a usage error told in one line too."""
    try:
        code = app(args=argv, prog_name="dataclean", standalone_mode=False)
    except _errors.NoArgsIsHelpError as exc:
        exc.show()  # no arguments: the help, as asked for
        code = 0
    except _errors.ClickException as exc:
        code = usage_line(exc.format_message(), exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):  # Ctrl+C before or after a command ran
        code = told(stopped())
    sys.exit(code if isinstance(code, int) else 0)

"""The `dataclean` app: its commands, in the order a volunteer meets them, each through the one
error handler."""

from __future__ import annotations

from typing import Annotated

import typer

from dataclean import __version__
from dataclean.cli import decisions, dedupe, inspect, lookup, normalize, report
from dataclean.cli.errors import VERBOSE, handled
from dataclean.cli.render import console

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
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Khi có lỗi, in chi tiết (show tracebacks).")
    ] = False,
) -> None:
    """Làm sạch dữ liệu dân cư (clean resident records)."""
    VERBOSE.set(verbose)


app.command("normalize")(handled(normalize.normalize))
app.command("inspect")(handled(inspect.inspect))
app.command("dedupe")(handled(dedupe.dedupe))
app.command("report")(handled(report.report))
app.command("apply-decisions")(handled(decisions.apply_decisions))
app.command("lookup")(handled(lookup.lookup))

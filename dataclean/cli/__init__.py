"""The `dataclean` command line: one small module per command, shared options, one error
handler (:mod:`dataclean.cli.errors`) and the tables people read (:mod:`dataclean.cli.render`)."""

from dataclean.cli.app import app, main
from dataclean.schema.errors import ExitCode

__all__ = ["ExitCode", "app", "main"]

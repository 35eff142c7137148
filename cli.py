"""Run the dataclean command line from a checkout: ``python cli.py …``."""

from dataclean.cli import app

if __name__ == "__main__":
    app()

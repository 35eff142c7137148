from dataclean.cli import app

app()

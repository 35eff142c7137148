"""What the report says of a run: the input file, the time, the tool's version, a checksum."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dataclean import __version__, clock


def run_facts(path: Path, started: str | None = None) -> dict[str, str]:
    """The file as given, the run's time (``started``, a :func:`clock.stamp`; else now), the
    version and the SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return {
        "file": str(path),
        "time": started or clock.stamp(),
        "version": __version__,
        "checksum": digest.hexdigest(),
    }

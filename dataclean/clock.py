"""The time a run stamps on what it writes.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention, seconds since 1970 UTC) fixes it, so
that two runs on the same input write byte-identical files: the output checksum test relies
on it, and so can an office that wants to prove a file was not edited after the run.
"""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """Now, in the local time zone, or the fixed time ``SOURCE_DATE_EPOCH`` gives (UTC)."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return dt.datetime.fromtimestamp(int(fixed), tz=dt.UTC)
    return dt.datetime.now().astimezone()


def stamp() -> str:
    """:func:`now` as the report writes it: ISO 8601 to the second."""
    return now().isoformat(timespec="seconds")

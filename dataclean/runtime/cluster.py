"""A Spark session for `--cluster`: the one place a run hands its linkage to other machines.

The session is made for one run and stopped after it. ``master`` is what Spark takes:
``spark://host:7077`` for a cluster, ``local[4]`` for four workers on this machine. Every
executor needs the same Python packages as this one (rapidfuzz and pandas for the name
comparison).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from dataclean.dedupe.engines import SparkEngine
from dataclean.schema.errors import ExitCode, InputError


@contextmanager
def spark_engine(master: str) -> Iterator[SparkEngine]:
    """splink's engine on the Spark master ``master``, for the length of the block."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            ExitCode.USAGE,
            "--cluster cần pyspark: pip install 'dataclean[cluster]'",
            "--cluster needs pyspark: pip install 'dataclean[cluster]'",
        ) from None
    # Local workers run this Python, with its packages, not whatever "python3" is first.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master)
    local = re.fullmatch(r"local\[(\d+)\]", master)
    if local:  # Spark's 200 shuffle partitions are for a cluster: here, one per worker
        builder = builder.config("spark.sql.shuffle.partitions", local.group(1))
    session = (
        builder.appName("dataclean")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        # Spark's 1 GiB default driver ran out of heap on 100,000 people (bench/README.md).
        .config("spark.driver.memory", os.environ.get("DATACLEAN_SPARK_DRIVER_MEMORY", "4g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        with SparkEngine(session) as engine:
            yield engine
    finally:
        session.stop()

"""A Spark session for `--cluster`: the one place a run hands work to other machines (the
pairs of `dedupe`, the files of `normalize`).

The session is made for one run and stopped after it. ``master`` is what Spark takes:
``spark://host:7077`` for a cluster, ``local[4]`` for four workers on this machine. Every
executor needs the same Python packages as this one (rapidfuzz and pandas for the name
comparison).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from dataclean.dedupe.engines import SparkEngine
from dataclean.schema.errors import ExitCode, InputError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Item = TypeVar("Item")
Result = TypeVar("Result")


@contextmanager
def spark_engine(master: str) -> Iterator[SparkEngine]:
    """splink's engine on the Spark master ``master``, for the length of the block."""
    with spark_session(master) as session, SparkEngine(session) as engine:
        yield engine


def run_on_spark(task: Callable[[Item], Result], items: list[Item], master: str) -> list[Result]:
    """``task`` of each item, one Spark task each, the results in the items' order.

    Each executor imports dataclean and reads and writes the paths it is given: on a real
    cluster they must be on a file system every machine sees.
    """
    if not items:
        return []
    with spark_session(master) as session:
        rdd = session.sparkContext.parallelize(items, numSlices=len(items))
        return rdd.map(task).collect()


@contextmanager
def spark_session(master: str) -> Iterator[SparkSession]:
    """A Spark session on ``master`` for the length of the block, stopped after it."""
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
        yield session
    finally:
        session.stop()

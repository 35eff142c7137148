"""Where splink runs: DuckDB in this process (the default), or a Spark cluster.

Both take the same settings and the same SQL; an engine only registers tables, runs a query
into polars, and hands splink its database API. The Spark session itself is made and stopped
by :mod:`dataclean.runtime.cluster`: processes live there.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl
from rapidfuzz import fuzz, process

from dataclean.dedupe.settings import NAME_RATIO, SCORING_MEMORY
from dataclean.schema.errors import ExitCode, InputError, causes

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI


def name_ratios(left: list[str | None], right: list[str | None]) -> list[float]:
    """rapidfuzz's token sort ratio of each pair of names (the "close" level's measure)."""
    return list(process.cpdist(left, right, scorer=fuzz.token_sort_ratio))


class Engine(Protocol):
    def __enter__(self) -> Engine: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def register(self, name: str, frame: pl.DataFrame) -> None: ...

    def query(self, sql: str) -> pl.DataFrame: ...

    def splink_api(self) -> DatabaseAPI: ...


# No annotations: DuckDB evaluates them, and pyarrow is imported only here.
def _arrow_name_ratios(a, b):
    import pyarrow as pa

    return pa.array(name_ratios(a.to_pylist(), b.to_pylist()), pa.float64())


class DuckDBEngine:
    """DuckDB in this process, spilling to a private temporary folder past ``memory``; at most
    ``spill`` there (DuckDB's default: 90 % of the disk's free space)."""

    def __init__(self, memory: str = SCORING_MEMORY, spill: str | None = None) -> None:
        self._memory, self._spill_limit = memory, spill

    def __enter__(self) -> DuckDBEngine:
        import duckdb

        self._spill = tempfile.TemporaryDirectory(prefix="dataclean-pairs-")
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": self._memory,
            "temp_directory": self._spill.name,
        }
        if self._spill_limit is not None:
            config["max_temp_directory_size"] = self._spill_limit
        self.con = duckdb.connect(config=config)
        # The pairs' order is set when they leave DuckDB; keeping it inside costs memory.
        self.con.execute("SET preserve_insertion_order = false")
        varchar, double = duckdb.sqltype("VARCHAR"), duckdb.sqltype("DOUBLE")
        # "arrow": whole vectors at a time; duckdb 1.x and 2.x both take the word.
        self.con.create_function(  # type: ignore[call-overload]
            NAME_RATIO, _arrow_name_ratios, [varchar, varchar], double, type="arrow"
        )
        return self

    def __exit__(self, kind: object, exc: BaseException | None, trace: object) -> None:
        import duckdb

        folder = Path(self._spill.name)
        self.con.close()
        self._spill.cleanup()
        # splink raises its own exception, DuckDB's as its cause.
        full = next((e for e in causes(exc) if isinstance(e, duckdb.OutOfMemoryException)), None)
        if full is not None:
            raise _out_of_room(folder) from full

    def register(self, name: str, frame: pl.DataFrame) -> None:
        self.con.register(name, frame.to_arrow(compat_level=pl.CompatLevel.newest()))

    def query(self, sql: str) -> pl.DataFrame:
        return self.con.sql(sql).pl()

    def splink_api(self) -> DatabaseAPI:
        from splink import DuckDBAPI

        return DuckDBAPI(self.con)


def _out_of_room(folder: Path) -> InputError:
    """DuckDB could hold the pairs neither in its memory nor in its spill folder: a disk with
    under 1 GiB left is full; otherwise the blocks are too large for this machine."""
    free = shutil.disk_usage(folder.parent).free
    if free < 1 << 30:
        return InputError(
            ExitCode.DISK_FULL,
            f"ổ đĩa chứa thư mục tạm {folder.parent} đã đầy ({free >> 20} MB còn trống) khi so "
            "các cặp người trùng; giải phóng chỗ trống hoặc đặt TMPDIR sang ổ khác",
            "disk full while scoring pairs",
        )
    return InputError(
        ExitCode.INPUT_TOO_LARGE,
        "bảng quá lớn để so các cặp người trùng trên máy này (hết bộ nhớ và chỗ tạm); chia tệp "
        "theo tỉnh hoặc chạy với --cluster",
        "too large to score the pairs on this machine",
    )


class SparkEngine:
    """A Spark session (local or a cluster's master): the tables go to it from here, and
    only the query results come back."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def __enter__(self) -> SparkEngine:
        import pandas as pd
        from pyspark.sql.functions import pandas_udf

        def ratios(a, b):  # a batch of pairs' names at a time
            return pd.Series(name_ratios(a.tolist(), b.tolist()), dtype="float64")

        # Spark reads the kind of UDF from the hints, which must be types, not strings.
        ratios.__annotations__ = {"a": pd.Series, "b": pd.Series, "return": pd.Series}
        self.session.udf.register(NAME_RATIO, pandas_udf(ratios, "double"))  # type: ignore[call-overload]
        return self

    def __exit__(self, *exc: object) -> None:
        return None  # the session belongs to whoever made it

    def register(self, name: str, frame: pl.DataFrame) -> None:
        # Spark has no unsigned integers.
        signed = frame.with_columns(pl.col(pl.UInt8, pl.UInt16, pl.UInt32).cast(pl.Int64))
        self.session.createDataFrame(signed.to_arrow()).createOrReplaceTempView(name)

    def query(self, sql: str) -> pl.DataFrame:
        return pl.from_arrow(self.session.sql(sql).toArrow())  # type: ignore[return-value]

    def splink_api(self) -> DatabaseAPI:
        from splink import SparkAPI

        # "persist": lineage broken in the executors' memory, no checkpoint folder to share.
        return SparkAPI(
            spark_session=self.session,
            break_lineage_method="persist",
            register_udfs_automatically=False,
        )

"""`dedupe --cluster`: the same settings on a local Spark give the same duplicates as DuckDB."""

import shutil

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dataclean.cli.app import app
from dataclean.dedupe import find_duplicates
from dataclean.pipeline import normalize_table
from dataclean.reading.tables import read_tables

pyspark = pytest.importorskip("pyspark")
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a JVM")


@pytest.fixture(scope="module")
def spark():
    from dataclean.runtime.cluster import spark_engine

    with spark_engine("local[2]") as engine:
        yield engine


@needs_java
def test_a_local_cluster_finds_what_duckdb_finds(columns_form, spark):
    data, _ = columns_form
    (table,) = read_tables(data)
    cleaned, roles = normalize_table(table).frame, table.layout.roles()
    here = find_duplicates(cleaned, roles)
    there = find_duplicates(cleaned, roles, engine=spark)
    assert here.merged.height > 50  # the file has twins to find
    assert there.candidate_pairs == here.candidate_pairs
    assert there.skipped_blocks == here.skipped_blocks
    for a, b in ((here.rows, there.rows), (here.pairs, there.pairs), (here.kept, there.kept)):
        assert a.equals(b), pl.concat([a, b]).unique(keep="none").head()


@needs_java
def test_dedupe_cluster_option_writes_the_same_workbook(generator, tmp_path):
    data, _ = generator.generate(tmp_path / "xa.csv", rows=600, seed=3, layout="columns", fmt="csv")
    runner = CliRunner()
    for name, extra in (("here", []), ("there", ["--cluster", "local[2]"])):
        args = ["dedupe", str(data), "-o", str(tmp_path / name), *extra]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    here, there = (
        load_workbook(next((tmp_path / n).glob("dedupe_*.xlsx")), read_only=True)
        for n in ("here", "there")
    )
    assert here.sheetnames == there.sheetnames
    for sheet in here.sheetnames:
        assert list(here[sheet].values) == list(there[sheet].values), sheet

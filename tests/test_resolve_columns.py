"""Resolving a table's addresses: in forked workers or in a thread, while other work goes on."""

import multiprocessing as mp
import os
import signal
import time
import warnings
from pathlib import Path

import polars as pl
import pytest

from dataclean.reading.tables import read_tables
from dataclean.runtime import warm_up
from dataclean.runtime.policy import RunPolicy
from dataclean.runtime.resolving import resolve_columns, start_resolving
from dataclean.schema.errors import WorkerLost
from dataclean.units import column, resolver

FORKED = RunPolicy(resolve_apart_from=1)  # every table goes to forked workers
IN_A_THREAD = RunPolicy(resolve_apart_from=10**9)

can_fork = (os.cpu_count() or 1) >= 2 and "fork" in mp.get_all_start_methods()


@pytest.fixture(scope="module")
def addresses(columns_form) -> pl.DataFrame:
    """The address columns of a generated 4,000-row form, under plain names."""
    (table,) = read_tables(columns_form[0])
    roles = table.layout.roles()
    return table.table.select(
        "__row", *(pl.col(roles[p]).alias(p) for p in ("commune", "district", "province"))
    )


def _resolve(df: pl.DataFrame, **kwargs) -> pl.DataFrame:
    return resolve_columns(
        df, commune="commune", district="district", province="province", **kwargs
    )


@pytest.fixture(scope="module")
def in_thread(addresses) -> pl.DataFrame:
    """The form's addresses resolved in a thread: what every other way must give."""
    return _resolve(addresses, policy=IN_A_THREAD)


@pytest.mark.skipif(not can_fork, reason="needs two cores and fork")
def test_forked_workers_give_what_the_thread_gives(addresses, in_thread):
    forked = _resolve(addresses, policy=FORKED)
    assert forked.height == addresses.height
    assert forked.equals(in_thread)
    assert forked["unit_status"].null_count() == 0


def test_the_pure_column_form_gives_what_the_background_gives(addresses, in_thread):
    pure = column.resolve_columns(
        addresses, commune="commune", district="district", province="province"
    )
    assert pure.equals(in_thread)


@pytest.mark.parametrize("policy", [FORKED, IN_A_THREAD])
def test_progress_reaches_every_distinct_address(addresses, policy):
    if policy is FORKED and not can_fork:
        pytest.skip("needs two cores and fork")
    seen: list[tuple[int, int]] = []
    _resolve(addresses, progress=lambda done, total: seen.append((done, total)), policy=policy)
    distinct = addresses.select(
        pl.col(c).str.replace_all(r"\s+", " ").str.strip_chars().fill_null("")
        for c in ("commune", "district", "province")
    ).n_unique()
    assert seen[-1] == (distinct, distinct)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_addresses_differing_only_in_spacing_are_resolved_once():
    calls: list[tuple] = []

    class Counting(resolver.Resolver):
        def resolve(self, commune=None, district=None, province=None):
            calls.append((commune, district, province))
            return super().resolve(commune, district, province)

    df = pl.DataFrame(
        {"x": ["Phường Phúc Xá", "Phường  Phúc Xá ", "Phường\tPhúc Xá"], "t": ["Hà Nội"] * 3}
    )
    out = resolve_columns(df, commune="x", province="t", resolver=Counting())
    assert len(calls) == 1
    assert out["new_commune_code"].n_unique() == 1 and out.height == 3


class Slow(resolver.Resolver):
    """A resolver that takes its time, and says when it last finished an address."""

    def __init__(self) -> None:
        super().__init__()
        self.finished: list[float] = []

    def resolve(self, commune=None, district=None, province=None):
        time.sleep(0.02)
        self.finished.append(time.perf_counter())
        return super().resolve(commune, district, province)


def test_other_work_goes_on_while_addresses_resolve(addresses):
    few = addresses.head(200)  # few distinct addresses: resolved in a thread
    slow = Slow()
    lookup = start_resolving(
        few.lazy(),
        {"commune": "commune", "district": "district", "province": "province"},
        resolver=slow,
        policy=IN_A_THREAD,
    )
    other_started = time.perf_counter()
    later = few.lazy().with_columns(pl.lit("x").alias("later_stage")).collect()
    time.sleep(0.3)  # the rest of the other stages
    other_done = time.perf_counter()
    out = lookup.join(later.lazy()).collect()
    # Addresses were resolved while the other stage ran: neither all before it (resolving
    # first, then the rest) nor all after it (resolving only when joined).
    assert any(other_started < t < other_done for t in slow.finished)
    assert max(slow.finished) > other_started
    assert out["later_stage"].to_list() == ["x"] * few.height
    assert out["__row"].to_list() == few["__row"].to_list()  # row order kept


class Broken(resolver.Resolver):
    def resolve(self, commune=None, district=None, province=None):
        raise RuntimeError("broken table")


@pytest.mark.parametrize("policy", [FORKED, IN_A_THREAD])
def test_an_error_while_resolving_reaches_the_caller(policy):
    if policy is FORKED and not can_fork:
        pytest.skip("needs two cores and fork")
    df = pl.DataFrame({"x": ["Phúc Xá", "Hàng Bạc"]})
    with pytest.raises(RuntimeError, match="broken table"):
        resolve_columns(df, commune="x", resolver=Broken(), policy=policy)


class DiesInAWorker(resolver.Resolver):
    """Killed, as the out-of-memory killer kills, when a forked worker reaches one commune."""

    def __init__(self, fatal: str, told: Path | None = None) -> None:
        super().__init__()
        self.fatal, self.parent, self.told = fatal, os.getpid(), told

    def resolve(self, commune=None, district=None, province=None):
        if commune == self.fatal and os.getpid() != self.parent:
            if self.told is not None:
                self.told.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return super().resolve(commune, district, province)


@pytest.mark.skipif(not can_fork, reason="needs two cores and fork")
def test_a_worker_killed_midway_loses_no_row_and_changes_no_answer(addresses, in_thread):
    fatal = addresses["commune"].drop_nulls()[addresses.height // 2]
    seen: list[tuple[int, int]] = []
    with pytest.warns(WorkerLost, match=r"exit codes \[.*-9"):
        forked = _resolve(
            addresses,
            resolver=DiesInAWorker(fatal),
            progress=lambda done, total: seen.append((done, total)),
            policy=FORKED,
        )
    assert forked.equals(in_thread)  # every row, in order, with the thread's answers
    assert seen[-1][0] == seen[-1][1]  # and the progress bar still reaches its end


@pytest.mark.skipif(not can_fork, reason="needs two cores and fork")
def test_an_error_in_the_rows_a_lost_worker_left_still_reaches_the_caller():
    class DiesThenBreaks(DiesInAWorker):
        def resolve(self, commune=None, district=None, province=None):
            if os.getpid() == self.parent:
                raise RuntimeError("broken table")
            return super().resolve(commune, district, province)

    df = pl.DataFrame({"x": ["Phúc Xá", "Hàng Bạc"]})
    with pytest.warns(WorkerLost), pytest.raises(RuntimeError, match="broken table"):
        resolve_columns(df, commune="x", resolver=DiesThenBreaks("Phúc Xá"), policy=FORKED)


@pytest.mark.skipif(not can_fork, reason="needs two cores and fork")
def test_a_run_whose_worker_is_killed_writes_the_same_file_and_tells_no_volunteer(
    columns_form, addresses, tmp_path, monkeypatch
):
    import hashlib

    from typer.testing import CliRunner

    from dataclean.cli import app
    from dataclean.pipeline import units

    data, _ = columns_form
    runner = CliRunner()
    outputs = []
    killed = tmp_path / "a worker was killed"
    killer = DiesInAWorker(addresses["commune"].drop_nulls()[addresses.height // 2], killed)
    for run in ("whole", "killed"):
        if run == "killed":
            monkeypatch.setattr(units, "ready_resolver", lambda: killer)
        with warnings.catch_warnings(record=True) as told:
            warnings.simplefilter("always")  # as a plain run would print it
            result = runner.invoke(app, ["normalize", str(data), "-o", str(tmp_path / run)])
        assert result.exit_code == 0, result.output
        assert not [w for w in told if issubclass(w.category, WorkerLost)]
        clean = (tmp_path / run / f"{data.stem}_clean.xlsx").read_bytes()
        outputs.append(hashlib.sha256(clean).hexdigest())
    assert killed.exists()
    assert outputs[0] == outputs[1]


def test_the_resolver_is_built_once_when_the_warm_up_and_a_stage_ask_at_once(monkeypatch):
    built: list[int] = []

    def slow_build():
        built.append(1)
        time.sleep(0.2)  # long enough for the stage to ask while the warm-up builds
        return object()

    monkeypatch.setattr(warm_up, "default_resolver", resolver.cache(slow_build))
    warming = warm_up.warm_up()
    got = warm_up.ready_resolver()
    warming.join()
    assert len(built) == 1
    assert got is warm_up.default_resolver()

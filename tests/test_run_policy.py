"""When a run's resolving goes to forked workers: a medium file uses both cores, and one file of
many leaves the cores to the other files."""

import multiprocessing as mp

import pytest

from dataclean.runtime.policy import DEFAULT, RunPolicy


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("needs fork")


def test_a_medium_file_resolves_on_both_cores(two_cores):
    assert DEFAULT.resolving_workers(999) == 1
    assert DEFAULT.resolving_workers(1_000) == 2
    assert DEFAULT.resolving_workers(50_000) == 2


def test_one_file_of_many_forks_only_for_much_work(two_cores):
    beside = DEFAULT.with_cores_taken()
    assert beside.resolving_workers(5_000) == 1
    assert beside.resolving_workers(20_000) == 2
    # A stricter policy stays strict; the writing thresholds are not touched.
    assert RunPolicy(resolve_apart_from=10**9).with_cores_taken().resolve_apart_from == 10**9
    assert beside.write_apart_from == DEFAULT.write_apart_from


def test_one_core_never_forks(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert DEFAULT.resolving_workers(10**6) == 1


@pytest.mark.parametrize(("workers", "apart_from"), [(1, 1_000), (2, 20_000)])
def test_files_run_side_by_side_leave_the_cores_to_each_other(
    monkeypatch, tmp_path, workers, apart_from
):
    from dataclean.jobs import normalize_many

    handed: list = []

    def run(task, partitions, workers, cluster, done):
        handed.extend(partitions)
        return []

    monkeypatch.setattr(normalize_many, "run_partitions", run)
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    normalize_many.normalize_files(files, tmp_path / "out", workers=workers)
    assert [p.options.policy.resolve_apart_from for p in handed] == [apart_from] * 2

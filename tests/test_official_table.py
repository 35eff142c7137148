"""The statistics office's official transition table, checked link by link against the raw
table in the shared reference set (not against the shipped copy the resolver reads)."""

from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

from dataclean.units.crosswalk import settle
from dataclean.units.resolver import resolve
from dataclean.vietnamese import tone_key

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference set not beside")


def _links(name: str) -> dict[str, set[str]]:
    links: dict[str, set[str]] = defaultdict(set)
    table = pl.read_csv(SHARED / name, infer_schema=False)
    for old, new in table.select("old_commune_code", "new_commune_code").rows():
        if old:
            links[old].add(new)
    return links


def _official() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = defaultdict(list)
    for r in pl.read_csv(SHARED / "crosswalk_nso.csv", infer_schema=False).iter_rows(named=True):
        if r["old_commune_code"]:
            rows[r["old_commune_code"]].append(r)
    return rows


OFFICIAL = _official() if SHARED.is_dir() else {}
A = _links("crosswalk_a.csv") if SHARED.is_dir() else {}
B = _links("crosswalk_b.csv") if SHARED.is_dir() else {}
DISPUTES = sorted(c for c in set(A) & set(B) if A[c] != B[c])
WHOLE_POPULATION = sorted(
    c
    for c, rows in OFFICIAL.items()
    if any("toàn bộ dân số" in " ".join(r["note"].split()) for r in rows)
)


def test_the_reference_counts():
    assert len(DISPUTES) == 54
    assert len(WHOLE_POPULATION) == 58


def _names(rows: list[dict]) -> set[tuple[str, str]]:
    return {(r["new_province_code"], tone_key(r["new_commune_name"])) for r in rows}


def _residents(rows: list[dict]) -> list[dict]:
    return [r for r in rows if "toàn bộ dân số" in " ".join(r["note"].split())]


@pytest.mark.parametrize("code", DISPUTES)
def test_each_dispute_follows_the_official_table(code):
    official = OFFICIAL[code]
    res = resolve(code)
    answer = official if len(official) == 1 else _residents(official)
    if answer:
        assert res.status == "exact", res.reason
        assert _names(answer) == {(res.new_province_code, tone_key(res.new_commune_name))}
    else:
        assert res.status == "split", res.reason
        assert {tone_key(c.new_name) for c in res.candidates} == {n for _, n in _names(official)}
    assert "Cục Thống kê" in res.reason
    assert "disagree" in res.reason  # the other crosswalk's view is kept


@pytest.mark.parametrize("code", WHOLE_POPULATION)
def test_each_whole_population_split_has_one_answer(code):
    official = OFFICIAL[code]
    residents = _residents(official)
    assert len(residents) == 1
    res = resolve(code)
    if res.status == "disputed":
        # The official table lists a successor neither crosswalk knows: shown, not taken.
        assert residents[0]["new_commune_code"] in {c.new_code for c in res.candidates}
        return
    assert res.status == "exact", res.reason
    assert res.new_commune_code == residents[0]["new_commune_code"]
    assert "toàn bộ dân số" in res.reason.lower()


def test_settle_rules():
    # Agreeing crosswalks, silent or agreeing official table.
    assert settle({"1"}, {"1"}, {}).kind == "single"
    assert settle({"1"}, {"1"}, {"1": "Nhập toàn bộ"}).kind == "single"
    # A dispute the official table settles, either way.
    assert settle({"1"}, {"2"}, {"2": "Nhập toàn bộ"}).targets == {"2"}
    assert settle({"1", "2"}, {"1"}, {"1": "Nhập toàn bộ"}).targets == {"1"}
    # Neither side: disputed, every side shown.
    neither = settle({"1"}, {"2"}, {"3": "Nhập toàn bộ"})
    assert (neither.kind, neither.targets) == ("disputed", {"1", "2", "3"})
    # Agreeing crosswalks that the official table contradicts: disputed.
    assert settle({"1"}, {"1"}, {"1": "x", "2": "y"}).kind == "disputed"
    # A split whose residents all went to one successor.
    whole = settle(
        {"1", "2"},
        {"1", "2"},
        {"1": "Nhập một phần diện tích", "2": "Nhập một phần diện tích, toàn bộ dân số"},
    )
    assert (whole.kind, whole.targets) == ("single", {"2"})
    # A split whose residents went to several: still split.
    split = settle({"1", "2"}, {"1", "2"}, {"1": "Nhập một phần", "2": "Nhập một phần"})
    assert (split.kind, split.targets) == ("split", {"1", "2"})

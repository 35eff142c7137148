"""Every field rule: table-driven cases, and properties that hold for any input."""

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataclean.rules import field_rules

TODAY = dt.date(2026, 11, 26)
RULES = field_rules(TODAY)
BY_NAME = {r.name: r for r in RULES.values()}
TABLES = Path(__file__).parent / "data" / "rules"


def _cases(rule: str) -> list[tuple[str, str | None, str]]:
    with (TABLES / f"{rule}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    return [(raw, expected or None, problem) for raw, expected, problem in rows]


CASES = [(rule, *case) for rule in BY_NAME for case in _cases(rule)]


def test_each_rule_has_at_least_150_cases():
    for rule in BY_NAME:
        assert len(_cases(rule)) >= 150, rule


@pytest.mark.parametrize(("rule", "raw", "expected", "problem"), CASES)
def test_table(rule, raw, expected, problem):
    r = BY_NAME[rule]
    value, reason = r(raw)
    assert value == expected
    assert (reason is None) == (value == raw)  # a reason exactly when the value changed
    found = r.check(raw)
    if problem:
        assert found is not None and problem in found, found
    else:
        assert found is None, found


@pytest.mark.parametrize("rule", sorted(BY_NAME))
def test_the_whole_column_gives_each_cases_answer(rule):
    """Run over a whole column (the table's cases shuffled, each twice, beside each other),
    every row still gets its own expected answer: no row's result leans on another's."""
    r = BY_NAME[rule]
    cases = _cases(rule) * 2
    order = sorted(range(len(cases)), key=lambda i: (i * 7919) % len(cases))
    cases = [cases[i] for i in order]
    raws = [raw for raw, _, _ in cases]
    out = r.apply(pl.DataFrame({"raw": raws}), "raw").select("__clean", "__reason", "__problem")
    for (raw, expected, problem), (clean, reason, found) in zip(cases, out.rows(), strict=True):
        assert clean == expected, raw
        assert (reason is None) == (clean == raw), raw
        assert (problem in found) if problem else found is None, (raw, found)


any_input = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 .-+/'()"),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
)


@pytest.mark.parametrize("rule", sorted(BY_NAME))
@settings(max_examples=120, deadline=None)
@given(value=any_input)
def test_never_raises_and_is_idempotent(rule, value):
    r = BY_NAME[rule]
    clean, reason = r(value)
    assert clean is None or isinstance(clean, str)
    assert reason is None or isinstance(reason, str)
    assert r(clean) == (clean, None)  # clean(clean(x)) == clean(x), and nothing to say
    r.check(value)


names = st.lists(
    st.sampled_from(["Nguyễn", "Trần", "Lê", "Văn", "Thị", "Hòa", "Thủy", "Quý", "Đức", "Ánh"]),
    min_size=2,
    max_size=4,
).map(" ".join)
days = st.dates(min_value=dt.date(1907, 1, 1), max_value=TODAY)
valid = {
    "name": names,
    "dob": st.one_of(days.map(lambda d: d.strftime("%d/%m/%Y")), days.map(lambda d: str(d.year))),
    "gender": st.sampled_from(["Nam", "Nữ"]),
    "citizen_id": st.builds(
        lambda p, c, y, rest: f"0{p}{c}{y:02d}{rest:06d}",
        st.sampled_from(["01", "79", "48", "92", "31"]),
        st.sampled_from([0, 1]),
        st.integers(0, 99),
        st.integers(0, 10**6 - 1),
    ),
    "phone": st.builds(
        lambda p, rest: f"{p}{rest:07d}",
        st.sampled_from(["032", "086", "091", "070", "089", "052", "099"]),
        st.integers(0, 10**7 - 1),
    ),
}


@pytest.mark.parametrize("rule", sorted(valid))
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_never_changes_a_valid_value(rule, data):
    value = data.draw(valid[rule])
    r = BY_NAME[rule]
    assert r(value) == (value, None)
    assert r.check(value) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("lê hoà-bình", "Lê Hòa-Bình"),  # a word end before a hyphen
        ("NGUYỄN THUỶ.", "Nguyễn Thủy."),  # and before a dot
        ("trần hoà thuỵ", "Trần Hòa Thụy"),
        ("đặng quỷ", "Đặng Quỷ"),  # "qu": the u is not a vowel of the pair
        ("đoàn thị hoàn", "Đoàn Thị Hoàn"),  # not at a word end
        ("phạm khoẻ", "Phạm Khỏe"),
    ],
)
def test_one_tone_mark_style_at_every_word_end(raw, expected):
    assert RULES["name"](raw)[0] == expected

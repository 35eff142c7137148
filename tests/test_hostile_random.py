"""Random bytes and random cell text through the reader and the writers: never a traceback,
never a formula in an output, never a lost row."""

import tempfile
from pathlib import Path

import polars as pl
from hostile import HEADER, ROW, formulas, run_here, sheet_xml, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataclean.schema.errors import ExitCode

DOCUMENTED = {int(c) for c in ExitCode} - {ExitCode.INTERNAL}
RANDOM = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What people and attackers put in cells: formula starts, control characters, lone
# surrogates, bidirectional marks, very long runs, and plain Vietnamese.
_PREFIXES = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "=cmd|' /C calc'!", "'"])
# (No NUL: a NUL byte marks a binary file, refused by name; see the corpus.)
_ODD = st.sampled_from(["\x07", "\x1b[31m", "\ud800", "\u202e", "\ufeff", "\n", '"', ","])
_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30) | st.builds(
    lambda n: "Nguyễn " * n, st.integers(1, 6000)
)
CELL = st.builds(lambda p, t, o, u: p + t + o + u, _PREFIXES, _TEXT, _ODD | st.just(""), _TEXT)


def _normalize(path: Path, out: Path, fmt: str) -> tuple[int, str]:
    return run_here(["normalize", str(path), "-o", str(out), "-f", fmt])


def _fine(code: int, text: str, out: Path) -> None:
    assert "Traceback" not in text
    assert code in DOCUMENTED, text
    if code == 0:
        assert formulas(out) == []
    else:
        assert len([line for line in text.splitlines() if line.strip()]) == 1, text
        assert not out.exists() or list(out.iterdir()) == []


@RANDOM
@given(st.binary(max_size=4096))
def test_random_bytes_as_a_csv_never_break_the_run(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rac.csv"
        path.write_bytes(data)
        out = Path(tmp) / "out"
        code, text = _normalize(path, out, "csv")
        _fine(code, text, out)
        assert path.read_bytes() == data


def _rows(cells: list[str]) -> list[list[str]]:
    """The corpus row once per random cell, the cell as a name, an address and a note."""
    out = [[*HEADER, "Ghi chú"]]
    for i, cell in enumerate(cells):
        row = list(ROW)
        row[0] = str(i + 1)
        row[4] = f"0010870{12345 + i:05d}"
        if i % 2:
            row[1] = cell
        else:
            row[5] = cell
        out.append([*row, cell])
    return out


@RANDOM
@given(st.lists(CELL, min_size=1, max_size=8), st.sampled_from(["csv", "xlsx", "parquet"]))
def test_random_cells_in_a_csv_are_all_written_and_never_run(cells, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ds.csv"
        # Lone surrogates reach the file as the bytes a broken exporter writes.
        text = "\n".join(",".join(_quoted(c) for c in r) for r in _rows(cells)) + "\n"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        out = Path(tmp) / "out"
        code, printed = _normalize(path, out, fmt)
        _fine(code, printed, out)
        assert code == 0, printed
        assert _rows_written(out / f"ds_clean.{fmt}") == len(cells)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def _rows_written(path: Path) -> int:
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema=False).height
    if path.suffix == ".parquet":
        return pl.read_parquet(path).height
    return pl.read_excel(path, infer_schema_length=0).height


_XML_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]) | st.sampled_from(["\t", "\n"]),
    max_size=40,
)


@RANDOM
@given(st.lists(st.builds(lambda p, t: p + t, _PREFIXES, _XML_TEXT), min_size=1, max_size=8))
def test_random_cells_in_a_workbook_are_all_written_and_never_run(cells):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(Path(tmp) / "ds.xlsx", [("Sheet1", sheet_xml(_rows(cells)))])
        out = Path(tmp) / "out"
        code, printed = _normalize(path, out, "xlsx")
        _fine(code, printed, out)
        assert code == 0, printed
        assert _rows_written(out / "ds_clean.xlsx") == len(cells)

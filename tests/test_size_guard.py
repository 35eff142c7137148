"""The size guard reads the sheet XML once before calamine: a cell too long (within a chunk of
the stream or across chunks) and a used range too large (counting columns past Z) are refused;
a sheet within the limits is not."""

import pytest
from hostile import rows, sheet_xml, write_xlsx

from dataclean.reading.size_guard import _CHUNK, Limits, check_xlsx
from dataclean.schema.errors import ExitCode, InputError


def _workbook(tmp_path, table):
    return write_xlsx(tmp_path / "ds.xlsx", [("Sheet1", sheet_xml(table))])


@pytest.mark.parametrize("length", [5_000, _CHUNK + 300_000])
def test_a_cell_longer_than_the_limit_is_refused(tmp_path, length):
    table = rows()
    table[3][1] = "Nguyễn Văn An " + "x" * length  # one long cell among short ones
    path = _workbook(tmp_path, table)
    check_xlsx(path, Limits(cell_chars=length + 100))  # within: nothing said
    with pytest.raises(InputError) as told:
        check_xlsx(path, Limits(cell_chars=length - 100))
    assert told.value.code == ExitCode.INPUT_TOO_LARGE and "--max-cell-chars" in told.value.vi


def test_the_used_range_counts_the_columns_past_z(tmp_path):
    table = [r + [f"cột {i}" for i in range(34 - len(r))] for r in rows(98)]  # A..AH
    path = _workbook(tmp_path, table)
    check_xlsx(path, Limits(cells=99 * 34))
    with pytest.raises(InputError) as told:
        check_xlsx(path, Limits(cells=99 * 34 - 1))  # 26 columns would fit: AH must count
    assert "--max-cells" in told.value.vi
    narrow = _workbook(tmp_path, [r + ["x"] * (26 - len(r)) for r in rows(98)])  # A..Z
    check_xlsx(narrow, Limits(cells=99 * 26))

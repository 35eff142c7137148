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


def test_the_pass_that_reads_the_sheet_facts_is_their_size_guard(tmp_path):
    """`normalize` reads the hidden rows in the same pass that guards the sheets, beside the
    opening of the file; the guard's answer comes before any sheet is loaded."""
    from dataclean.reading.sheet_xml import sheet_facts
    from dataclean.reading.tables import read_tables

    table = [r + [f"cột {i}" for i in range(34 - len(r))] for r in rows(98)]
    hidden = sheet_xml(table).replace(b'<row r="5">', b'<row r="5" hidden="1">')
    path = write_xlsx(tmp_path / "ds.xlsx", [("Danh sách", hidden)])
    assert sheet_facts(path, Limits(cells=99 * 34))["Danh sách"].hidden_rows == {5}
    with pytest.raises(InputError) as told:
        sheet_facts(path, Limits(cells=99 * 34 - 1))
    assert "--max-cells" in told.value.vi
    with pytest.raises(InputError):  # read_tables, with facts read beside or not
        read_tables(path, facts=lambda: sheet_facts(path, Limits(cells=99 * 34 - 1)))
    with pytest.raises(InputError):
        read_tables(path, limits=Limits(cells=99 * 34 - 1))


def test_a_sheet_part_no_sheet_name_leads_to_is_guarded_too(tmp_path):
    import zipfile

    from dataclean.reading.sheet_xml import sheet_facts

    path = _workbook(tmp_path, rows())
    with zipfile.ZipFile(path, "a") as z:  # a second sheet part, named nowhere
        z.writestr("xl/worksheets/sheet9.xml", sheet_xml([["x"] * 30] * 50))
    sheet_facts(path, Limits(cells=50 * 30))
    with pytest.raises(InputError):
        sheet_facts(path, Limits(cells=50 * 30 - 1))


def test_opening_checks_the_shared_strings_but_not_the_sheets(tmp_path):
    import zipfile

    from dataclean.reading.size_guard import check_before_opening

    path = _workbook(tmp_path, rows(98))
    check_before_opening(path, Limits(cells=10))  # the sheets are left to the sheets' pass
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/sharedStrings.xml", "<sst><si><t>" + "x" * 5_000 + "</t></si></sst>")
    with pytest.raises(InputError):
        check_before_opening(path, Limits(cell_chars=4_000))

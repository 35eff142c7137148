"""A corpus of hostile and broken inputs, each built in a folder at test time.

Each case names how to build its files, the command to run (``{out}`` is the output folder),
the exit code it must end with, and the words its one line must name. Shared by the test
module and by ``tools/hostile_probe.py``, which runs the corpus in real processes.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from dataclean.writing.cells import column_letter

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Địa chỉ"]
ROW = [
    "1",
    "Nguyễn Văn An",
    "07/08/1987",
    "Nam",
    "001087012345",
    "Phường Phúc Xá, Quận Ba Đình, Hà Nội",
]


def rows(n: int = 6) -> list[list[str]]:
    out = [list(HEADER)]  # a copy: cases edit their tables in place
    for i in range(n):
        r = list(ROW)
        r[0] = str(i + 1)
        r[4] = f"0010870{12345 + i:05d}"
        out.append(r)
    return out


def write_csv(path: Path, table: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def sheet_xml(table: list[list[str]], extra: str = "", dimension: str | None = None) -> bytes:
    """A worksheet part with inline strings (no shared-strings part needed)."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>']
    out.append('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for r, values in enumerate(table, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(values):
            ref = f"{column_letter(c)}{r}"
            out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        out.append("</row>")
    out.append(extra)
    out.append("</sheetData></worksheet>")
    return "".join(out).encode()


def write_xlsx(
    path: Path, sheets: list[tuple[str, bytes]], compress: int = zipfile.ZIP_DEFLATED
) -> Path:
    """A minimal .xlsx with these (name, worksheet XML) sheets, names written as given: Excel
    would refuse some of them, a crafted file need not."""
    ns = "http://schemas.openxmlformats.org"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + "</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _) in enumerate(sheets, start=1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships">{rels}</Relationships>'
    )
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, (_, xml) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return path


_BOMBS: dict[int, bytes] = {}  # built once per size: deflating 3 GiB takes seconds


def zip_bomb(path: Path, expanded: int = 3 << 30) -> Path:
    """A small .xlsx whose sheet XML expands to ``expanded`` bytes (3 GiB by default): one
    row, then blank space the deflate stream shrinks a thousand times."""
    if expanded not in _BOMBS:
        _BOMBS[expanded] = _built_bomb(path, expanded).read_bytes()
    path.write_bytes(_BOMBS[expanded])
    return path


def _built_bomb(path: Path, expanded: int) -> Path:
    head = sheet_xml(rows(2))[: -len(b"</sheetData></worksheet>")]
    tail = b"</sheetData></worksheet>"
    ns = sheet_xml([])  # only for the parts around
    del ns
    tmp = write_xlsx(path, [("Sheet1", head + tail)])
    # Rewrite the sheet part as a stream of blanks, compressed chunk by chunk.
    with zipfile.ZipFile(tmp) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head)
            block = b" " * (1 << 20)
            for _ in range(expanded >> 20):
                f.write(block)
            f.write(tail)
    return path


@dataclass
class Case:
    name: str
    build: Callable[[Path], list[str]]  # the command's arguments, with {out} for -o
    code: int
    names: list[str] = field(default_factory=list)  # words the message must hold
    partial: bool = False  # a refusal that still writes (decisions refused): lines and files


CASES: list[Case] = []
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
csv.field_size_limit(sys.maxsize)  # the corpus has cells of a megabyte


def formulas(folder: Path) -> list[str]:
    """Every formula an output in ``folder`` holds: an .xlsx formula cell, or a CSV cell or
    header a spreadsheet would run."""
    found = []
    for path in folder.rglob("*.xlsx"):
        with zipfile.ZipFile(path) as z:
            for part in z.namelist():
                if part.startswith("xl/worksheets/") and b"<f>" in z.read(part):
                    found.append(f"{path.name}:{part}")
    for path in folder.rglob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        for n, row in enumerate(csv.reader(io.StringIO(text))):
            found += [f"{path.name}:{n}:{c[:20]}" for c in row if FORMULA_START.match(c)]
    return found


def run_here(args: list[str]) -> tuple[int, str]:
    """``dataclean args`` in this process: its exit code and everything it printed."""
    from dataclean.cli import main

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, printed.getvalue()


def snapshot(folder: Path) -> dict[Path, str]:
    """Every file under ``folder`` with its checksum (folders as "dir")."""
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in folder.rglob("*")
    }


def judged(case: Case, work: Path, before: dict[Path, str], code: int, text: str) -> list[str]:
    """What a run of ``case`` in ``work`` (its output folder ``work/out``) did wrong: the exit
    code, more than one line or a traceback on failure, a name missing from the message, a
    file written outside ``-o`` or left in it after a failure, an input changed."""
    out = work / "out"
    after = snapshot(work)
    outside = [p for p in after if p not in before and out not in (p, *p.parents)]
    changed = [p for p, digest in before.items() if after.get(p) != digest]
    failed = code != 0 and not case.partial
    left = [p for p in after if out in (p, *p.parents) and p not in before] if failed else []
    lines = [line for line in text.splitlines() if line.strip()]
    problems = []
    if code != case.code:
        problems.append(f"exit {code} (want {case.code})")
    if "Traceback" in text:
        problems.append("traceback")
    if failed and len(lines) != 1:
        problems.append(f"{len(lines)} lines")
    missing = [n for n in case.names if n not in text]
    if missing:
        problems.append(f"names missing {missing}")
    if outside:
        problems.append(f"outside -o: {[p.name for p in outside]}")
    if left:
        problems.append(f"left in -o: {[p.name for p in left]}")
    if changed:
        problems.append(f"input changed: {[p.name for p in changed]}")
    return problems


def case(name: str, code: int, names: list[str] | None = None, **kw):
    def register(build: Callable[[Path], list[str]]):
        CASES.append(Case(name, build, code, names or [], **kw))
        return build

    return register


def normalize(path: Path, *extra: str) -> list[str]:
    return ["normalize", str(path), "-o", "{out}", *extra]


# --- not a spreadsheet, or not the one its name says -------------------------------------


@case("xlsx_named_csv", 4, ["ds.csv"])
def _(d: Path) -> list[str]:
    write_xlsx(d / "ds.xlsx", [("Sheet1", sheet_xml(rows()))])
    (d / "ds.xlsx").rename(d / "ds.csv")
    return normalize(d / "ds.csv")


@case("random_binary_csv", 4, ["rac.csv"])
def _(d: Path) -> list[str]:
    import random

    random.seed(1)
    (d / "rac.csv").write_bytes(bytes(random.randrange(256) for _ in range(5000)))
    return normalize(d / "rac.csv")


@case("mixed_encoding_csv", 0)
def _(d: Path) -> list[str]:
    text = "\n".join(",".join(r) for r in rows(20)).encode("utf-8")
    text += "\n21,Lê Văn Tú,01/01/1990,Nam,001090000001,Xa Tân Hôi\n".encode("cp1258")
    (d / "tron.csv").write_bytes(text)
    return normalize(d / "tron.csv")


for _suffix, _magic in [
    (".docx", None),
    (".pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    (".zip", None),
    (".txt", b"Ho va ten\nAn\n"),
    (".json", b'{"a": 1}'),
]:

    def _build(d: Path, suffix=_suffix, magic=_magic) -> list[str]:
        path = d / f"tailieu{suffix}"
        if magic is None:
            with zipfile.ZipFile(path, "w") as z:
                z.writestr("word/document.xml", "<w:document/>")
        else:
            path.write_bytes(magic)
        return normalize(path)

    # A .txt is read as CSV: this one has no header row.
    _code = 5 if _suffix == ".txt" else 4
    case(f"not_a_spreadsheet{_suffix}", _code, [f"tailieu{_suffix}"])(_build)


@case("png_named_xlsx", 4, ["anh.xlsx"])
def _(d: Path) -> list[str]:
    (d / "anh.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    return normalize(d / "anh.xlsx")


@case("garbage_named_xls", 4, ["cu.xls"])
def _(d: Path) -> list[str]:
    (d / "cu.xls").write_bytes(b"this is not an OLE file" * 10)
    return normalize(d / "cu.xls")


@case("corrupt_ole_xls", 9, ["cu.xls"])
def _(d: Path) -> list[str]:
    (d / "cu.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return normalize(d / "cu.xls")


@case("garbage_named_parquet", 9, ["ds.parquet"])
def _(d: Path) -> list[str]:
    (d / "ds.parquet").write_bytes(b"PAR1 this is not parquet at all")
    return normalize(d / "ds.parquet")


@case("zip_without_workbook", 9, ["rong.xlsx"])
def _(d: Path) -> list[str]:
    with zipfile.ZipFile(d / "rong.xlsx", "w") as z:
        z.writestr("hello.txt", "xin chào")
    return normalize(d / "rong.xlsx")


@case("truncated_xlsx", 9, ["cut.xlsx"])
def _(d: Path) -> list[str]:
    write_xlsx(d / "full.xlsx", [("Sheet1", sheet_xml(rows(200)))])
    data = (d / "full.xlsx").read_bytes()
    (d / "cut.xlsx").write_bytes(data[: len(data) // 2])
    (d / "full.xlsx").unlink()
    return normalize(d / "cut.xlsx")


@case("workbook_without_sheets", 7, ["khong_trang.xlsx"])
def _(d: Path) -> list[str]:
    write_xlsx(d / "khong_trang.xlsx", [])
    return normalize(d / "khong_trang.xlsx")


@case("empty_csv", 7, ["rong.csv"])
def _(d: Path) -> list[str]:
    (d / "rong.csv").write_bytes(b"")
    return normalize(d / "rong.csv")


@case("empty_xlsx_file", 7, ["rong.xlsx"])
def _(d: Path) -> list[str]:
    (d / "rong.xlsx").write_bytes(b"")
    return normalize(d / "rong.xlsx")


@case("blank_lines_csv", 7, ["trang.csv"])
def _(d: Path) -> list[str]:
    (d / "trang.csv").write_bytes(b"\n\n  \n,,,\n")
    return normalize(d / "trang.csv")


@case("empty_sheet", 7, ["trong.xlsx"])
def _(d: Path) -> list[str]:
    write_xlsx(d / "trong.xlsx", [("Trang 1", sheet_xml([]))])
    return normalize(d / "trong.xlsx")


@case("header_only_csv", 0)
def _(d: Path) -> list[str]:
    write_csv(d / "dau.csv", [HEADER])
    return normalize(d / "dau.csv")


@case("no_header_csv", 5, ["so.csv"])
def _(d: Path) -> list[str]:
    write_csv(d / "so.csv", [["1", "2", "3"], ["4", "5", "6"]])
    return normalize(d / "so.csv")


@case("nul_bytes_csv", 4, ["nul.csv"])
def _(d: Path) -> list[str]:
    (d / "nul.csv").write_bytes(b"Ho va ten,Dia chi\x00\x00\x00\nAn\x00,X\n")
    return normalize(d / "nul.csv")


@case("utf16_csv", 0)
def _(d: Path) -> list[str]:
    write_csv(d / "u16.csv", rows(), encoding="utf-16")
    return normalize(d / "u16.csv")


@case("unbalanced_quotes_csv", 9, ["ngoac.csv"])
def _(d: Path) -> list[str]:
    table = "\n".join(",".join(r) for r in rows(5))
    (d / "ngoac.csv").write_text(table + '\n6,"Lê Văn Cường,01/01/1990,Nam,0011\n', "utf-8")
    return normalize(d / "ngoac.csv")


@case("wide_row_late_csv", 0)
def _(d: Path) -> list[str]:
    table = rows(1500)  # past the 64 KB the delimiter and width are first learned from
    table[-1] = [*table[-1], "thừa 1", "thừa 2"]
    write_csv(d / "rong_muon.csv", table)
    return normalize(d / "rong_muon.csv")


@case("ragged_csv", 0)
def _(d: Path) -> list[str]:
    table = rows(5)
    table[2] = table[2] + ["thừa", "thừa nữa"]
    table[3] = table[3][:2]
    write_csv(d / "lech.csv", table)
    return normalize(d / "lech.csv")


@case("semicolon_bom_csv", 0)
def _(d: Path) -> list[str]:
    text = "\n".join(";".join(r) for r in rows())
    (d / "cham.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return normalize(d / "cham.csv")


# --- what the user asked for --------------------------------------------------------------


@case("missing_file", 3, ["khong_co.xlsx"])
def _(d: Path) -> list[str]:
    return normalize(d / "khong_co.xlsx")


@case("directory_without_spreadsheets", 7, ["thu_muc.csv", "không có tệp danh sách"])
def _(d: Path) -> list[str]:
    (d / "thu_muc.csv").mkdir()  # a folder is cleaned file by file: this one holds none
    (d / "thu_muc.csv" / "ghi_chu.txt.bak").write_text("không phải bảng tính")
    return normalize(d / "thu_muc.csv")


@case("unknown_sheet", 2, ["ds.xlsx", "Không có"])
def _(d: Path) -> list[str]:
    write_xlsx(d / "ds.xlsx", [("Sheet1", sheet_xml(rows()))])
    return normalize(d / "ds.xlsx", "--sheet", "Không có")


@case("bad_format", 2, ["docx"])
def _(d: Path) -> list[str]:
    write_csv(d / "ds.csv", rows())
    return normalize(d / "ds.csv", "-f", "docx")


@case("bad_column_override", 2, ["Không có cột"])
def _(d: Path) -> list[str]:
    write_csv(d / "ds.csv", rows())
    return normalize(d / "ds.csv", "--column", "Không có cột=address")


@case("bad_role_override", 2, ["lung_tung"])
def _(d: Path) -> list[str]:
    write_csv(d / "ds.csv", rows())
    return normalize(d / "ds.csv", "--column", "Địa chỉ=lung_tung")


@case("output_is_a_file", 6)
def _(d: Path) -> list[str]:
    write_csv(d / "ds.csv", rows())
    (d / "chan").write_text("x")
    return ["normalize", str(d / "ds.csv"), "-o", str(d / "chan")]


@case("report_path_is_a_directory", 6, ["ds_report.xlsx"])  # names the folder in the way
def _(d: Path) -> list[str]:
    write_csv(d / "ds.csv", rows())
    # The output folder already holds a folder where the report goes.
    (d / "out").mkdir()
    (d / "out" / "ds_report.xlsx").mkdir()
    return ["normalize", str(d / "ds.csv"), "-o", "{out}"]


# --- names ---------------------------------------------------------------------------------


@case("sheet_name_escapes", 0)
def _(d: Path) -> list[str]:
    write_xlsx(
        d / "ds.xlsx",
        [("../../escaped", sheet_xml(rows())), ("Trang 2", sheet_xml(rows()))],
    )
    return normalize(d / "ds.xlsx")


@case("sheet_name_slashes_and_markup", 0)
def _(d: Path) -> list[str]:
    write_xlsx(
        d / "ds.xlsx",
        [("a/b\\c:*?<>|", sheet_xml(rows())), ("a\\b/c", sheet_xml(rows()))],
    )
    return normalize(d / "ds.xlsx")


@case("sheet_name_formula", 0)
def _(d: Path) -> list[str]:
    write_xlsx(d / "ds.xlsx", [("=cmd|' /C calc'!A0", sheet_xml(rows())), ("B", sheet_xml(rows()))])
    return normalize(d / "ds.xlsx")


@case("sheet_name_too_long", 0)
def _(d: Path) -> list[str]:
    long = "Danh sách cử tri thôn Đông Hòa xã Tân Hội " * 4
    write_xlsx(d / "ds.xlsx", [(long, sheet_xml(rows())), (long + "2", sheet_xml(rows()))])
    return normalize(d / "ds.xlsx")


@case("file_name_with_markup", 0)
def _(d: Path) -> list[str]:
    path = write_csv(d / "<b>ds & 'x' [red]<-b>.csv", rows())
    return normalize(path)


@case("file_name_very_long", 0)
def _(d: Path) -> list[str]:
    path = write_csv(d / ("danh_sach_" * 22 + ".csv"), rows())
    return normalize(path)


@case("file_name_with_newline", 0)
def _(d: Path) -> list[str]:
    path = write_csv(d / "ds\ndong2.csv", rows())
    return normalize(path)


# --- content -------------------------------------------------------------------------------


@case("duplicate_headers", 0)
def _(d: Path) -> list[str]:
    table = rows()
    for r in table:
        r.append(r[1])
    write_csv(d / "trung_cot.csv", table)
    return normalize(d / "trung_cot.csv")


@case("duplicate_headers_xlsx", 0)
def _(d: Path) -> list[str]:
    table = [[*r, r[5], r[5]] for r in rows()]
    write_xlsx(d / "trung_cot.xlsx", [("Sheet1", sheet_xml(table))])
    return normalize(d / "trung_cot.xlsx")


@case("formula_headers", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[0] = table[0] + ["=cmd|' /C calc'!A0", '+HYPERLINK("http://x","y")', "@SUM(1)", "-2+3"]
    for r in table[1:]:
        r += ["=1+1", "+1", "@x", "-1"]
    write_csv(d / "cong_thuc.csv", table)
    return normalize(d / "cong_thuc.csv", "-f", "csv")


@case("formula_headers_parquet", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[0] = table[0] + ["=cmd|' /C calc'!A0"]
    for r in table[1:]:
        r += ["=1+1"]
    write_csv(d / "cong_thuc.csv", table)
    return normalize(d / "cong_thuc.csv", "-f", "parquet")


@case("formula_headers_xlsx", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[0] = table[0] + ["=cmd|' /C calc'!A0", "@SUM(1)"]
    for r in table[1:]:
        r += ["=1+1", '=HYPERLINK("x")']
    write_csv(d / "cong_thuc.csv", table)
    return normalize(d / "cong_thuc.csv")


@case("control_characters", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[1][1] = "Nguyễn\x01Văn\x07An\x1b[31m"
    table[2][5] = "Phúc Xá\x0b Ba Đình\x0c Hà Nội\x7f"
    write_csv(d / "dieu_khien.csv", table)
    return normalize(d / "dieu_khien.csv")


@case("collides_with_added_columns", 0)
def _(d: Path) -> list[str]:
    table = [[*r, "đang ở", "không"] for r in rows()]
    table[0][-2:] = ["Trạng thái", "Lỗi dữ liệu"]
    write_csv(d / "trung_ten.csv", table)
    return normalize(d / "trung_ten.csv")


@case("collides_with_added_columns_xlsx", 0)
def _(d: Path) -> list[str]:
    table = [[*r, "đang ở", "12 Hàng Bông"] for r in rows()]
    table[0][-2:] = ["Trạng thái", "Địa chỉ mới"]
    write_xlsx(d / "trung_ten.xlsx", [("Sheet1", sheet_xml(table))])
    return normalize(d / "trung_ten.xlsx")


@case("cell_of_one_megabyte", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[2][5] = "Phúc Xá " * 150_000
    write_xlsx(d / "to.xlsx", [("Sheet1", sheet_xml(table))])
    return normalize(d / "to.xlsx")


@case("cell_over_excel_limit_csv", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[3][1] = "Nguyễn Văn An " + "x" * 40_000
    write_csv(d / "dai.csv", table)
    return normalize(d / "dai.csv")


@case("too_many_columns", 13, ["rong_cot.csv"])
def _(d: Path) -> list[str]:
    table = [r + [f"c{i}" for i in range(16_384 - len(r))] for r in rows(3)]
    write_csv(d / "rong_cot.csv", table)
    return normalize(d / "rong_cot.csv")


@case("cell_at_the_sheet_edge", 14, ["canh.xlsx"])
def _(d: Path) -> list[str]:
    edge = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    write_xlsx(d / "canh.xlsx", [("Sheet1", sheet_xml(rows(), extra=edge))])
    return normalize(d / "canh.xlsx")


@case("dimension_lies", 0)
def _(d: Path) -> list[str]:
    write_xlsx(d / "kich_thuoc.xlsx", [("Sheet1", sheet_xml(rows(), dimension="A1:XFD1048576"))])
    return normalize(d / "kich_thuoc.xlsx")


@case("zip_bomb", 14, ["bom.xlsx"])
def _(d: Path) -> list[str]:
    zip_bomb(d / "bom.xlsx")
    return normalize(d / "bom.xlsx")


@case("error_and_bool_cells", 0)
def _(d: Path) -> list[str]:
    table = rows()
    extra = (
        '<row r="20"><c r="A20" t="e"><v>#N/A</v></c><c r="B20" t="b"><v>1</v></c>'
        '<c r="C20"><v>1e308</v></c><c r="D20" t="e"><v>#DIV/0!</v></c></row>'
    )
    write_xlsx(d / "loi_o.xlsx", [("Sheet1", sheet_xml(table, extra=extra))])
    return normalize(d / "loi_o.xlsx")


@case("formula_cells_in_input", 0)
def _(d: Path) -> list[str]:
    extra = (
        '<row r="20"><c r="A20"><f>1+1</f><v>2</v></c>'
        '<c r="B20" t="str"><f>"=A"&amp;"1"</f><v>=A1</v></c></row>'
    )
    write_xlsx(d / "cong_thuc.xlsx", [("Sheet1", sheet_xml(rows(), extra=extra))])
    return normalize(d / "cong_thuc.xlsx")


@case("one_column_csv", 5, ["mot_cot.csv"])
def _(d: Path) -> list[str]:
    write_csv(d / "mot_cot.csv", [["Họ và tên"], ["Nguyễn Văn An"], ["Trần Thị Bình"]])
    return normalize(d / "mot_cot.csv")


@case("title_rows_only", 5, ["tieu_de.xlsx"])
def _(d: Path) -> list[str]:
    table = [["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["Độc lập - Tự do - Hạnh phúc"], ["DANH SÁCH"]]
    write_xlsx(d / "tieu_de.xlsx", [("Sheet1", sheet_xml(table))])
    return normalize(d / "tieu_de.xlsx")


@case("numbers_far_out", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[1][2] = "99/99/99999"
    table[2][2] = "-1"
    table[3][4] = "1e400"
    table[4][4] = "0" * 300
    write_csv(d / "so_la.csv", table)
    return normalize(d / "so_la.csv")


@case("lone_surrogates_and_bidi", 0)
def _(d: Path) -> list[str]:
    table = rows()
    table[1][1] = "Nguyễn \u202eVăn An\u200b\ufeff"
    table[2][1] = "Trần \ufffd Bình"
    write_csv(d / "unicode_la.csv", table)
    return normalize(d / "unicode_la.csv")


# --- the other commands --------------------------------------------------------------------


@case("apply_decisions_missing", 3, ["khong_co_report.xlsx"])
def _(d: Path) -> list[str]:
    return ["apply-decisions", str(d / "khong_co_report.xlsx"), "--by", "Bình"]


@case("apply_decisions_on_a_csv", 4, ["ds.csv"])
def _(d: Path) -> list[str]:
    write_csv(d / "ds.csv", rows())
    return ["apply-decisions", str(d / "ds.csv"), "--by", "Bình"]


@case("apply_decisions_on_a_plain_workbook", 5, ["ds.xlsx"])
def _(d: Path) -> list[str]:
    write_xlsx(d / "ds.xlsx", [("Sheet1", sheet_xml(rows()))])
    return ["apply-decisions", str(d / "ds.xlsx"), "--by", "Bình"]


def _normalized(d: Path) -> Path:
    """A real report: the corpus rows (two people twice over) normalised in-process."""
    from dataclean.cli import main

    write_csv(d / "ds.csv", rows(4))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(["normalize", str(d / "ds.csv"), "-o", str(d)])
    return d / "ds_report.xlsx"


def _edit_sheet(report: Path, sheet: str, edit: Callable) -> None:
    import openpyxl

    book = openpyxl.load_workbook(report)
    edit(book[sheet])
    book.save(report)


@case("apply_decisions_malformed_row", 11, ["abc"], partial=True)
def _(d: Path) -> list[str]:
    report = _normalized(d)

    def garble(ws) -> None:  # a pair typed by hand, its row numbers garbled
        ws.delete_rows(1, ws.max_row)
        ws.append(["Dòng A", "Dòng B", "Quyết định"])
        ws.append(["abc", "xyz", "gộp"])

    _edit_sheet(report, "Trùng lặp", garble)
    return ["apply-decisions", str(report), "--by", "Bình", "-o", "{out}"]


@case("apply_decisions_empty_duplicates_sheet", 0)
def _(d: Path) -> list[str]:
    report = _normalized(d)
    _edit_sheet(report, "Trùng lặp", lambda ws: ws.delete_rows(1, ws.max_row))
    return ["apply-decisions", str(report), "--by", "Bình", "-o", "{out}"]


@case("report_of_a_plain_workbook", 5, ["ds.xlsx"])
def _(d: Path) -> list[str]:
    write_xlsx(d / "ds.xlsx", [("Sheet1", sheet_xml(rows()))])
    return ["report", str(d / "ds.xlsx"), "-o", "{out}"]


@case("dedupe_broken", 4, ["rac.csv"])
def _(d: Path) -> list[str]:
    (d / "rac.csv").write_bytes(b"\x00\x01\x02" * 100)
    return ["dedupe", str(d / "rac.csv"), "-o", "{out}"]


@case("inspect_broken", 4, ["anh.xlsx"])
def _(d: Path) -> list[str]:
    (d / "anh.xlsx").write_bytes(b"GIF89a" + b"\x00" * 50)
    return ["inspect", str(d / "anh.xlsx")]


@case("lookup_empty", 0)
def _(d: Path) -> list[str]:
    return ["lookup", ""]


@case("lookup_control_characters", 0)
def _(d: Path) -> list[str]:
    return ["lookup", "Phúc Xá\x1b[31m, Ba Đình, Hà Nội"]

"""`normalize` of the 200,000-row commune .xlsx to .xlsx against its floor: polars reading the
file plus the fastest writer found writing the cells a user gets.

    python bench/write_floor.py [--rows 200000]

1. polars `read_excel` (calamine) of the input, in a fresh process;
2. `dataclean normalize <file> -o <tmp>` (the default run: cleaned workbook, report, one row a
   resident), in a fresh process, its wall time and the peak memory of the process and its
   children;
3. the cells of every sheet of every workbook that run wrote, read back with calamine as
   frames, then written again by each writer in a fresh process: xlsxwriter cell by cell
   (its plain `write_row`, as dataclean wrote before its rows were built by polars) and, if
   installed, rustpy-xlsxwriter (`pip install rustpy-xlsxwriter`; never a dependency of
   dataclean: see bench/README.md for why not).

The floor is (1) plus the fastest of (3). The ratio is (2) over the floor; the bar (issue 17)
is at most 3x. Generates the input (`generate.py --commune-file`, seed 2025, as read_speed.py
does) when it is missing.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "sample_data"))

READ = """
import sys, time, polars as pl
t = time.perf_counter()
pl.read_excel(sys.argv[1], engine="calamine", has_header=False, infer_schema_length=0)
print(time.perf_counter() - t)
"""
# Each sheet of each workbook as frames, pickled once, then written by one writer.
WRITE = """
import pickle, sys, time
sheets = pickle.load(open(sys.argv[1], "rb"))
out = sys.argv[3]
t = time.perf_counter()
if sys.argv[2] == "xlsxwriter":
    import xlsxwriter
    for book, frames in sheets.items():
        wb = xlsxwriter.Workbook(f"{out}/{book}", {"constant_memory": True,
                                 "strings_to_formulas": False, "strings_to_urls": False})
        for name, df in frames.items():
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, df.columns)
            for r, row in enumerate(df.iter_rows(), start=1):
                ws.write_row(r, 0, row)
        wb.close()
else:
    from rustpy_xlsxwriter import FastExcel
    for book, frames in sheets.items():
        fe = FastExcel(f"{out}/{book}")
        for name, df in frames.items():
            fe = fe.sheet(name, df)
        fe.save()
print(time.perf_counter() - t)
"""


def fresh(*args: str) -> float:
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def written_cells(folder: Path) -> tuple[dict, int]:
    import fastexcel

    sheets, cells = {}, 0
    for book in sorted(folder.glob("*.xlsx")):
        reader = fastexcel.read_excel(str(book))
        frames = {}
        for name in reader.sheet_names:
            df = reader.load_sheet(name, header_row=None).to_polars()
            frames[name] = df
            cells += df.height * df.width
        sheets[book.name] = frames
    return sheets, cells


def main() -> None:
    import pickle

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / f"xa_mot_xa_{args.rows}.xlsx"
    if not data.exists():
        from generate import generate

        generate(data, rows=args.rows, seed=2025, layout="columns", commune_file=True)
    read = fresh("-c", READ, str(data))
    work = Path(tempfile.mkdtemp(prefix="write_floor_"))
    try:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dataclean", "normalize", str(data), "-o", str(work / "ours")],
            check=True,
            capture_output=True,
        )
        ours = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
        sheets, cells = written_cells(work / "ours")
        (work / "sheets.pickle").write_bytes(pickle.dumps(sheets))
        writers = {}
        for writer in ("xlsxwriter", "rustpy-xlsxwriter"):
            if not _has(writer):
                print(f"{writer}: not installed, left out")
                continue
            (work / writer).mkdir()
            writers[writer] = fresh("-c", WRITE, str(work / "sheets.pickle"), writer,
                                    str(work / writer))  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    books = ", ".join(f"{b} ({sum(f.height * f.width for f in s.values()):,})"
                      for b, s in sheets.items())  # fmt: skip
    print(f"input: {data.name}; the run wrote {cells:,} cells: {books}")
    print(f"polars read_excel: {read:.2f} s")
    for writer, took in writers.items():
        print(f"{writer} writing those cells: {took:.1f} s ({took / cells * 1e6:.2f} µs a cell)")
    fastest = min(writers, key=writers.__getitem__)
    floor = read + writers[fastest]
    print(f"dataclean normalize: {ours:.1f} s, peak {peak:.2f} GiB (largest process)")
    print(f"floor (read + {fastest}): {floor:.1f} s; ratio {ours / floor:.2f}x (bar: at most 3x)")
    if "xlsxwriter" in writers and fastest != "xlsxwriter":
        plain = read + writers["xlsxwriter"]
        print(f"floor with xlsxwriter: {plain:.1f} s; ratio {ours / plain:.2f}x")


def _has(writer: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(writer.replace("-", "_")) is not None


if __name__ == "__main__":
    main()

"""Render workbooks to PDF with LibreOffice headless and print the pages of each sheet: what
an official gets on paper.

    python tools/render_pages.py OUT/xa_mau_report.xlsx OUT/xa_mau_clean.xlsx

Needs Debian's `libreoffice-calc` (or `-nogui`) and `poppler-utils` (pdftotext). A sheet is
told by the footer the report prints on each page (its name, left); a workbook without such
footers is counted whole.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path


def pages(workbook: Path, sheets: list[str]) -> tuple[int, Counter]:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise SystemExit("LibreOffice not found: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(workbook)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        pdf = Path(tmp) / f"{workbook.stem}.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    printed = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    per_sheet: Counter = Counter()
    for page in printed:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        footer = lines[-1] if lines else ""
        name = next((s for s in sorted(sheets, key=len, reverse=True) if footer.startswith(s)), "?")
        per_sheet[name] += 1
    return len(printed), per_sheet


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbooks", nargs="+", type=Path)
    for workbook in ap.parse_args().workbooks:
        import fastexcel

        names = list(fastexcel.read_excel(str(workbook)).sheet_names)
        total, per_sheet = pages(workbook, names)
        print(f"{workbook.name}: {total} pages")
        for name in names:
            if per_sheet[name]:
                print(f"  {name}: {per_sheet[name]}")
        if per_sheet["?"]:
            print(f"  (no footer): {per_sheet['?']}")


if __name__ == "__main__":
    main()

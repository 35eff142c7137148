"""The checksums of what the commands write, kept so that a change of the code's layout can be
shown to leave every output byte-identical.

    python tools/output_checksums.py           # compare with tests/data/output_checksums.txt
    python tools/output_checksums.py --write   # store them anew (say why in the commit)

Runs `normalize` on both bundled samples and on a generated 20,000-row CSV, and `dedupe` on the
two samples together, each in a fresh folder with ``SOURCE_DATE_EPOCH`` fixing the run's time.
Needs `../shared/reference/` for the generated file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORED = ROOT / "tests" / "data" / "output_checksums.txt"
SAMPLES = ("xa_mau.xlsx", "phuong_mau_diachi.xlsx")
GENERATED = "sinh_20000.csv"


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "sample_data" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)
    return module


def _runs() -> list[list[str]]:
    runs = [["normalize", name, "-o", f"out_{Path(name).stem}"] for name in (*SAMPLES, GENERATED)]
    return [*runs, ["dedupe", *SAMPLES, "-o", "out_dedupe"]]


def checksums() -> dict[str, str]:
    """Every output file of the runs, by its path under the run's folder, to its SHA-256."""
    from typer.testing import CliRunner

    from dataclean.cli import app

    here = Path.cwd()
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in SAMPLES:
            shutil.copy(ROOT / "sample_data" / name, work / name)
        _generator().generate(work / GENERATED, rows=20_000, seed=11, fmt="csv")
        os.chdir(work)
        os.environ["SOURCE_DATE_EPOCH"] = "1751328000"  # 1 July 2025
        try:
            runner = CliRunner()
            for args in _runs():
                result = runner.invoke(app, args)
                if result.exit_code != 0:
                    raise RuntimeError(f"{args}: exit {result.exit_code}\n{result.output}")
            return {
                str(p.relative_to(work)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(work.glob("out_*/[!.]*"))
            }
        finally:
            os.chdir(here)
            if fixed is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = fixed


def stored() -> dict[str, str]:
    lines = STORED.read_text(encoding="utf-8").splitlines()
    return {path: digest for digest, path in (line.split("  ", 1) for line in lines if line)}


def main() -> int:
    found = checksums()
    if "--write" in sys.argv[1:]:
        STORED.write_text("".join(f"{d}  {p}\n" for p, d in found.items()), encoding="utf-8")
        print(f"stored {len(found)} checksums in {STORED.relative_to(ROOT)}")
        return 0
    differ = sorted(p for p in found.keys() | stored().keys() if found.get(p) != stored().get(p))
    for path in differ:
        print(f"differs: {path}")
    print(f"{len(found)} outputs, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

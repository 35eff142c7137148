"""Run the hostile-input corpus (tests/hostile.py) in real processes, as a user would.

Each case runs ``dataclean`` in its own folder, with a memory limit and a timeout, and the
probe prints one line per case: the exit code against the expected one, the number of lines
printed, whether a traceback showed, files created outside ``-o``, files left in ``-o`` after
a failure, and whether an input changed. A case that breaks any of these is marked ✗.

    python tools/hostile_probe.py [NAME ...]     # every case, or those named
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile import CASES, Case, judged, snapshot  # noqa: E402

MEMORY = 2 << 30  # bytes of address space a case may use
TIMEOUT = 120  # seconds


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY * 4, MEMORY * 4))


def run(case: Case, folder: Path) -> tuple[bool, str]:
    work = folder / case.name
    work.mkdir()
    args = case.build(work)
    out = work / "out"
    args = [a.replace("{out}", str(out)) for a in args]
    before = snapshot(work)
    around = set(folder.iterdir())
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dataclean", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            preexec_fn=_limit,
            cwd=work,
        )
        code, text = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired:
        code, text = -1, "timeout"
    seconds = time.perf_counter() - start
    problems = judged(case, work, before, code, text)
    problems += [f"outside the case folder: {p.name}" for p in folder.iterdir() if p not in around]
    lines = [line for line in text.splitlines() if line.strip()]
    first = lines[-1][:150] if lines else ""
    mark = "✗" if problems else "✓"
    return not problems, f"{mark} {case.name:36} {seconds:5.1f}s {'; '.join(problems)} | {first}"


def main(names: list[str]) -> int:
    chosen = [c for c in CASES if not names or c.name in names]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in chosen:
            ok, line = run(case, Path(tmp))
            bad += not ok
            print(line, flush=True)
    print(f"{len(chosen) - bad} of {len(chosen)} cases held")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

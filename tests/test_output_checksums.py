"""Every output byte-identical to the stored checksums: the guard for moving code around.

When a change means to alter what is written, store the checksums anew with
`python tools/output_checksums.py --write` and say why in the commit.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location(
        "output_checksums", ROOT / "tools/output_checksums.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outputs_are_byte_identical_to_the_stored_checksums():
    tool = _tool()
    found, stored = tool.checksums(), tool.stored()
    assert sorted(found) == sorted(stored)
    differ = [path for path in stored if found[path] != stored[path]]
    assert not differ, f"outputs changed: {differ} (if meant: tools/output_checksums.py --write)"


def test_the_run_time_comes_from_source_date_epoch(monkeypatch):
    from dataclean import clock

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")
    assert clock.stamp() == "2025-07-01T00:00:00+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert clock.stamp() != "2025-07-01T00:00:00+00:00"

"""A run's output folder: its files are staged, then moved in together, or not at all.

A run writes every file into a private folder inside the output folder. Only when the whole
run has succeeded are they moved in (a rename each, on the same disk), under a lock on the
folder, so two runs into one folder never mix their files and a failed run (a full disk, a
stop, a bad sheet half-way) leaves nothing behind. A run killed outright leaves its private
folder, hidden; the next run into the folder removes it, and a run one of whose files' processes
was killed removes that process's folder itself.

Outputs are named after the input (``<stem>[_<sheet>]_<tag>.<ext>``). When the folder already
holds those names from another input (another file of the same name, from another folder),
the run's names take a short checksum of its input instead of replacing them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from dataclean.writing.atomic import atomic_path

OWNERS = ".dataclean-inputs.json"  # output name -> checksum of the input it was made from
_PRIVATE = ".dataclean-run-"
# What a file name may not hold on Windows, Linux or macOS, plus what would read as markup.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\[\]]+')
MAX_NAME_BYTES = 120  # of a stem or sheet name: the tag and the suffix fit in 255 beside it


def safe_name(text: str, limit: int = MAX_NAME_BYTES) -> str:
    """``text`` as a file-name part: Vietnamese letters kept, separators and reserved or
    control characters as "_", no leading dot or dash, at most ``limit`` bytes."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("_", text).strip(" ._-=+@") or "_"
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text.rstrip(" .") or "_"


def unique_names(names: list[str]) -> list[str]:
    """``names`` made distinct, a number added to the second and later of equal ones."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


class StagedRun:
    """Where one run writes: :attr:`staging`; :meth:`final` names a staged file's place."""

    def __init__(self, outdir: Path, stem: str, checksum: str, keep: Path | None = None) -> None:
        self.outdir = outdir
        self.keep = keep.resolve() if keep else None  # the input: never replaced
        self.stem = stem
        self.checksum = checksum
        self.staging = Path(tempfile.mkdtemp(prefix=f"{_PRIVATE}{os.getpid()}-", dir=outdir))
        self.moved: dict[Path, Path] = {}

    def final(self, staged: Path) -> Path:
        """Where a staged file is once the run is done (its staged path before that)."""
        return self.moved.get(staged, staged)

    def commit(self) -> None:
        with _locked(self.outdir):
            owners = _owners(self.outdir)
            staged = sorted(p for p in self.staging.iterdir() if p.is_file())
            taken = any(
                owners.get(p.name, self.checksum) != self.checksum
                and (self.outdir / p.name).exists()
                for p in staged
            )
            for path in staged:
                name = path.name
                if taken and name.startswith(self.stem):
                    name = f"{self.stem}_{self.checksum[:8]}{name[len(self.stem) :]}"
                target = self.outdir / name
                if target.is_dir() or target.resolve() == self.keep:
                    raise IsADirectoryError(
                        errno.EISDIR, "a folder or the input is in the way", str(target)
                    )
                self.moved[path] = target
            for path, target in self.moved.items():
                os.replace(path, target)
                owners[target.name] = self.checksum
            _write_owners(self.outdir, owners)


@contextlib.contextmanager
def staged_run(
    outdir: Path, stem: str, checksum: str, keep: Path | None = None
) -> Iterator[StagedRun]:
    """A run into ``outdir``: its files are moved in when the block ends without an error,
    and removed whatever happens. ``keep``: a file never to be replaced (the input)."""
    remove_abandoned(outdir)
    run = StagedRun(outdir, stem, checksum, keep)
    try:
        yield run
        run.commit()
    finally:
        shutil.rmtree(run.staging, ignore_errors=True)


@contextlib.contextmanager
def _locked(outdir: Path) -> Iterator[None]:
    # The folder itself is locked, so a run leaves no lock file behind.
    handle = os.open(outdir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _owners(outdir: Path) -> dict[str, str]:
    try:
        data = json.loads((outdir / OWNERS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_owners(outdir: Path, owners: dict[str, str]) -> None:
    with atomic_path(outdir / OWNERS) as tmp:
        text = json.dumps(dict(sorted(owners.items())), ensure_ascii=False, indent=0)
        tmp.write_text(text, encoding="utf-8")


def remove_abandoned(outdir: Path) -> None:
    """Remove the private folders of runs that were killed outright (their process is gone):
    at the next run into the folder, or at once by the run whose worker was killed."""
    for folder in outdir.glob(f"{_PRIVATE}*"):
        pid = folder.name[len(_PRIVATE) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

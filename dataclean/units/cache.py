"""The national resolver, built once per version of its data and code, then read back.

Building the resolver from the shipped tables parses every name of every unit since 2019
(about a second); reading the built one back takes a fraction of that. The cache file is keyed
by a checksum of the shipped tables and of the resolver's own code, so a new release or an
edited table builds it afresh. It lives in the user's cache folder (``$XDG_CACHE_HOME`` or
``~/.cache``, ``dataclean/``), or in ``$DATACLEAN_CACHE_DIR``; ``DATACLEAN_CACHE_DIR=off`` turns
it off. A cache that cannot be read or written is only slower: the resolver is built instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_CODE = ("units", "vietnamese.py", "schema")  # what a pickled resolver's classes come from


def cache_dir() -> Path | None:
    """Where cached builds live; None when caching is off."""
    chosen = os.environ.get("DATACLEAN_CACHE_DIR", "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dataclean"


def fingerprint() -> str:
    """A checksum of the shipped tables and of the code of what is cached."""
    package = Path(str(files("dataclean")))
    digest = hashlib.sha256(sys.version.encode())
    paths = sorted((package / "mappings").glob("*.csv"))
    for part in _CODE:
        where = package / part
        paths += sorted(where.rglob("*.py")) if where.is_dir() else [where]
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# The process-wide objects read back from the cache, by name, for their own loaders
# (gazetteer(), history(), …) to hand out instead of building them again.
_LOADED: dict[str, object] = {}


def cached(name: str, build: Callable[[], dict[str, T]]) -> dict[str, T]:
    """``build()``, a set of named objects pickled together (so that they keep sharing what
    they share), read back from the cache when this version was built before."""
    folder = cache_dir()
    if folder is None:
        return _kept(build())
    path = folder / f"{name}-{fingerprint()}.pickle"
    with contextlib.suppress(Exception):  # a damaged or foreign cache file: built instead
        found = _read(path)
        _LOADED.update(found)
        return _kept(found)
    built = build()
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        _write(path, built)
    return _kept(built)


def _kept(objects: dict[str, T]) -> dict[str, T]:
    """``objects``, kept for the life of the process and out of the cyclic collector's sight:
    its full collections would walk their hundreds of thousands of objects again and again
    (a sixth of the time of the first thousands of addresses resolved one after another)."""
    gc.freeze()
    return objects


def loaded(name: str, build: Callable[[], T]) -> T:
    """The object ``name`` read back from the cache, else ``build()``."""
    found = _LOADED.get(name)
    return found if found is not None else build()  # type: ignore[return-value]


def _read(path: Path):
    with path.open("rb") as f:
        mine = os.fstat(f.fileno())
        # A pickle runs code as it loads: read only a file this user wrote and no one else can.
        if mine.st_uid != os.getuid() or mine.st_mode & 0o022:
            raise PermissionError(f"{path} is not this user's own")
        gc.disable()  # a million small objects: the collector would run hundreds of times
        try:
            return pickle.load(f)
        finally:
            gc.enable()


class _Compact(pickle.Pickler):
    """A dataclass with slots pickled as its class and values, read back slot by slot: a
    third of the time of the field-by-field state dataclasses give such classes."""

    def reducer_override(self, obj: object):
        names = _slots(type(obj))
        if names is None:
            return NotImplemented
        return _rebuilt, (type(obj), tuple(getattr(obj, n) for n in names))


def _slots(cls: type) -> tuple[str, ...] | None:
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        return None
    return _names(cls)


@functools.cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _rebuilt(cls: type, values: tuple) -> object:
    obj: object = object.__new__(cls)
    for name, value in zip(_names(cls), values, strict=True):
        object.__setattr__(obj, name, value)  # frozen: set as the class's own __init__ does
    return obj


def _write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.pickle"):
        old.unlink(missing_ok=True)  # earlier versions' builds
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            _Compact(f, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)

"""The national resolver read back from its cache answers as the one just built."""

import pickle
import subprocess
import sys

import pytest

from dataclean.units import cache
from dataclean.units.resolver import Resolver

ADDRESSES = [
    "P. Phúc Xá, Q. Ba Đình, Hà Nội",
    "Xã Tiên Sơn, Huyện Việt Yên, Bắc Giang",
    "Thạnh An, Huyện Vĩnh Thạnh, Cần Thơ",
    "TT. Tân Yên Hàm Yên, Tuyên Quang",
]


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    monkeypatch.setenv("DATACLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_LOADED", {})
    return tmp_path


def _bundle() -> dict:
    resolver = Resolver()
    resolver.load_all()
    return {"resolver": resolver}


def test_a_resolver_read_back_answers_as_the_one_built(cache_in):
    built = cache.cached("shipped", _bundle)["resolver"]
    assert len(list(cache_in.glob("shipped-*.pickle"))) == 1
    read = cache.cached("shipped", lambda: pytest.fail("built again"))["resolver"]
    assert read is not built
    for address in ADDRESSES:
        assert read.resolve_text(address) == built.resolve_text(address)


def test_a_damaged_cache_is_built_again(cache_in):
    cache.cached("shipped", lambda: {"resolver": 1})
    [path] = cache_in.glob("shipped-*.pickle")
    path.write_bytes(b"\x80\x05 not a pickle")
    assert cache.cached("shipped", lambda: {"resolver": 2}) == {"resolver": 2}
    assert pickle.loads(path.read_bytes()) == {"resolver": 2}


def test_the_cache_can_be_turned_off(cache_in, monkeypatch):
    monkeypatch.setenv("DATACLEAN_CACHE_DIR", "off")
    assert cache.cached("shipped", lambda: {"resolver": 3}) == {"resolver": 3}
    assert list(cache_in.iterdir()) == []


def test_lookup_reads_the_cache_without_polars(cache_in):
    # A cold lookup must not pay for polars: the resolver read back needs no table.
    probe = (
        "import sys\n"
        "from dataclean.cli import main\n"
        "try:\n    main(['lookup', 'Phúc Xá, Ba Đình, Hà Nội'])\n"
        "except SystemExit:\n    pass\n"
        "print('POLARS', 'polars' in sys.modules)\n"
    )
    env = {"DATACLEAN_CACHE_DIR": str(cache_in), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the first run builds the cache, the second reads it
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
    assert "khớp chính xác (exact)" in done.stdout and "Phường Hồng Hà" in done.stdout
    assert "POLARS False" in done.stdout


@pytest.mark.parametrize("turned", ["on", "off"])
def test_the_reference_objects_are_kept_out_of_the_collectors_sight(cache_in, monkeypatch, turned):
    # Built or read back, they live as long as the process: the cyclic collector's full
    # collections must not walk them again and again while addresses are resolved.
    import gc

    if turned == "off":
        monkeypatch.setenv("DATACLEAN_CACHE_DIR", "off")
    gc.unfreeze()
    try:
        resolver = cache.cached("shipped", _bundle)["resolver"]
        assert gc.get_freeze_count() > 100_000
        assert not any(o is resolver for o in gc.get_objects())
        if turned == "on":  # and read back from the file, too
            gc.unfreeze()
            read = cache.cached("shipped", lambda: pytest.fail("built again"))["resolver"]
            assert not any(o is read for o in gc.get_objects())
    finally:
        gc.unfreeze()

import importlib.util
from pathlib import Path

import polars as pl
import pytest

from dataclean import mappings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"
UPSTREAM = {
    "provinces_2025": "provinces_2025.csv",
    "units_2025": "units_2025.csv",
    "units_legacy": "units_legacy.csv",
    "crosswalk_a": "crosswalk_a.csv",
    "crosswalk_b": "crosswalk_b.csv",
}
NAME_PARTS = ("surnames", "middle_names", "given_names")


def _tool(name: str):
    """A maintenance script of `tools/`, loaded as a module."""
    path = Path(__file__).resolve().parents[1] / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_tables_have_the_documented_sizes():
    assert mappings.provinces_2025().height == 34
    assert mappings.units_2025().height == 3321
    assert mappings.units_legacy().height == 10040
    assert mappings.crosswalk_a().height == 10599
    assert mappings.crosswalk_b().height == 10597


def test_codes_keep_leading_zeros():
    assert mappings.units_legacy()["commune_code"].drop_nulls().str.len_chars().eq(5).all()
    assert "01" in mappings.provinces_2025()["province_code"].to_list()


def test_provenance_names_every_upstream():
    text = (Path(mappings.__file__).parent / "PROVENANCE.md").read_text(encoding="utf-8")
    for needle in ("dvhcvn", "Tran Ngoc Minh Hieu", "Van-Duyet Le", "MIT"):
        assert needle in text


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference set not beside the checkout")
@pytest.mark.parametrize("table", sorted(UPSTREAM))
def test_shipped_copies_match_the_reference_set(table):
    assert mappings.path_of(table).read_bytes() == (SHARED / UPSTREAM[table]).read_bytes()


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference set not beside the checkout")
@pytest.mark.parametrize("part", NAME_PARTS)
def test_shipped_name_tables_are_derived_from_the_reference_set(part):
    derive = _tool("derive_names").derive

    assert derive(SHARED, part).equals(mappings.name_parts(part))


def test_name_tables_hold_only_clean_vietnamese_names():
    clean_name = _tool("derive_names").clean_name

    for part in NAME_PARTS:
        names = mappings.name_parts(part)["name"].to_list()
        assert len(names) == len(set(names)) > 150
        assert all(clean_name(n) == n for n in names)
    surnames = set(mappings.name_parts("surnames")["name"])
    assert {"Bùi", "Đỗ", "Dương", "Tạ", "Lưu"} <= surnames  # repaired from VNI upstream


def test_clean_name_repairs_vni_and_drops_mojibake():
    clean_name = _tool("derive_names").clean_name

    assert clean_name("Phöôùc") == "Phước"
    assert clean_name("Ñoã") == "Đỗ"
    assert clean_name("HIếu") == "Hiếu"
    assert clean_name("Thanh.") == "Thanh"
    assert clean_name("Viáť\x87t") is None
    assert clean_name("Krông") == "Krông"  # an Ê Đê name is not an error


def test_official_table_is_shipped_with_its_codes():
    nso = mappings.crosswalk_nso()
    assert nso.height == 10571
    assert set(nso["new_commune_code"]) <= set(mappings.units_2025()["commune_code"])
    assert nso.filter(pl.col("old_commune_code").is_null()).height == 6  # districts, a strip


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference set not beside the checkout")
def test_official_table_is_derived_from_the_reference_set():
    tool = _tool("derive_crosswalk_nso")
    assert tool.derive(SHARED / "crosswalk_nso.csv").equals(mappings.crosswalk_nso())

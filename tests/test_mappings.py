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


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference set not beside the checkout")
def test_each_old_province_went_whole_into_one_new_province():
    """The 2025 merger moved provinces whole. Each crosswalk holds one stray link across
    provinces, so the gazetteer takes the links both agree on; here each of the 63 old
    provinces must go to one new province, the one nearly all its communes go to by the
    reference crosswalk A read straight from the reference set."""
    from dataclean.units.gazetteer import gazetteer

    links = gazetteer().old_to_new_provinces
    assert len(links) == 63 and all(len(new) == 1 for new in links.values())
    legacy = pl.read_csv(SHARED / "units_legacy.csv", infer_schema=False)
    cw_a = pl.read_csv(SHARED / "crosswalk_a.csv", infer_schema=False)
    shares = (
        cw_a.join(legacy, left_on="old_commune_code", right_on="commune_code")
        .group_by("province_code", "new_province_code")
        .len()
        .with_columns((pl.col("len") / pl.col("len").sum().over("province_code")).alias("share"))
        .sort("share", descending=True)
        .group_by("province_code", maintain_order=True)
        .first()
    )
    for old, new, share in shares.select("province_code", "new_province_code", "share").rows():
        assert links[old] == {new} and share > 0.98, old
    assert links["89"] == {"91"}  # An Giang, though A sends Xã Tân Phú to Đồng Tháp
    assert links["82"] == {"82"}  # Tiền Giang, though the NSO table files a Long An ward here


def test_an_old_province_alone_gives_its_new_province():
    from dataclean.units.resolver import default_resolver

    for text, new in [("Tỉnh An Giang", "91"), ("Tiền Giang", "82"), ("Tỉnh Long An", "80")]:
        answer = default_resolver().resolve(province=text)
        assert answer.status == "unresolved" and answer.new_province_code == new, text

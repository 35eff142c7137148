"""The resolver on hand-picked real addresses, one behaviour per test."""

import unicodedata
from pathlib import Path

import polars as pl
import pytest

from dataclean.units.crosswalk import outcomes
from dataclean.units.resolver import resolve, resolve_text


@pytest.mark.parametrize(
    "address",
    [
        "Số 12 ngõ 5, P. Phúc Xá, Q.Ba Đình, HN",
        "phuong phuc xa, quan ba dinh, ha noi",
        "PHƯỜNG PHÚC XÁ, QUẬN BA ĐÌNH, THÀNH PHỐ HÀ NỘI",
        unicodedata.normalize("NFD", "Phường Phúc Xá, Quận Ba Đình, Hà Nội"),
        "F.Phúc Xá,  Q. Ba  Đình , TP. Hà Nội",
        "P. Phúc Xá Q. Ba Đình TP Hà Nội",
        "Phúc xá, Hà Nội",
    ],
)
def test_typed_forms_of_one_address(address):
    res = resolve_text(address)
    assert res.status == "matched"
    assert (res.old_commune_code, res.new_commune_code) == ("00001", "00097")
    assert res.new_province_name == "Thành phố Hà Nội"
    assert res.resolution == "1656/NQ-UBTVQH15"
    assert "Phúc Xá" in res.clause


def test_street_is_kept_apart():
    assert resolve_text("Số 12 ngõ 5, P. Phúc Xá, Q.Ba Đình, HN").street == "Số 12 ngõ 5"


def test_exact_needs_the_official_names():
    assert resolve("Phường Phúc Xá", "Quận Ba Đình", "Thành phố Hà Nội").status == "exact"
    assert resolve("Phúc Xá", "Ba Đình", "Hà Nội").status == "exact"
    assert resolve("Phúc Xá", "Ba Đình", "Hà nội").status == "matched"


@pytest.mark.parametrize(
    "address",
    ["Phường 6, Quận 10, TP.HCM", "P6 Q10 HCM", "P.06, quan 10, Sài Gòn", "12 Lê Lợi P6 Q10 TPHCM"],
)
def test_numbered_wards_and_province_aliases(address):
    res = resolve_text(address)
    assert res.status == "matched"
    assert res.old_commune_name == "Phường 6"
    assert res.old_district_name == "Quận 10"
    assert res.new_province_code == "79"


@pytest.mark.parametrize(
    ("code", "expected", "status"),
    [
        ("00001", "00001", "exact"),
        ("'00736", "00736", "exact"),  # the apostrophe that keeps a spreadsheet's zeros
        ("4960", "04960", "matched"),  # one zero lost: put back, so not as typed
    ],
)
def test_old_codes_with_lost_leading_zeros(code, expected, status):
    res = resolve(code)
    assert (res.old_commune_code, res.status) == (expected, status)


@pytest.mark.parametrize("number", ["1", "736"])
def test_a_number_of_three_digits_or_fewer_alone_is_no_code(number):
    # "1" alone is Phường 1 of one of 33 districts as much as code 00001 (Phúc Xá, Hà Nội).
    assert resolve(number).status not in ("exact", "matched", "already_new")


def test_code_from_another_province_is_not_trusted():
    res = resolve("00736", None, "Hà Nội")
    assert res.status == "unresolved"
    assert "tỉnh" in res.reason


def test_split_commune_lists_every_candidate_and_picks_none():
    res = resolve("Cống Vị", "Ba Đình", "Hà Nội")
    assert res.status == "split"
    assert res.new_commune_code is None
    assert {c.new_code for c in res.candidates} == {"00008", "00025"}
    assert all(c.resolution == "1656/NQ-UBTVQH15" and c.clause for c in res.candidates)


def test_dispute_settled_by_the_official_table_keeps_the_other_view():
    # Xã Ia Mơ (Gia Lai): crosswalk A says 23737, crosswalk B 23938; the statistics office's
    # table says "Giữ nguyên" (Xã Ia Mơ, which the official 2025 list codes 23737).
    res = resolve("23938")
    assert res.status == "exact"
    assert res.new_commune_code == "23737"
    assert "Cục Thống kê" in res.reason and "bảng B ghi 23938" in res.reason


def test_disputed_link_shows_every_side():
    # Xã Công Đa (Tuyên Quang): both crosswalks say 02458; the official table lists 02494 too.
    res = resolve("02485")
    assert res.status == "disputed"
    sources = {c.new_code: c.sources for c in res.candidates}
    assert sources == {"02458": "A+B+TK", "02494": "TK"}


def test_every_disagreement_between_sources_is_flagged():
    flagged = [o for o in outcomes().values() if o.note and "disagree" in o.note]
    disputed = [o for o in outcomes().values() if o.kind == "disputed"]
    assert len(disputed) >= 7
    assert all(o.note for o in disputed)
    assert len(flagged) >= 54  # the 54 the official table settles still say they disagree


def test_blank_district_unique_name():
    res = resolve("Thuỷ Xuân Tiên", None, "Hà Nội")  # old tone placement
    assert res.status == "matched"
    assert res.new_commune_name == "Xã Xuân Mai"


def test_blank_district_ambiguous_name_is_unresolved_with_candidates():
    res = resolve("Phường 5", None, "TP.HCM")
    assert res.status == "unresolved"
    assert "thiếu quận/huyện" in res.reason
    assert len({c.old_district_name for c in res.candidates}) >= 2


@pytest.mark.parametrize(
    ("district", "province", "zone"),
    [
        ("Huyện Hoàng Sa", "Đà Nẵng", "20333"),
        ("Bạch Long Vĩ", "Hải Phòng", "11948"),
        ("H. Côn Đảo", "BR-VT", "26732"),
        ("Lý Sơn", "Quảng Ngãi", "21548"),
        ("Cồn Cỏ", "Quảng Trị", "19742"),
    ],
)
def test_island_districts_become_special_zones(district, province, zone):
    res = resolve(None, district, province)
    assert res.new_commune_code == zone
    assert res.new_commune_name.startswith("Đặc khu")
    assert res.status in ("exact", "matched")
    assert res.legal_note and "không có xã" in res.legal_note


def test_already_new_address():
    res = resolve_text("Phường Hồng Hà, Hà Nội")
    assert res.status == "already_new"
    assert res.new_commune_code == "00097"


def test_resolution_spelling_is_accepted():
    # The statistics list says Sà Phìn, the resolution says Xà Phìn.
    res = resolve("Xã Xà Phìn", "Huyện Đồng Văn", "Hà Giang")
    assert res.old_commune_code == "00736"
    assert res.new_commune_name == "Xã Sà Phìn"


def test_marks_that_differ_are_not_matched_silently():
    res = resolve("Sa Pá", "Sa Pa", "Lào Cai")
    assert res.status in ("fuzzy", "unresolved")


def test_typo_is_fuzzy_with_score():
    res = resolve("Phuc Xaa", "Ba Dinh", "Ha Noi")
    assert res.status == "fuzzy"
    assert 85 <= res.score < 100
    assert res.old_commune_code == "00001"


def test_unknown_commune_says_why():
    res = resolve("Không Tồn Tại", None, "Hà Nội")
    assert res.status == "unresolved"
    assert "Không Tồn Tại" in res.reason and "Hà Nội" in res.reason


def test_type_word_picks_between_same_names():
    assert resolve("TT Yên Viên", "Gia Lâm", "Hà Nội").old_commune_code == "00526"
    assert resolve("Xã Yên Viên", "Gia Lâm", "Hà Nội").old_commune_code == "00532"


def test_every_status_the_resolver_gives_is_in_the_shared_vocabulary():
    from dataclean.schema import statuses
    from dataclean.units import result

    assert set(result.STATUSES) == set(statuses.BY_CODE)
    assert set(result.CONFIDENT) == {"exact", "matched", "already_new"}
    assert statuses.REVIEW == ("fuzzy", "split", "disputed", "unresolved")
    assert statuses.label("split") == "xã bị chia, cần chọn (split)"


def test_a_commune_named_alone_is_found_nationwide():
    # Looked for in the whole country when no district or province is given: the name must
    # be the only one of its kind on the list of 30 June 2025 (checked here, not assumed).
    legacy = pl.read_csv(
        Path(__file__).resolve().parents[2] / "shared/reference/units_legacy.csv",
        infer_schema=False,
    )
    same = legacy.filter(pl.col("commune_name") == "Xã Thài Phìn Tủng")
    assert same.height == 1
    res = resolve("Xã Thài Phìn Tủng")
    assert res.status == "exact"
    assert res.old_commune_code == same["commune_code"][0]

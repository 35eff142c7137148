import unicodedata

import pytest

from dataclean.vietnamese import ascii_key, clean_text, has_diacritics, tone_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà Bình", "Hòa Bình"),
        ("Thuỷ Xuân Tiên", "Thủy Xuân Tiên"),
        (unicodedata.normalize("NFD", "Thanh Thủy"), "Thanh Thuỷ"),
        ("Quí Quân", "Quý Quân"),
        ("KỲ ANH", "kì anh"),
        ("Ðà Nẵng", "Đà Nẵng"),  # Icelandic eth typed for Đ
        ("Phường  05", "phường 5"),
    ],
)
def test_tone_key_folds_spelling_variants(a, b):
    assert tone_key(a) == tone_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Sa Pa", "Sa Pả"), ("Minh Quán", "Minh Quân"), ("Văn Lăng", "Văn Lang"), ("Huy", "Hui")],
)
def test_tone_key_keeps_different_names_apart(a, b):
    assert tone_key(a) != tone_key(b)


def test_ascii_key_drops_marks():
    assert ascii_key("Phường Phúc Xá") == "phuong phuc xa"
    assert ascii_key("ĐỒNG VĂN") == "dong van"


def test_clean_text_and_diacritics():
    assert clean_text("  Hà \u00a0 Nội\t") == "Hà Nội"
    assert has_diacritics("Hà Nội") and not has_diacritics("Ha Noi")

import re
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


def test_fast_keys_are_the_decomposed_keys():
    """The keys read from the letter tables equal the keys worked out by decomposing each word
    (NFD) and by unidecode, on every word of every unit name, as typed and in NFD."""
    from unidecode import unidecode

    from dataclean import mappings
    from dataclean.vietnamese import (
        _fold_iy,
        _tone_key_decomposed,
        ascii_key_word,
        nfc,
        tone_key_word,
        words,
    )

    names = set()
    for table, column in (
        (mappings.units_legacy(), "commune_name"),
        (mappings.units_legacy(), "district_name"),
        (mappings.units_2025(), "commune_name"),
    ):
        for name in table[column].drop_nulls().unique():
            names.update(words(name))
    names |= {unicodedata.normalize("NFD", n) for n in names} | {n.upper() for n in names}
    for word in names:
        assert tone_key_word(word) == _tone_key_decomposed(nfc(word).lower()), word
        slow = unidecode(nfc(word)).lower()
        expected = (
            slow.lstrip("0") or "0"
            if slow.isdecimal()
            else _fold_iy(re.sub(r"[^a-z0-9]", "", slow))
        )
        assert ascii_key_word(word) == expected, word

"""TCVN3 and VNI text to Unicode, and real Unicode text never touched."""

import pytest

from dataclean.rules.legacy_text import TCVN3, VNI, fix_legacy_text, legacy_encoding

CONVERTED = [
    ("Hµ Néi", "Hà Nội", "tcvn3"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", "tcvn3"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", "tcvn3"),
    ("NguyÔn V¨n An", "Nguyễn Văn An", "tcvn3"),
    ("Ph¹m ThÞ Thuû", "Phạm Thị Thuỷ", "tcvn3"),
    ("TrÇn Quèc To¶n", "Trần Quốc Toản", "tcvn3"),
    ("Lª ThÞ Hång Nhung", "Lê Thị Hồng Nhung", "tcvn3"),
    ("Sè 12 ngâ 5 phè HuÕ", "Số 12 ngõ 5 phố Huế", "tcvn3"),
    ("Th«n §«ng, x· Yªn Ninh", "Thôn Đông, xã Yên Ninh", "tcvn3"),
    ("Ng­êi lËp biÓu", "Người lập biểu", "tcvn3"),
    ("Haø Noäi", "Hà Nội", "vni"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "vni"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc", "vni"),
    ("Nguyeãn Vaên An", "Nguyễn Văn An", "vni"),
    ("Traàn Quoác Toaûn", "Trần Quốc Toản", "vni"),
    ("Huyønh Taán Phaùt", "Huỳnh Tấn Phát", "vni"),
    ("Ngöôøi laäp bieåu", "Người lập biểu", "vni"),
    ("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh", "vni"),
    ("Ñaø Naüng", "Đà Nẵng", "vni"),
    ("Quaûng Ngaõi", "Quảng Ngãi", "vni"),
]
UNTOUCHED = [
    "Hà Nội",
    "Nguyễn Văn An",
    "Thuận Hoà",
    "Xã Hoà An",
    "Thôn Hoà Bình",
    "Lê Thị Hoà",
    "NGUYỄN THỊ THUÝ",
    "Ngõ 5 – phố Huế",
    "Phường Đông Khê",
    "Bình",
    "José",
    "Müller",
    "Số 12",
    "",
    "Tổng cộng",
    "P. Cống Vị, Q. Ba Đình",
]


@pytest.mark.parametrize(("legacy", "unicode", "encoding"), CONVERTED)
def test_legacy_text_converted(legacy, unicode, encoding):
    assert legacy_encoding(legacy) == encoding
    fixed, reason = fix_legacy_text(legacy)
    assert fixed == unicode
    assert reason and ("TCVN3" in reason if encoding == "tcvn3" else "VNI" in reason)


@pytest.mark.parametrize("text", UNTOUCHED)
def test_unicode_text_untouched(text):
    assert legacy_encoding(text) is None
    assert fix_legacy_text(text) == (text, None)
    for encoding in ("tcvn3", "vni"):  # even where the column is in a legacy encoding
        assert fix_legacy_text(text, encoding) == (text, None)


@pytest.mark.parametrize(("legacy", "unicode", "encoding"), CONVERTED)
def test_converting_twice_changes_nothing(legacy, unicode, encoding):
    assert fix_legacy_text(unicode) == (unicode, None)


def test_tables_cover_every_toned_vowel():
    vowels = "aăâeêioôơuưy"
    tones = "\u0300\u0301\u0309\u0303\u0323"
    import unicodedata

    toned = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    assert toned <= set(TCVN3.values())
    assert toned | {"đ", "Đ"} <= set(VNI.values()) | set(vowels.upper())

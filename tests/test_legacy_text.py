"""TCVN3 and VNI text to Unicode, and real Unicode text never touched."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


ALSO_UNTOUCHED = ["Thôn 3 – Xã A", "Tổ 3 – Block B", "Nguyễn Văn An’s", "Café Sài Gòn", "“Ấp 3”"]


@pytest.mark.parametrize("text", ALSO_UNTOUCHED)
def test_typographic_punctuation_is_no_legacy_capital(text):
    assert fix_legacy_text(text) == (text, None)


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("TŽNH NGHŒ AN", "TỈNH NGHỆ AN"),  # the full TCVN 5712 table's capitals (VN1)
        ("HUYŒN", "HUYỆN"),
        ("X‚ §¤NG S¥N", "XÃ ĐÔNG SƠN"),
        ("NguyÔn Huy Minh", "Nguyễn Huy Minh"),  # one TCVN3 letter among Unicode-looking ones
    ],
)
def test_tcvn3_capitals_and_single_letters_are_converted(legacy, unicode):
    assert fix_legacy_text(legacy)[0] == unicode


def test_vn1_capitals_match_iconv():
    import shutil
    import subprocess

    from dataclean.rules.legacy_text import VN1_CAPITALS

    if shutil.which("iconv") is None:
        pytest.skip("no iconv here")
    for seen, letter in VN1_CAPITALS.items():
        byte = seen.encode("cp1252") if seen.encode("cp1252", "ignore") else seen.encode("latin-1")
        done = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=byte, capture_output=True
        )
        if done.returncode:
            pytest.skip("this iconv has no TCVN5712-1")
        assert done.stdout.decode() == letter, (seen, byte)


@pytest.mark.parametrize(
    ("damaged", "unicode"),
    [
        ("Nguyá»…n VÄƒn An", "Nguyễn Văn An"),  # UTF-8 read as cp1252
        ("Tráº§n Thá»‹ BÃ¬nh", "Trần Thị Bình"),
        ("HĆ°áť\x9fng", "Hưởng"),  # read as cp1250
    ],
)
def test_utf8_decoded_twice_is_repaired(damaged, unicode):
    fixed, reason = fix_legacy_text(damaged)
    assert fixed == unicode and reason and "decoded twice" in reason


def _vietnamese_names():
    from dataclean import mappings

    parts = [mappings.name_parts(p)["name"].to_list() for p in ("surnames", "middle_names")]
    given = mappings.name_parts("given_names")["name"].to_list()
    return parts[0], parts[1], given


SURNAMES, MIDDLES, GIVEN = _vietnamese_names()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SURNAMES), st.sampled_from(MIDDLES), st.sampled_from(GIVEN))
def test_random_names_survive_and_are_repaired(surname, middle, given_name):
    name = f"{surname} {middle} {given_name}"
    assert fix_legacy_text(name) == (name, None)  # Unicode is never changed
    for page in ("cp1252", "cp1250"):
        try:
            damaged = name.encode("utf-8").decode(page)
        except UnicodeDecodeError:
            continue  # a byte this code page has no letter for: not how such files look
        if damaged != name:
            assert fix_legacy_text(damaged)[0] == name, (page, damaged)


def _encoded(text: str, how: str) -> str:
    """``text`` as a legacy font or a double decoding writes it."""
    import unicodedata

    if how == "utf8-as-cp1252":
        return text.encode("utf-8").decode("cp1252", "replace")
    table = TCVN3 if how == "tcvn3" else VNI
    inverse = {v: k for k, v in table.items()}
    nfc = unicodedata.normalize("NFC", text)
    return "".join(inverse.get(c, c) for c in nfc)


def _looks_unicode(value: str) -> bool:
    """Every letter of ``value`` is a Vietnamese letter: as typed, it is Unicode text too
    (VNI "Choáng" for Chống is the word choáng), and no reading of one value can tell."""
    from dataclean.rules.legacy_text import _VIETNAMESE

    return all(c.isascii() or c in _VIETNAMESE for c in value)


def scattered_sheet(seed: int) -> tuple[list[str], list[str]]:
    """600 names from the shipped name tables, and as typed: 15 % of them in TCVN3, VNI or
    UTF-8 read as cp1252, scattered among Unicode ones (also `bench/legacy_text.py`)."""
    import random

    rnd = random.Random(seed)
    names = [
        f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLES)} {rnd.choice(GIVEN)}" for _ in range(600)
    ]
    typed = []
    for i, name in enumerate(names):
        how = ("tcvn3", "vni", "utf8-as-cp1252")[i % 3] if rnd.random() < 0.15 else None
        value = _encoded(name, how) if how else name
        # a byte cp1252 has no letter for: not how such files look
        typed.append(name if "\ufffd" in value else value)
    return names, typed


def test_a_sheet_with_scattered_legacy_values_is_repaired_value_by_value():

    import polars as pl

    from dataclean.pipeline import fix_legacy_encoding

    names, typed = scattered_sheet(5)
    frame = pl.DataFrame({"__row": range(2, 602), "Họ tên": typed}).lazy()
    fixed, events = fix_legacy_encoding(frame, ["Họ tên"])
    out = fixed.collect()["Họ tên"].to_list()
    damaged = [i for i, (t, n) in enumerate(zip(typed, names, strict=True)) if t != n]
    assert len(damaged) >= 60
    for value, name, got in zip(typed, names, out, strict=True):
        if value == name:
            assert got == name  # Unicode is never changed
        elif _looks_unicode(value):
            assert got in (name, value)  # never half converted
        else:
            assert got == name, (value, got)
    repaired = sum(out[i] == names[i] for i in damaged)
    # All 88 here, VNI "Choáng Duy Tin" and "Nhan Quiù Quang" among them (only their VNI
    # reading is made of names we know); over 20 such sheets, bench/legacy_text.py.
    assert repaired == len(damaged)
    assert events.collect().height == repaired

"""Column roles, inferred from the Vietnamese header words offices use."""

from __future__ import annotations

from dataclean.schema.roles import BIRTHPLACE, CURRENT, HOMETOWN, OTHER
from dataclean.vietnamese import ascii_key

# Header wording seen in commune exports, per role. Matched on ASCII keys, whole label first,
# then by the words a label starts with.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    "name": (
        "ho va ten",
        "ho ten",
        "ho chu dem va ten",
        "ho ten cong dan",
        "ho va ten cong dan",
        "ten",
    ),
    "dob": (
        "ngay sinh",
        "ngay thang nam sinh",
        "ns",
        "nam sinh",
        "sinh ngay",
        "ngay thang nam",
    ),
    "gender": ("gioi tinh", "nam nu", "gt", "gioi"),
    "id": (
        "so cccd",
        "cccd",
        "so cmnd",
        "cmnd",
        "cmnd cccd",
        "cccd cmnd",
        "so cccd cmnd",
        "so cmnd cccd",
        "so dinh danh",
        "so dinh danh ca nhan",
        "so can cuoc",
        "can cuoc cong dan",
        "ma dinh danh",
    ),
    "phone": ("so dien thoai", "sdt", "dien thoai", "dt", "so dt", "di dong"),
    "street": (
        "so nha duong",
        "so nha",
        "so nha thon",
        "thon xom so nha",
        "thon xom",
        "thon to",
        "duong pho",
        "dia chi chi tiet",
    ),
    "commune": (
        "xa phuong",
        "phuong xa",
        "xa phuong thi tran",
        "xa",
        "phuong",
        "xa phuong tt",
    ),
    "district": ("quan huyen", "huyen", "quan", "quan huyen thi xa", "huyen thi xa thanh pho"),
    "province": ("tinh tp", "tinh thanh pho", "tinh", "thanh pho", "tinh thanh"),
    "address": (
        "dia chi thuong tru",
        "dia chi",
        "noi thuong tru",
        "ho khau thuong tru",
        "noi dang ky thuong tru",
        "noi cu tru",
        "dia chi noi o",
        "thuong tru",
    ),
    CURRENT: (
        "noi o hien nay",
        "cho o hien nay",
        "dia chi cho o hien nay",
        "noi o hien tai",
        "cho o hien tai",
        "dia chi hien tai",
        "dia chi hien nay",
        "tam tru",
        "noi tam tru",
        "dia chi tam tru",
    ),
    BIRTHPLACE: ("noi sinh", "noi dang ky khai sinh"),
    HOMETOWN: ("que quan", "nguyen quan"),
    # Said first, so that "Quan hệ với chủ hộ" is not read as a district ("Quận …").
    OTHER: (
        "quan he voi chu ho",
        "moi quan he voi chu ho",
        "quan he chu ho",
        "quan he",
        "dan toc",
        "ton giao",
        "nghe nghiep",
        "ghi chu",
        "quoc tich",
    ),
}

_EXACT = {ascii_key(s): role for role, words in SYNONYMS.items() for s in words}
_PERSON_FIELDS = frozenset({"id", "dob", "gender", "phone"})
# Longest wording first, so "Nơi sinh" is not taken for the start of something shorter.
_BY_LENGTH = sorted(
    ((w, role) for role, words in SYNONYMS.items() for w in words if len(w) > 3),
    key=lambda x: -len(x[0]),
)

# What a relation-to-household-head column holds ("Con", "Vợ", "Chủ hộ"): such values are no
# unit, whatever the header says.
KINSHIP = frozenset(
    ascii_key(w)
    for w in (
        "chủ hộ", "chu ho", "vợ", "chồng", "con", "con trai", "con gái", "con đẻ", "con nuôi",
        "con dâu", "con rể", "cháu", "cháu nội", "cháu ngoại", "chắt", "bố", "mẹ", "cha", "bố đẻ",
        "mẹ đẻ", "bố vợ", "mẹ vợ", "bố chồng", "mẹ chồng", "ông", "bà", "ông nội", "bà nội",
        "ông ngoại", "bà ngoại", "anh", "chị", "em", "anh trai", "chị gái", "em trai", "em gái",
        "cô", "dì", "chú", "bác", "cậu", "mợ", "thím", "anh rể", "chị dâu", "em rể", "em dâu",
        "người ở nhờ", "ở nhờ", "khác", "ck", "vk",
    )
)  # fmt: skip


def role_of(label: str | None) -> str | None:
    """The role a header label names, or None for "other" columns."""
    if not label:
        return None
    key = ascii_key(label)
    role = _EXACT.get(key)
    if role is None:
        # Longer labels such as "Số CCCD (12 số)" or "Ngày sinh (dd/mm/yyyy)".
        role = next((r for w, r in _BY_LENGTH if key.startswith(w + " ")), None)
    if role in _PERSON_FIELDS and key.endswith(" chu ho") and key not in _EXACT:
        # CT01's "Số định danh cá nhân của chủ hộ": the head of household's, not the person's.
        return OTHER
    return role


def kinship_share(values: list[str]) -> float:
    """The share of the non-empty values that are kinship words ("Con", "Vợ", "Chủ hộ")."""
    keys = [ascii_key(v) for v in values if v and v.strip()]
    return sum(k in KINSHIP for k in keys) / len(keys) if keys else 0.0

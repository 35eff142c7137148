"""Column roles, inferred from the Vietnamese header words offices use."""

from __future__ import annotations

from dataclean.vietnamese import ascii_key

OTHER = "other"  # a column kept as it is
ROLES = (
    "stt",
    "name",
    "dob",
    "gender",
    "id",
    "phone",
    "street",
    "commune",
    "district",
    "province",
    "address",
    OTHER,
)

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
        "noi o hien nay",
        "cho o hien nay",
        "dia chi noi o",
    ),
}

_EXACT = {ascii_key(s): role for role, words in SYNONYMS.items() for s in words}


def role_of(label: str | None) -> str | None:
    """The role a header label names, or None for "other" columns."""
    if not label:
        return None
    key = ascii_key(label)
    if key in _EXACT:
        return _EXACT[key]
    # Longer labels such as "Số CCCD (12 số)" or "Ngày sinh (dd/mm/yyyy)".
    for role, words in SYNONYMS.items():
        for w in sorted(words, key=len, reverse=True):
            if len(w) > 3 and key.startswith(w + " "):
                return role
    return None


def is_group_label(label: str | None) -> bool:
    """A label that sits over several sub-columns, e.g. "Địa chỉ thường trú"."""
    return role_of(label) == "address"

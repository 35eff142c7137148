"""The roles a column can have: what its values are to the stages that read them."""

from __future__ import annotations

OTHER = "other"  # a column kept as it is
# Places a person comes from: addresses, but never where the person lives now.
BIRTHPLACE, HOMETOWN = "birthplace", "hometown"
# Where a person stays now (chỗ ở hiện nay, tạm trú): the residence only when a list has no
# permanent address (thường trú).
CURRENT = "current_address"
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
    CURRENT,
    BIRTHPLACE,
    HOMETOWN,
    OTHER,
)
# Roles whose column is read as a unit of the residence.
UNIT_ROLES = frozenset({"street", "commune", "district", "province", "address"})
# Addresses beside the residence, each resolved into its own columns.
OTHER_ADDRESS_ROLES = (CURRENT, BIRTHPLACE, HOMETOWN)

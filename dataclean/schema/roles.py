"""The roles a column can have: what its values are to the stages that read them."""

from __future__ import annotations

OTHER = "other"  # a column kept as it is
# Places a person comes from: addresses, but never where the person lives now.
BIRTHPLACE, HOMETOWN = "birthplace", "hometown"
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
    BIRTHPLACE,
    HOMETOWN,
    OTHER,
)
# Roles whose column is read as a unit of the residence.
UNIT_ROLES = frozenset({"street", "commune", "district", "province", "address"})

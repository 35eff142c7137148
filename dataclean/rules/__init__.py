"""Field rules: pure functions from a raw value to a clean value and the reason for the change.

One module per field; each defines a :class:`~dataclean.rules.base.FieldRule` whose polars
expressions clean a whole column at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dataclean.rules.base import FieldRule


def field_rules(today: dt.date | None = None) -> dict[str, FieldRule]:
    """The rule for each column role, with "today" for judging dates of birth."""
    # Imported here: `lookup` reads legacy text with a rule module and needs no polars.
    from dataclean.rules import citizen_id, dob, gender, name, phone

    rules = (
        name.RULE,
        dob.make_rule(today or dt.date.today()),
        gender.RULE,
        citizen_id.RULE,
        phone.RULE,
    )
    return {r.role: r for r in rules}

"""The answer for one address: its status, the units old and new, the reason and candidates.

Statuses:

* ``exact``: every part given matched an official name or code as written;
* ``matched``: matched after normalising (abbreviations, no diacritics, tone style, aliases),
  or followed through history;
* ``fuzzy``: a part was only close to a name, or a part given could not be used; ``score``;
* ``split``: the old commune's residents went to several new ones: every candidate, none picked;
* ``disputed``: the sources disagree and the official table does not settle it;
* ``already_new``: the address names a 2025 commune and no old unit of that name;
* ``unresolved``: with the reason, what is known, and the candidates where there are some.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataclean.schema import statuses
from dataclean.units.crosswalk import DISPUTED, SPLIT
from dataclean.units.gazetteer import Gazetteer, Unit

EXACT, MATCHED, FUZZY = "exact", "matched", "fuzzy"
ALREADY_NEW, UNRESOLVED = "already_new", "unresolved"
STATUSES = (EXACT, MATCHED, FUZZY, SPLIT, DISPUTED, ALREADY_NEW, UNRESOLVED)
CONFIDENT = statuses.CONFIDENT  # see dataclean.schema.statuses


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible new commune, and the old commune it would come from when that is known."""

    new_code: str
    new_name: str
    new_province_name: str
    old_code: str | None = None
    old_name: str | None = None
    old_district_name: str | None = None
    sources: str = ""
    resolution: str | None = None
    clause: str | None = None

    def label(self) -> str:
        text = f"{self.new_code} {self.new_name}, {self.new_province_name}"
        if self.old_name:
            where = f", {self.old_district_name}" if self.old_district_name else ""
            text += f" (từ {self.old_name}{where})"
        if self.sources:
            text += f" [{self.sources}]"
        return text


@dataclass(frozen=True, slots=True)
class Resolution:
    status: str
    score: float | None = None  # rounded to a whole number when made
    reason: str = ""
    old_province_code: str | None = None
    old_province_name: str | None = None
    old_district_code: str | None = None
    old_district_name: str | None = None
    old_commune_code: str | None = None
    old_commune_name: str | None = None
    new_commune_code: str | None = None
    new_commune_name: str | None = None
    new_province_code: str | None = None
    new_province_name: str | None = None
    resolution: str | None = None
    clause: str | None = None
    legal_note: str | None = None
    candidates: tuple[Candidate, ...] = ()
    street: str | None = None

    def __post_init__(self) -> None:
        if self.score is not None:  # whole numbers: "89", never 88.88888888888889
            object.__setattr__(self, "score", round(self.score))

    def as_row(self) -> dict:
        row = {k: getattr(self, k) for k in self.__slots__ if k != "candidates"}
        row["candidates"] = " | ".join(c.label() for c in self.candidates) or None
        row["candidate_codes"] = [c.new_code for c in self.candidates]
        return row


def degraded(res: Resolution, note: str) -> Resolution:
    """``res`` made ``fuzzy``, with ``note`` saying why."""
    return replaced(
        res,
        status=FUZZY,
        score=min(res.score or 100.0, 90.0),
        reason="; ".join(x for x in (res.reason, note) if x),
    )


def replaced(res: Resolution, **changes) -> Resolution:
    """A copy of ``res`` with ``changes``."""
    fields = {k: getattr(res, k) for k in res.__slots__}
    fields.update(changes)
    return Resolution(**fields)


def with_street(res: Resolution, street: str | None) -> Resolution:
    """``res`` with the street part the reader left over."""
    return replaced(res, street=street) if street else res


def several_old(res: Resolution, units: list[Unit], gz: Gazetteer) -> Resolution:
    """``res`` for several old communes of one name that all went to the same new one."""
    return replaced(
        res,
        old_commune_code=None,
        old_commune_name=" / ".join(u.name for u in units),
        old_district_code=None,
        old_district_name=" / ".join(
            sorted({gz.old_districts[u.district_code].name for u in units if u.district_code})
        ),
        reason="; ".join(
            x
            for x in (
                res.reason,
                f"{len(units)} xã cũ cùng tên, đều nhập vào cùng một xã mới "
                "(several old communes of this name, all merged into the same new one)",
            )
            if x
        ),
    )


def vn_date(iso: str) -> str:
    """dd/mm/yyyy, as officials write dates."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"

"""Units since 2019: the names they had, and where the removed ones went.

Built from the shipped `history_units.csv` and `history_successors.csv` (see PROVENANCE.md and
`tools/derive_history.py`). A unit renamed, retyped or moved under the same code follows its
code to today's unit. A removed commune is followed through its successors, step by step, to
units on the list of 30 June 2025; only links that both sources agree on are certain, and where
any step is uncertain every unit it may have gone to is kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from dataclean import mappings
from dataclean.units.cache import loaded
from dataclean.units.gazetteer import NATIONAL, NameIndex, Unit, gazetteer
from dataclean.units.names import KIND_OF_TYPE
from dataclean.units.result import vn_date


@dataclass(frozen=True, slots=True)
class Version:
    """One listed form of a unit: its name and where and when it was listed."""

    unit: Unit
    listed_from: str
    listed_to: str


@dataclass(frozen=True, slots=True)
class Link:
    """A removed commune went (wholly or in part) to ``successor`` on ``date``."""

    successor: str
    date: str
    certain: bool
    resolutions: str | None


@dataclass(frozen=True, slots=True)
class Followed:
    """Where an old code leads on the list of 30 June 2025."""

    ends: frozenset[str]  # codes on today's list
    certain: bool  # every step was certain
    steps: tuple[str, ...]  # each step in words, oldest first
    lost: bool = False  # some path ends at a removed unit with no known successor


class History:
    """Old names of units, and the successors of removed communes."""

    def __init__(self) -> None:
        gz = gazetteer()
        # Codes on the list of 30 June 2025 (crosswalk A also knows a few obsolete ones).
        self.current_communes = set(gz.old_communes) - gz.codes_only_in_a
        self.communes = NameIndex()
        self.districts = NameIndex()
        self.versions: dict[tuple[str, str], Version] = {}  # (code, name) -> latest version
        self.district_units: dict[str, Unit] = {}
        self.last_name: dict[str, str] = {}
        self.kinds: dict[str, set[str]] = defaultdict(set)  # every type a code was listed with
        rows = mappings.history_units().sort("listed_from")
        for r in rows.iter_rows(named=True):
            kind = KIND_OF_TYPE.get(r["type"])
            if r["level"] == "district":
                unit = Unit(r["code"], r["name"], kind, r["province_code"], r["code"])
                self.districts.add((r["province_code"], NATIONAL), unit)
                self.district_units.setdefault(r["code"], unit)
            else:
                unit = Unit(r["code"], r["name"], kind, r["province_code"], r["district_code"])
                self.communes.add((r["district_code"], r["province_code"], NATIONAL), unit)
            self.versions[r["code"], r["name"]] = Version(unit, r["listed_from"], r["listed_to"])
            if kind:
                self.kinds[r["code"]].add(kind)
            self.last_name[r["code"]] = r["name"]  # the rows come oldest first
        self.communes.freeze()
        self.districts.freeze()
        self.links: dict[str, list[Link]] = defaultdict(list)
        self.removed_on: dict[str, str] = {}
        for r in mappings.history_successors().iter_rows(named=True):
            self.links[r["code"]].append(
                Link(
                    r["successor_code"],
                    r["effective_date"],
                    r["certainty"] == "certain",
                    r["resolutions"],
                )
            )
            self.removed_on[r["code"]] = r["effective_date"]
        self._followed: dict[str, Followed] = {}

    def version(self, unit: Unit) -> Version | None:
        return self.versions.get((unit.code, unit.name))

    def district_name(self, code: str | None) -> str | None:
        unit = self.district_units.get(code) if code else None
        return unit.name if unit else None

    def follow(self, code: str) -> Followed:
        """Where ``code`` leads on today's list, and how."""
        if code not in self._followed:
            self._followed[code] = self._follow(code, ())
        return self._followed[code]

    def _follow(self, code: str, seen: tuple[str, ...]) -> Followed:
        if code in self.current_communes:
            return Followed(frozenset({code}), True, ())
        links = self.links.get(code, [])
        if not links or code in seen:
            return Followed(frozenset(), False, (), lost=True)
        ends: set[str] = set()
        certain = all(link.certain for link in links)
        lost = False
        steps: list[str] = []
        date = links[0].date
        basis = f", {links[0].resolutions}" if links[0].resolutions else ""
        names = ", ".join(self._name(link.successor) for link in links)
        steps.append(
            f"{self._name(code)} bỏ từ {vn_date(date)}{basis}, "
            + ("nhập vào " if certain else "có thể nhập vào ")
            + names
        )
        for link in links:
            after = self._follow(link.successor, (*seen, code))
            ends |= after.ends
            certain = certain and after.certain
            lost = lost or after.lost
            if len(links) == 1:
                steps.extend(after.steps)
        return Followed(frozenset(ends), certain and not lost, tuple(steps), lost)

    def _name(self, code: str) -> str:
        gz = gazetteer()
        if code in gz.old_communes:
            return gz.old_communes[code].name
        return self.last_name.get(code, code)


@cache
def history() -> History:
    """The shipped unit history (built on first use)."""
    return loaded("history", History)

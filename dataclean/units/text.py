"""The free-text front of the resolver: a one-line address read by the reader, its readings
tried in order, and the confidence each earns (see :mod:`dataclean.units.reader`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclean.units.crosswalk import predecessor_districts
from dataclean.units.reader import Reading, street_like
from dataclean.units.result import (
    ALREADY_NEW,
    CONFIDENT,
    EXACT,
    MATCHED,
    UNRESOLVED,
    Resolution,
    degraded,
    replaced,
    with_street,
)
from dataclean.units.tokens import Token, dashed_parts, parts

if TYPE_CHECKING:
    from dataclean.units.resolver import Resolver


def resolve_text(resolver: Resolver, address: str) -> Resolution:
    """Resolve a one-line address such as "Số 12 ngõ 5, P. Phúc Xá, Q.Ba Đình, HN".

    :mod:`dataclean.units.reader` finds the parts from the right (province, district,
    commune, then the street), by what the words name rather than by commas. When its best
    reading does not resolve, the next readings that use as many parts are tried; an answer
    from one of them is reported as ``fuzzy``.
    """
    result, _ = _read_line(resolver, address)
    if result.status in CONFIDENT:
        return result
    in_parts = parts(address)
    if len(in_parts) == 1:
        in_parts = dashed_parts(address)  # "Hà Nội - Ba Đình - Phúc Xá"
    if len(in_parts) < 3:
        return result
    # "Hà Nội, Quận Ba Đình, Phường Phúc Xá": some write the largest unit first. Read in
    # the other order, every part must then be a unit, named, and the answer consistent.
    other, reading = _read_line(resolver, ", ".join(reversed(in_parts)))
    whole = (
        reading is not None
        and reading.street is None
        and reading.dropped is None
        and all(s is not None and not s.guessed for s in (reading.province, reading.commune))
    )
    if other.status not in CONFIDENT or not whole:
        return result
    note = "Đọc theo thứ tự từ lớn đến nhỏ (read largest unit first)"
    return replaced(
        other,
        status=MATCHED if other.status == EXACT else other.status,
        reason="; ".join(x for x in (other.reason, note) if x),
    )


def _read_line(resolver: Resolver, address: str) -> tuple[Resolution, Reading | None]:
    """The answer for one line, and the reading it came from."""
    found = resolver.reader.read(address)
    if not found:
        return resolver.answers.unresolved("Địa chỉ trống (empty address)"), None
    # "Exact" is for what was typed as it stands: not for text with control characters.
    as_typed = found[0].text == address.strip() and address.isprintable()
    first = None
    for i, reading in enumerate(found[:3]):
        if reading.rank[:5] != found[0].rank[:5]:
            break
        result = _resolve_reading(resolver, reading, as_typed)
        if first is None:
            first = result
        if result.status == UNRESOLVED and not (result.candidates or result.old_commune_code):
            continue
        if result.status == UNRESOLVED:
            return first, found[0]  # an honest list of candidates is not traded for a guess
        if i and result.status in CONFIDENT:
            result = degraded(
                result,
                f"Đọc theo cách khác: xã '{reading.typed(reading.commune)}' (read another "
                "way: check)",
            )
        elif result.status in CONFIDENT:
            result = _unless_read_otherwise(resolver, result, found, as_typed)
        return result, reading
    assert first is not None
    return first, found[0]


def _unless_read_otherwise(
    resolver: Resolver, result: Resolution, found: list[Reading], as_typed: bool
) -> Resolution:
    """The answer, or ``fuzzy`` when a reading that uses the text as well leads elsewhere:
    "Đống Đa, Hà Nội" is Phường Đống Đa (2025) or the old Quận Đống Đa."""
    for rival in found[1:3]:
        if rival.rank[:4] != found[0].rank[:4]:
            break
        other = _resolve_reading(resolver, rival, as_typed)
        elsewhere = other.status in CONFIDENT and other.new_commune_code != (
            result.new_commune_code
        )
        older = result.status == ALREADY_NEW and (other.old_commune_code or other.old_district_code)
        # "Lương Sơn, Hòa Bình": Thị trấn Lương Sơn, or Huyện Lương Sơn with its commune unsaid.
        district = rival.commune is None and rival.district is not None and other.old_district_code
        if elsewhere or older or district:
            what = other.old_commune_name or other.old_district_name or other.new_commune_name
            return replaced(
                degraded(
                    result,
                    f"Cũng đọc được là {what} (could also be read as {what}: check)",
                ),
                **_agreed_old_fields(resolver, result, other),
            )
    return result


def _agreed_old_fields(resolver: Resolver, new: Resolution, old: Resolution) -> dict:
    """The old province and district that both readings of an address agree on: "Gia
    Viễn, Ninh Bình" is the 2025 Xã Gia Viễn or the old Huyện Gia Viễn, and either way it
    lies in the old Ninh Bình, and in Gia Viễn when all of the new commune came from it."""
    if new.old_province_code or not old.old_province_code or not new.new_commune_code:
        return {}
    provinces = resolver.gz.old_to_new_provinces.get(old.old_province_code, set())
    if new.new_province_code not in provinces:
        return {}
    fields = {
        "old_province_code": old.old_province_code,
        "old_province_name": old.old_province_name,
    }
    came_from = predecessor_districts().get(new.new_commune_code, frozenset())
    if old.old_district_code and came_from == {old.old_district_code}:
        fields |= {
            "old_district_code": old.old_district_code,
            "old_district_name": old.old_district_name,
        }
    return fields


def _resolve_reading(resolver: Resolver, reading: Reading, as_typed: bool) -> Resolution:
    if not (reading.province or reading.district or reading.commune):
        return resolver.answers.unresolved(
            f"Không nhận ra tỉnh, huyện hay xã nào trong '{reading.text}' (no unit recognised)"
        )
    result = resolver.resolve(
        reading.part(reading.commune),
        reading.part(reading.district),
        reading.part(reading.province),
    )
    result = with_street(result, reading.street)
    if result.status == EXACT and (reading.rewritten or not as_typed or reading.dropped):
        result = replaced(result, status=MATCHED)
    if reading.dropped:
        note = f"Bỏ qua phần cuối '{reading.dropped}' (left out: no unit)"
        result = replaced(result, reason="; ".join(x for x in (result.reason, note) if x))
    if result.status in CONFIDENT:
        doubts = resolver.reader.doubts(reading)
        if _bare_name_alone(resolver, reading, result):
            doubts.append(
                f"Chỉ có tên '{reading.typed(reading.commune)}', không có huyện hay tỉnh, sau "
                f"'{reading.street}': có thể là họ tên hay tên đường (a bare name with no district "
                "or province: may be a person's name or a road)"
            )
        if doubts:
            result = degraded(result, "; ".join(doubts))
    return result


def _typed_as_its_name(words: list[Token]) -> bool:
    """Whether a type word is typed as the name after it: with its marks when the name has
    them, or as an abbreviation with its dot. "Xa Tiến Dũng" is a person (the surname Xa)."""
    *type_words, first = words
    return not first.marked or any(t.marked or t.dotted for t in type_words)


def _bare_name_alone(resolver: Resolver, reading: Reading, result: Resolution) -> bool:
    """A commune's bare name, with no type word of its own, district or province to place it,
    after words that are no street part: "Phạm Thị Dung" is a person, not Thị trấn Dùng, and
    "Le Phuong Hieu" not the Xã Hiếu that "Phuong" would make a phường."""
    commune = reading.commune
    unit = resolver.gz.old_communes.get(result.old_commune_code or "")
    own_type = (
        commune is not None
        and commune.kind is not None
        and (unit is None or unit.kind == commune.kind)
        and _typed_as_its_name(reading.tokens[commune.start : commune.name_start + 1])
    )
    return (
        commune is not None
        and not own_type
        and reading.province is None
        and reading.district is None
        and reading.street is not None
        and not street_like(reading)
    )

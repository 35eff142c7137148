"""Addresses of units that no longer exist as typed: followed through every change since 2019
to today's units, and the names that meant different units at different dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclean.units.gazetteer import Unit
from dataclean.units.history import history
from dataclean.units.matching import Context, Match, unique_units
from dataclean.units.result import (
    EXACT,
    FUZZY,
    MATCHED,
    Candidate,
    Resolution,
    replaced,
    several_old,
    vn_date,
)
from dataclean.vietnamese import clean_text

if TYPE_CHECKING:
    from dataclean.units.resolver import Resolver


def past_or_new(
    resolver: Resolver,
    past: Match,
    new: Match | None,
    ctx: Context,
    typed: str,
    province_text: str | None,
) -> Resolution:
    """A name that an old unit had since 2019 and, perhaps, a 2025 commune has now: the
    past reading, unless the new one also fits and leads elsewhere."""
    result = from_history(resolver, past, ctx, typed, province_text)
    if new is None:
        return result
    if result.new_commune_code is not None and {u.code for u in new.units} == {
        result.new_commune_code
    }:
        return result
    commune, where = clean_text(typed), resolver._where(ctx, province_text)
    past_candidates = list(result.candidates) or [
        # the single answer history gave, as one candidate among the readings
        Candidate(
            result.new_commune_code or "",
            result.new_commune_name or "",
            result.new_province_name or "",
            result.old_commune_code,
            result.old_commune_name,
            result.old_district_name,
            "lịch sử",
        )
    ]
    if result.new_commune_code is None:
        past_candidates = list(result.candidates)
    return resolver.answers.unresolved(
        f"'{commune}' vừa là tên một đơn vị cũ (trước các lần sắp xếp) vừa là tên xã mới ở "
        f"{where}, dẫn tới kết quả khác nhau (both a past unit's and a 2025 commune's name)",
        [c for c in past_candidates if c.new_code] + resolver.answers.new_candidates(new.units),
    )


def from_history(
    resolver: Resolver, past: Match, ctx: Context, typed: str, province_text: str | None
) -> Resolution:
    """An old commune no longer on the list of 30 June 2025 as it was typed, followed
    through every change since to today's units, and from them to 2025."""
    hist = history()
    gz = resolver.gz
    ctx.degrade(FUZZY if past.quality == FUZZY else MATCHED, past.score, past.note)
    followed = [(unit, hist.follow(unit.code)) for unit in past.units]
    ends = sorted({e for _, f in followed for e in f.ends})
    steps = [step for _, f in followed for step in f.steps]
    unit = past.units[0]
    old_fields = _historic_fields(resolver, unit) if len(past.units) == 1 else {}
    certain = len(followed) == 1 and followed[0][1].certain
    end_units = [gz.old_communes[e] for e in ends]
    if len(past.units) == 1 and unit.code in gz.old_communes:
        now = gz.old_communes[unit.code]
        district = gz.old_districts.get(now.district_code or "")
        if now.name != unit.name:
            steps.append(f"{unit.name} nay là {now.name} (cùng mã {unit.code})")
        elif district is not None and now.district_code != unit.district_code:
            steps.append(f"{unit.name} nay thuộc {district.name}")
    history_note = "; ".join(steps) + " (followed through the changes since 2019)"
    if not ends:
        removed = hist.removed_on.get(unit.code)
        return resolver.answers.unresolved(
            f"{unit.name} đã bỏ"
            + (f" từ {vn_date(removed)}" if removed else "")
            + "; không có thông tin đơn vị kế thừa (removed; no known successor)",
            **(resolver._known_fields(ctx) | old_fields),
        )
    targets = {resolver.answers.single_target(u) for u in end_units}
    if certain or (len(targets) == 1 and None not in targets):
        ctx.notes.append(history_note)
        if not certain:
            ctx.notes.append(
                "Không rõ đơn vị kế thừa nhưng mọi phương án đều về cùng một xã mới "
                "(the successor is uncertain, but every candidate leads to the same 2025 "
                "commune)"
            )
        result = resolver.answers.from_old(end_units[0], ctx)
        if result.status == EXACT:
            result = replaced(result, status=MATCHED)
        return replaced(result, **old_fields) if old_fields else result
    return resolver.answers.unresolved(
        "; ".join(
            [
                *ctx.notes,
                f"{history_note}; không chắc đơn vị kế thừa: cần chọn (the successor is not "
                "certain: choose)",
            ]
        ),
        resolver.answers.old_candidates(end_units),
        **old_fields,
    )


def _historic_fields(resolver: Resolver, unit: Unit) -> dict:
    gz = resolver.gz
    province = gz.old_provinces.get(unit.province_code)
    district = gz.old_districts.get(unit.district_code) if unit.district_code else None
    district_name = history().district_name(unit.district_code) or (
        district.name if district else None
    )
    return {
        "old_province_code": unit.province_code,
        "old_province_name": province.name if province else None,
        "old_district_code": unit.district_code,
        "old_district_name": district_name,
        "old_commune_code": unit.code,
        "old_commune_name": unit.name,
    }


def across_dates(
    resolver: Resolver, now: Match, past: Match, ctx: Context, typed: str
) -> Resolution | None:
    """A name that named one unit before and another on the last list: both readings,
    unless they lead to the same 2025 commune."""
    hist = history()
    followed = [hist.follow(u.code) for u in past.units]
    ends = {e for f in followed for e in f.ends}
    if all(f.certain for f in followed) and ends <= {u.code for u in now.units}:
        # The old unit of that name went into the one that has it now: one unit.
        return None
    if resolver.as_of is not None:
        iso = resolver.as_of.isoformat()
        then = Match(
            [
                u
                for u in past.units
                if (v := hist.version(u)) and v.listed_from <= iso <= v.listed_to
            ],
            now.quality,
        )
        if not then.units:
            return None  # on that day the name was already today's unit's
        ctx.notes.append(
            f"Đọc theo ngày lập danh sách {resolver.as_of:%d/%m/%Y} (read as on the list's date)"
        )
        return from_history(resolver, then, ctx, typed, None)
    readings_ = [*now.units, *(resolver.gz.old_communes[e] for e in sorted(ends))]
    targets = {resolver.answers.single_target(u) for u in readings_}
    if len(targets) == 1 and None not in targets:
        ctx.degrade(now.quality, now.score, now.note)
        ctx.notes.append(
            f"'{clean_text(typed)}' là tên của nhiều đơn vị ở các thời điểm khác nhau, đều về "
            "cùng một xã mới (named several units over time, all now in one commune)"
        )
        units = unique_units(readings_)
        result = resolver.answers.from_old(units[0], ctx)
        return several_old(result, units, resolver.gz) if len(units) > 1 else result
    when = ", ".join(
        f"{u.name} (đến {vn_date(v.listed_to)})"
        for u in past.units
        if (v := hist.version(u)) is not None
    )
    return resolver.answers.unresolved(
        f"'{clean_text(typed)}' là tên của đơn vị khác nhau ở các thời điểm khác nhau: "
        f"{when}; nay là tên của {', '.join(u.name for u in now.units)} (the name meant "
        "another unit before; give the date the list was made)",
        resolver.answers.old_candidates(unique_units(readings_)),
    )

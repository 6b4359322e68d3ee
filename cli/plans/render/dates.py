"""Dates as Vietnamese administrative documents write them (Nghị định 30/2020/NĐ-CP)."""
from __future__ import annotations

import datetime as dt


def day_month(d: dt.date) -> tuple[str, str]:
    """Days below 10 and months 1–2 take a leading zero: 05, 02; months 3–12 do not."""
    return (f"{d.day:02d}", f"{d.month:02d}" if d.month <= 2 else str(d.month))


def _day_digit(a: dt.date | None, b: dt.date | None) -> str:
    """The day's first digit when the range is exactly the days that share it (20–28/02: "2", the
    second digit unreadable on the scan; 01–09: "0"), else nothing."""
    import calendar

    if not (a and b and (a.year, a.month) == (b.year, b.month)):
        return ""
    k = a.day // 10
    last = calendar.monthrange(a.year, a.month)[1]
    if b.day // 10 == k and a.day == max(1, 10 * k) and b.day == min(last, 10 * k + 9):
        return str(k)
    return ""


def place_date(place: str | None, d: dt.date | None, between: tuple | None = None) -> str:
    """"Hà Nội, ngày 05 tháng 02 năm 2025"; "…" for what is not known (with ``between`` = the
    earliest and latest possible dates, the month and year they share are still written)."""
    if d is None:
        a, b = between or (None, None)
        month = day_month(a)[1] if a and b and (a.year, a.month) == (b.year, b.month) else "…"
        year = a.year if a and b and a.year == b.year else "…"
        return f"{place or '…'}, ngày {_day_digit(a, b)}… tháng {month} năm {year}"
    day, month = day_month(d)
    return f"{place or '…'}, ngày {day} tháng {month} năm {d.year}"


from plans.text import dmy  # noqa: E402,F401  (re-exported for the renderers)

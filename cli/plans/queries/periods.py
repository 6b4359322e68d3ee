"""Reporting periods and their data-cutoff windows (Nghị định 09/2019/NĐ-CP, Điều 12).

- month:     from the 15th of the previous month to the 14th of the month;
- quarter:   from the 15th of the month before the quarter to the 14th of its last month;
- 6 months:  first half from 15/12 of the previous year to 14/6; second half 15/6 to 14/12;
- year:      from 15/12 of the previous year to 14/12.
The decree does not define 9 months; by the same rule it runs from 15/12 of the previous
year to 14/9.

Period codes: ``2025`` (year), ``2025-H1``/``2025-H2``, ``2025-9M``, ``2025-Q1``…``Q4``,
``2025-M03``. Years run from 1900 to 2100 (``MIN_YEAR``, ``MAX_YEAR``): a plan outside them is a typo,
and every date computed from a period (cutoffs start in the previous month) stays a valid date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

KINDS = ("month", "quarter", "6-months", "9-months", "year")
MIN_YEAR, MAX_YEAR = 1900, 2100


class PeriodError(ValueError):
    """A period code that cannot be used: ``reason`` is "format" (not a period code) or "year"
    (a year outside MIN_YEAR–MAX_YEAR)."""

    def __init__(self, code: str, reason: str = "format"):
        super().__init__(code)
        self.code, self.reason = code, reason


@dataclass(frozen=True)
class Period:
    code: str
    kind: str
    year: int
    index: int  # month 1–12, quarter 1–4, half 1–2; 1 for year and 9 months

    @property
    def start(self) -> dt.date:
        """First day of the calendar period."""
        if self.kind == "month":
            return dt.date(self.year, self.index, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.index - 2, 1)
        if self.kind == "6-months":
            return dt.date(self.year, 1 if self.index == 1 else 7, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the calendar period."""
        last_month = {"month": self.index, "quarter": 3 * self.index, "6-months": 6 * self.index,
                      "9-months": 9, "year": 12}[self.kind]
        return _month_end(self.year, last_month)

    @property
    def cutoff(self) -> tuple[dt.date, dt.date]:
        """Data-cutoff window per Nghị định 09/2019/NĐ-CP, Điều 12."""
        last_month = self.end.month
        first_month = self.start.month
        start = _shift_month(self.year, first_month, -1)
        return dt.date(start[0], start[1], 15), dt.date(self.year, last_month, 14)

    def label(self, lang: str = "vi") -> str:
        y, i = self.year, self.index
        if lang == "vi":
            return {"month": lambda: f"tháng {i:02d}/{y}", "quarter": lambda: f"quý {_roman(i)}/{y}",
                    "6-months": lambda: f"6 tháng {'đầu' if i == 1 else 'cuối'} năm {y}",
                    "9-months": lambda: f"9 tháng năm {y}", "year": lambda: f"năm {y}"}[self.kind]()
        return {"month": lambda: f"{y}-{i:02d}", "quarter": lambda: f"Q{i} {y}", "6-months": lambda: f"H{i} {y}",
                "9-months": lambda: f"9 months {y}", "year": lambda: f"year {y}"}[self.kind]()


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV")[n - 1]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


_CODE = re.compile(r"^(\d{4})(?:-(H[12]|9M|Q[1-4]|M(0[1-9]|1[0-2])))?$", re.IGNORECASE)


def parse(code: str) -> Period:
    """``2025-H1`` → Period. Raises PeriodError (a ValueError) for what is not a period code or lies
    outside the years MIN_YEAR–MAX_YEAR."""
    m = _CODE.match(code.strip())
    if not m:
        raise PeriodError(code, "format")
    year, part = int(m.group(1)), (m.group(2) or "").upper()
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(code, "year")
    if not part:
        return Period(f"{year}", "year", year, 1)
    if part == "9M":
        return Period(f"{year}-9M", "9-months", year, 1)
    if part[0] == "H":
        return Period(f"{year}-{part}", "6-months", year, int(part[1]))
    if part[0] == "Q":
        return Period(f"{year}-{part}", "quarter", year, int(part[1]))
    return Period(f"{year}-{part}", "month", year, int(part[1:]))


def periods_of(kind: str, year: int) -> list[Period]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return []
    if kind == "month":
        return [parse(f"{year}-M{i:02d}") for i in range(1, 13)]
    if kind == "quarter":
        return [parse(f"{year}-Q{i}") for i in range(1, 5)]
    if kind == "6-months":
        return [parse(f"{year}-H1"), parse(f"{year}-H2")]
    if kind == "9-months":
        return [parse(f"{year}-9M")]
    if kind == "year":
        return [parse(f"{year}")]
    return []


def period_for_due(kind: str, due: dt.date) -> Period | None:
    """The period a report of ``kind`` due on ``due`` covers: the one whose cutoff ends nearest
    the due date (a 6-month report due 12/6 covers H1, cut off 14/6; a quarterly one due 18/9, Q3)."""
    cands = periods_of(kind, due.year) + periods_of(kind, due.year - 1)
    if not cands:
        return None
    return min(cands, key=lambda p: abs((p.cutoff[1] - due).days))

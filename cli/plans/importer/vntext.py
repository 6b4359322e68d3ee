"""Small helpers over Vietnamese text for the importer: a fold that keeps positions, dates as printed."""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata


class _FoldTable(dict):
    """str.translate table: each character to its folded letter or digit, anything else to a space."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c in "đĐ":
            v = "d"
        else:
            base = unicodedata.normalize("NFD", c)[0].lower()
            v = base if base.isascii() and base.isalnum() else " "
        self[code] = v
        return v


_FOLD = _FoldTable()


def fold_keep(s: str) -> str:
    """Lowercase, diacritics stripped, every character that is not a letter or digit a space:
    the same length as ``s``, so a match in the folded text is a match at the same place in ``s``."""
    return s.translate(_FOLD)


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def quarter_end(q: str, year: int) -> dt.date | None:
    n = _ROMAN_Q.get(q.lower())
    if not n:
        return None
    m, d = _QUARTER_END[n]
    return dt.date(year, m, d)


def clean_space(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()

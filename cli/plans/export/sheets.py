"""Shared pieces of the XLSX builders: one place that puts data into a cell (never as a formula),
header styles, widths that fit Vietnamese text, dates as real Excel dates."""
from __future__ import annotations

import datetime as dt
import io

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter

from plans.output.escape import sheet_cell

DATE_FORMAT = "DD/MM/YYYY"
FONT = "Times New Roman"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


def put(ws, row: int, col: int, value, *, wrap: bool = False, bold: bool = False, fill=None, border: bool = True):
    """Write one data value: text through the formula-injection escape (plans.output.escape.sheet_cell)
    and stored as text whatever it looks like; dates as Excel dates shown dd/mm/yyyy."""
    v = sheet_cell(value)
    if v == "":
        v = None
    cell = ws.cell(row=row, column=col, value=v)
    if isinstance(v, str):
        cell.data_type = "s"  # never "f": openpyxl would otherwise write a leading "=" as a formula
    if isinstance(v, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT
    cell.font = Font(name=FONT, bold=bold, size=11)
    cell.alignment = WRAP if wrap else Alignment(vertical="top")
    if fill is not None:
        cell.fill = fill
    if border:
        cell.border = BOX
    return cell


def header(ws, row: int, labels: list[str]) -> None:
    for i, text in enumerate(labels, 1):
        c = put(ws, row, i, text, wrap=True, bold=True, fill=HEADER_FILL)
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def title(ws, row: int, text: str, *, size: int = 13, bold: bool = True) -> None:
    c = put(ws, row, 1, text, border=False)
    c.font = Font(name=FONT, bold=bold, size=size)


def widths(ws, cols: dict[int, float]) -> None:
    """Column widths in characters (Vietnamese text is wrapped inside them)."""
    for col, w in cols.items():
        ws.column_dimensions[get_column_letter(col)].width = w


def fit_widths(ws, first_row: int, maximum: float = 60, minimum: float = 8) -> None:
    """Widths from the longest line of each column, between ``minimum`` and ``maximum`` characters
    (diacritics add no width: NFC letters are one character each)."""
    longest: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for c in row:
            if c.value is None:
                continue
            text = c.value.strftime("%d/%m/%Y") if isinstance(c.value, (dt.date, dt.datetime)) else str(c.value)
            n = max((len(line) for line in text.splitlines()), default=0)
            longest[c.column] = max(longest.get(c.column, 0), n)
    for col, n in longest.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, n + 2))


def to_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name from ``name``: at most 31 characters, none of : \\ / ? * [ ], unique in ``taken``
    (case-insensitively, as Excel compares them)."""
    from plans.text import clean

    base = "".join(" " if ch in ':\\/?*[]' else ch for ch in clean(name)).strip(" '") or "Sheet"
    base = base[:31].rstrip()
    out, n = base, 2
    while out.lower() in taken:
        suffix = f" ({n})"
        out = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(out.lower())
    return out

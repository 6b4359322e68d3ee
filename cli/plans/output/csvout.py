"""The one CSV writer: every cell through ``plans.output.escape.csv_cell`` (no cell can start a
formula; numbers stay numbers), UTF-8, optionally with a byte-order mark.

``csv_bytes(headers, rows, bom=True)`` is what a spreadsheet on Windows needs: Excel reads a CSV
without a BOM in the machine's legacy code page (Vietnamese letters become "Sá»Ÿ"), and with one as
UTF-8. Numbers are written as numbers ("14.62", never "14.62%"), so a spreadsheet can compute with them.
"""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction

from plans.output.escape import csv_row

BOM = "\ufeff"


def csv_number(x, places: int = 2):
    """A figure for a CSV cell: a number rounded to ``places`` decimals (an int when whole), None for none."""
    if x is None:
        return None
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, Fraction):
        x = Decimal(x.numerator) / Decimal(x.denominator)
    q = round(Decimal(str(x)) if not isinstance(x, Decimal) else x, places)
    return int(q) if q == q.to_integral_value() else float(q)


def csv_text(headers: list[str], rows, bom: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(csv_row(headers))
    w.writerows(csv_row(r) for r in rows)
    return (BOM if bom else "") + buf.getvalue()


def csv_bytes(headers: list[str], rows, bom: bool = False) -> bytes:
    return csv_text(headers, rows, bom).encode("utf-8")

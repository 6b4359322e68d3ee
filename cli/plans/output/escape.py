"""The one place where data becomes output text: Markdown (and the HTML it turns into) and CSV.

Every string from a plan, a registry, a report or an office file is data, never markup or a formula:

- ``md_text``: inline Markdown. ``<``, ``>`` and an ``&`` that would start an entity become
  ``&lt;``, ``&gt;``, ``&amp;`` (safe in Markdown, in the HTML it renders to, and inside HTML blocks
  where backslash escapes do not apply); the Markdown punctuation ``\\ * _ ` [ ] | ~`` is
  backslash-escaped. Vietnamese letters, quotes, ``#``, ``-`` and ``&`` between words stay as written.
- ``md_block``: a paragraph on lines of its own: also what would start a heading, quote, list or rule
  at the start of a line (``# ``, ``- ``, ``1. ``, ``===``) and leading indentation (a code block).
- ``md_cell``: a table cell: one line, line breaks as ``<br>``.
- ``csv_cell``: OWASP's rule for CSV injection: a cell that starts with ``=``, ``+``, ``-``, ``@``,
  TAB or CR gets a leading ``'``, so that no spreadsheet runs it as a formula. A cell that is
  wholly a number ("-1.16", "+2.62", "-5%") stays as it is: a spreadsheet reads it as the number
  it is, and no formula can hide in it.

All of them first remove the characters no output may carry (``plans.text.UNSAFE_CHARS``).
"""
from __future__ import annotations

import re

from plans.text import clean

_MD_PUNCT = re.compile(r"([\\*_`\[\]|~])")
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BREAK = re.compile(r"[ \t]*(\r\n|\r|\n)[ \t]*")
_ORDERED = re.compile(r"\d+(?=[.)](\s|$))")
_BLOCK_START = re.compile(r"#|[-+](\s|$)|=+\s*$|-+\s*$")


def md_text(s) -> str:
    """Inline Markdown for a data string (a name, a title, a phrase inside a line)."""
    s = clean(s)
    s = _ENTITY_START.sub("&amp;", s)
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    return _MD_PUNCT.sub(r"\\\1", s)


def md_block(s) -> str:
    """A data string that stands at the start of a line: escaped inline, and whatever Markdown would
    take for a block (heading, quote, list item, rule, code block) at the start of each line is not."""
    lines = []
    for line in md_text(s).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.lstrip(" \t")
        m = _ORDERED.match(line)
        if m:  # "1. …" would be a list item: "1\. …"
            line = line[:m.end()] + "\\" + line[m.end():]
        elif _BLOCK_START.match(line):  # heading, list item, rule, setext underline
            line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


def md_cell(s) -> str:
    """A Markdown table cell: escaped inline, on one line."""
    return _BREAK.sub("<br>", md_text(s).strip("\r\n"))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|\d*[.,]\d+)([eE][+-]?\d+)?%?")


def csv_cell(v):
    """A value for a CSV cell: numbers as they are, text cleaned and never read as a formula."""
    if v is None:
        return ""
    if isinstance(v, (bool, int, float)):
        return v
    s = clean(v)
    if s.startswith(_FORMULA_START) and not _NUMBER.fullmatch(s):
        return "'" + s
    return s


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


def sheet_cell(v):
    """A value for a spreadsheet cell (XLSX as well as CSV): numbers, dates and booleans as they are
    (an XLSX keeps them typed), text through :func:`csv_cell` (cleaned, never a formula)."""
    import datetime as _dt

    if isinstance(v, (_dt.date, _dt.datetime)):
        return v
    return csv_cell(v)

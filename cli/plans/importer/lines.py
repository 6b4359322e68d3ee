"""Lines into paragraphs, and the printed numbering at the start of a paragraph.

A scan breaks lines at the page width and paragraphs at page ends; a web page or a DOCX keeps one
paragraph per line. A line starts a new paragraph when it starts with a printed number (I., 1., 2.1.,
a), (1), -, +), or when the line before ended a sentence and was visibly shorter than a full line (the
last line of a paragraph) or was followed by a blank line. An assignment parenthesis printed on a line
of its own ("(Các sở, ngành, địa phương thực hiện)") belongs to the paragraph before it.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# OCR reads "c)" as "¢)", "I." as "L." or "1." at the top level only in context; keep to safe fixes
_LETTER_FIX = {"¢": "c", "©": "c", "é": "e", "đ": "đ"}

_MARK = re.compile(
    r"^\s*(?:"
    r"(?P<roman>(?:X{0,1})(?:IX|IV|V?I{1,3}|V|X))\s*[.:]\s*(?=[A-ZĐÀ-Ỹ“\"*])"  # "I.MỤC TIÊU" (OCR)
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,2})+)\.?\s+"
    r"|(?P<num>\d{1,2})\s*[.)]\s+"
    r"|(?P<letter>[a-zđ¢©])\s*\)\s*"
    r"|\((?P<paren>\d{1,2})\)\s*"
    r"|(?P<bullet>[-–—•+])\s*"
    r")(?P<rest>\S.*)?$", re.S)


@dataclass
class Marker:
    kind: str    # roman | dotted | num | letter | paren "(1)" | bullet | plus
    label: str   # "II", "2.1", "3", "a", "-"


def marker(text: str) -> tuple[Marker | None, str]:
    """The printed number at the start of ``text`` and the rest: ("II. NHIỆM VỤ" → roman II)."""
    m = _MARK.match(text)
    if not m:
        return None, text
    rest = (m.group("rest") or "").strip()
    if m.group("roman"):
        if not rest or not (rest[0].isupper() or rest[0] in "“\"*"):
            return None, text
        return Marker("roman", m.group("roman")), rest
    if m.group("dotted"):
        if re.match(r"^\d{1,2}(\.\d{1,2})+\.?\d", text.strip()):  # a number such as 1.000
            return None, text
        return Marker("dotted", m.group("dotted")), rest
    if m.group("num"):
        if not rest or re.match(r"^\d", rest):
            return None, text
        return Marker("num", m.group("num")), rest
    if m.group("letter"):
        if not rest:
            return None, text
        return Marker("letter", _LETTER_FIX.get(m.group("letter"), m.group("letter"))), rest
    if m.group("paren"):
        if not rest or not (rest[0].isupper() or rest[0] in "“\"*"):
            return None, text
        return Marker("paren", m.group("paren")), rest
    b = m.group("bullet")
    if not rest or (b in "-–—" and re.match(r"^\d", rest)):  # "- 2025" inside a sentence, a minus sign
        return None, text
    return Marker("plus" if b == "+" else "bullet", b), rest


_END = re.compile(r"[.:;!?…]\s*[”\"’'*)]*\s*$|\)\s*[.;:]?\s*$|\./\.\s*$")
_PAGE_NO = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
_OWN_PAREN = re.compile(r"^\s*[(\[]\*?[^()]{3,}\*?[)\]]\s*[.;,]?\s*\*?\.?\s*$")


def paragraphs(lines: list[str], whole: bool = False) -> list[str]:
    """Join ``lines`` into paragraphs (``whole``: every line is already a paragraph)."""
    if whole:
        out = []
        for ln in lines:
            ln = ln.strip()
            if not ln:
                continue
            if out and _OWN_PAREN.match(ln) and not marker(ln)[0]:
                out[-1] = out[-1].rstrip() + " " + ln
            else:
                out.append(ln)
        return out
    lengths = [len(ln.strip()) for ln in lines if len(ln.strip()) > 20]
    width = statistics.median(lengths) if lengths else 80
    wide = width > 200  # one paragraph per line (web text, OCR that kept paragraphs)
    out: list[str] = []
    prev = ""
    blank = False
    for raw in lines:
        ln = raw.strip()
        if not ln:
            blank = True
            continue
        if _PAGE_NO.match(ln):
            continue
        mk, _ = marker(ln)
        if not out:
            out.append(ln)
        elif mk is not None:
            out.append(ln)
        elif _OWN_PAREN.match(ln):
            out[-1] = out[-1].rstrip() + " " + ln
        else:
            ends = bool(_END.search(prev))
            short = len(prev) < 0.8 * width
            starts_upper = ln[0].isupper() or ln[0] in "“\"*"
            if ends and starts_upper and (wide or blank or short):
                out.append(ln)
            elif ends and blank and not starts_upper and prev.rstrip().endswith((".", ":")):
                out.append(ln)
            else:
                out[-1] = out[-1].rstrip() + " " + ln
        prev = ln
        blank = False
    return [re.sub(r"\s+", " ", p).strip() for p in out]

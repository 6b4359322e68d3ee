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


_FOOT = re.compile(r"^\d{1,2}\s+[^\W\d_]")
FOOT_WIDER = 1.15   # a footnote is set in a smaller type: its lines hold more characters than the body's


def drop_footnotes(lines: list[str], width: float, notes: list[str] | None = None) -> list[str]:
    """``lines`` without the footnotes a scan prints at a page's foot, inside the body's text ("2 Chỉ thị
    số 70-CT/TU …" between two halves of a sentence): a line opening with a bare footnote number whose
    line is visibly wider than the body's, and the lines after it while the one before was as wide
    (the footnote's paragraph goes on) and the next does not start indented (the body resuming)."""
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i]
        if _FOOT.match(ln) and len(ln.rstrip()) >= FOOT_WIDER * width:
            j = i + 1
            while (j < n and lines[j].strip() and not lines[j][:1].isspace()
                   and len(lines[j - 1].rstrip()) >= FOOT_WIDER * width):
                j += 1
            if notes is not None:  # kept for the draft's footnotes, "2 Chỉ thị số …" with its number
                notes.append(" ".join(" ".join(lines[i:j]).split()))
            i = j
            continue
        out.append(ln)
        i += 1
    return out


_END = re.compile(r"[.:;!?…]\s*[”\"’'*)]*\s*$|\)\s*[.;:]?\s*$|\./\.\s*$")
_PAGE_NO = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
_OWN_PAREN = re.compile(r"^\s*[(\[]\*?[^()]{3,}\*?[)\]]\s*[.;,]?\s*\*?\.?\s*$")


def paragraphs(lines: list[str], whole: bool = False, notes: list[str] | None = None) -> list[str]:
    """Join ``lines`` into paragraphs (``whole``: every line is already a paragraph); the footnotes
    dropped from a scan's body are appended to ``notes`` when given."""
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
        return [circled(p) for p in out]
    lengths = [len(ln.strip()) for ln in lines if len(ln.strip()) > 20]
    width = statistics.median(lengths) if lengths else 80
    wide = width > 200  # one paragraph per line (web text, OCR that kept paragraphs)
    if not wide:
        lines = drop_footnotes(lines, width, notes)
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
            heading = marker(prev)[0] is not None and len(prev) < 0.7 * width
            if ends and starts_upper and (wide or blank or short):
                out.append(ln)
            elif heading and starts_upper and blank:
                out.append(ln)  # "a) Phòng ngừa xã hội", a short numbered heading, then its first paragraph
            elif ends and blank and not starts_upper and prev.rstrip().endswith((".", ":")):
                out.append(ln)
            else:
                out[-1] = out[-1].rstrip() + " " + ln
        prev = ln
        blank = False
    return [circled(re.sub(r"\s+", " ", p).strip()) for p in out]


# a list counted with circled numbers (①, ②, ③ …) inside a paragraph: OCR reads the signs as "@", "®",
# "©" (sometimes with a ")" after them); no such sign stands alone between words in a plan's text
_CIRCLE_OCR = re.compile(r"(?:(?<=^)|(?<=[\s:;,.]))(?:[@®©]\)?)(?=\s+\S)")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def circled(paragraph: str) -> str:
    """``paragraph`` with the OCR readings of its circled numbers put back, counted in order from ①
    (a printed circled number in the paragraph sets the count)."""
    if not _CIRCLE_OCR.search(paragraph):
        return paragraph
    out, last, k = [], 0, 0
    for m in re.finditer(_CIRCLE_OCR.pattern + f"|[{_CIRCLED}]", paragraph):
        if m.group() in _CIRCLED:
            k = _CIRCLED.index(m.group()) + 1
            continue
        out.append(paragraph[last:m.start()])
        out.append(_CIRCLED[min(k, len(_CIRCLED) - 1)])
        k += 1
        last = m.end()
    out.append(paragraph[last:])
    return "".join(out)

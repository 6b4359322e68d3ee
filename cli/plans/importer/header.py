"""The header of a received plan: issuing body (and its parent), number, place and date, document type,
title (trích yếu); the closing: Nơi nhận and the signature block. Pure functions over lines."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from plans.importer.vntext import clean_space, fold_keep, last_day, safe_date

DOC_TYPES = {
    "ke hoach": "KẾ HOẠCH", "chuong trinh": "CHƯƠNG TRÌNH", "quyet dinh": "QUYẾT ĐỊNH",
    "ke hoach hanh dong": "KẾ HOẠCH HÀNH ĐỘNG", "chi thi": "CHỈ THỊ", "huong dan": "HƯỚNG DẪN",
    "phuong an": "PHƯƠNG ÁN", "de an": "ĐỀ ÁN",
}
_TYPE_LINE = re.compile(r"^\s*(k\S?\s*ho\w{0,2}ch(?:\s+h\w{2,4}nh\s+d\w{1,3}ng)?|ch\w{0,3}ng\s+tr\w{1,2}nh|"
                        r"quy\w{1,2}t\s+d\w{1,2}nh|ch\w\s+th\w|h\w{1,3}ng\s+d\w{1,2}n|ph\w{1,3}ng\s+\w{1,2}n|"
                        r"d\w\s+\w{1,2}n)\s*$")
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
_NUMBER = re.compile(r"\b(s\S{0,2})\s*[:;.]\s*(?P<num>[^/\s]{0,8}?)\s*/\s*(?P<sym>[A-Za-zĐđ0-9-]{2,20})", re.I)
_DATE = re.compile(r"ng\s?a?\s?y\s*(?P<d>\S{0,3}?)\s*th\S{0,3}ng\s*(?P<m>\S{1,3}?)\s*n\S{0,2}m\s*(?P<y>\d{4})")
_DATE_FOLD = re.compile(r"ngay\s*(?P<d>\S{0,3}?)\s*th\w{0,3}ng\s*(?P<m>\S{1,3}?)\s*n\w{0,3}m\s*(?P<y>\d{4})")
# (on letters folded, other characters kept: the unreadable day "2%" stays unreadable)

SIGN_AUTH = re.compile(r"^\s*(KT|TM|TL|TUQ|Q)\s*\.\s*(.*)$")
RANKS = ("Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá")


@dataclass
class Header:
    issuer_lines: list[str] = field(default_factory=list)
    number: str | None = None
    number_read: str | None = None
    symbol: str | None = None
    place: str | None = None
    date: str | None = None                 # ISO
    date_range: tuple[str, str] | None = None
    date_read: str | None = None
    document_type: str | None = None
    title: str | None = None
    body_start: int = 0                     # index of the first line after the title


def _fold_chars(s: str) -> str:
    """Letters folded (lowercase, no diacritics), every other character kept: same length as ``s``."""
    out = []
    for c in s:
        if c in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", c)[0].lower()
        out.append(base if base.isascii() and base.isalpha() else c)
    return "".join(out)


def _digits(s: str) -> str | None:
    s = s.replace("O", "0").replace("o", "0") if re.fullmatch(r"[0-9Oo]{1,2}", s) else s
    return s if re.fullmatch(r"\d{1,2}", s) else None


def read_date(day: str, month: str, year: str) -> tuple[str | None, tuple[str, str] | None]:
    """A printed date → (ISO date) or, when the day cannot be read, (None, (first, last) possible)."""
    y = int(year)
    mo = _digits(month.strip(".,"))
    if mo is None or not 1 <= int(mo) <= 12:
        return None, None
    mo = int(mo)
    d = _digits(day.strip(".,"))
    if d is not None and safe_date(y, mo, int(d)):
        return safe_date(y, mo, int(d)).isoformat(), None
    first = day[:1]
    first = "0" if first in "Oo" else first
    if first.isdigit() and len(day) == 2 and first in "0123":
        lo = max(1, int(first) * 10)
        hi = min(last_day(y, mo), int(first) * 10 + 9)
        if lo <= hi:
            return None, (safe_date(y, mo, lo).isoformat(), safe_date(y, mo, hi).isoformat())
    return None, (safe_date(y, mo, 1).isoformat(), safe_date(y, mo, last_day(y, mo)).isoformat())


def _strip_motto(line: str) -> str:
    f = fold_keep(line)
    for motto in _MOTTO:
        words = motto.split()
        # the motto's words, tolerant of OCR noise in a word or two: drop the span they cover
        toks = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", f)]
        for i in range(len(toks)):
            hit, j, k = 0, i, 0
            while j < len(toks) and k < len(words):
                if toks[j][2] == words[k] or (len(words[k]) > 2 and _near(toks[j][2], words[k])):
                    hit += 1
                j += 1
                k += 1
            if hit >= max(2, len(words) - 2) and (toks[i][2][:1] == words[0][:1] or hit >= len(words) - 1):
                end = toks[min(j, len(toks)) - 1][1]
                line = (line[:toks[i][0]] + " " * (end - toks[i][0]) + line[end:])
                f = fold_keep(line)
                break
    return clean_space(line)


def _near(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b) <= 1


def find_type_line(lines: list[str], limit: int = 60) -> int | None:
    for i, ln in enumerate(lines[:limit]):
        f = fold_keep(ln.replace("*", "")).strip()
        if f and _TYPE_LINE.match(re.sub(r"\s+", " ", f)) and ln.strip().replace("*", "").strip().isupper():
            return i
    return None


def doc_type(line: str) -> str:
    f = re.sub(r"\s+", " ", fold_keep(line)).strip()
    for k in sorted(DOC_TYPES, key=len, reverse=True):
        if f.startswith(k):
            return DOC_TYPES[k]
    if f.startswith("k") and "hoach" in f:
        return "KẾ HOẠCH"
    return clean_space(line.replace("*", "")).upper()


def parse_header(lines: list[str], places: list[str]) -> Header:
    """Header fields from the lines before the body. ``places`` are the place names the repository
    knows ("Hà Nội", "Hải Phòng" …), used to read a place through OCR noise."""
    h = Header()
    t = find_type_line(lines)
    head = lines[:t] if t is not None else lines[:12]
    for ln in head:
        f = fold_keep(ln)
        m = _NUMBER.search(ln) if re.search(r"/", ln) else None
        if m and h.number_read is None:
            h.number_read = clean_space(m.group("num"))
            h.symbol = m.group("sym")
            num = h.number_read
            if re.fullmatch(r"\d{1,5}", num) or re.fullmatch(r"\d{0,4}…\d{0,4}", num):
                h.number = f"{num}/{h.symbol}"   # as printed; "4…" (a digit lost) stays so
            elif re.fullmatch(r"\d{1,4}\s?[^\w\s/]{1,2}", num):
                # digits read, then a glyph OCR could not read ("2}", "4§"): keep the digits, mark the rest
                digits = re.match(r"\d+", num).group()
                h.number = f"{digits}…/{h.symbol}"
            else:
                h.number = f"…/{h.symbol}"
        dm = _DATE_FOLD.search(_fold_chars(ln))
        if dm and h.date_read is None:
            h.date_read = clean_space(ln[dm.start():dm.end()])
            h.date, h.date_range = read_date(dm.group("d"), dm.group("m"), dm.group("y"))
            before = ln[:dm.start()].rstrip(" ,")
            h.place = _place(before, places)
        rest = ln
        if m:
            rest = rest[:m.start()]
        if dm:
            rest = rest[:dm.start()] if not m else rest
            if h.place:
                pf = fold_keep(rest)
                k = pf.rfind(fold_keep(h.place).split()[0]) if h.place else -1
                if k >= 0:
                    rest = rest[:k]
        rest = _strip_motto(rest)
        if rest and not re.fullmatch(r"[\W_]*", rest) and len(rest) > 2:
            h.issuer_lines.append(rest)
    if t is not None:
        h.document_type = doc_type(lines[t])
        i = t + 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        title = []
        # the trích yếu: its first line, then the lines that continue it (lower case, no blank line
        # between): a DOCX or a PDF without blank lines goes straight on to the preamble
        while i < len(lines) and lines[i].strip():
            line = lines[i].strip().replace("*", "")
            if title and (not (line[:1].islower() or line[:1].isdigit()) or sum(map(len, title)) > 300):
                break
            title.append(line)
            i += 1
        h.title = clean_space(" ".join(title)) or None
        h.body_start = i
    return h


def _place(before: str, places: list[str]) -> str | None:
    f = fold_keep(before).split()
    best = None
    for p in places:
        pw = fold_keep(p).split()
        n = len(pw)
        if n and len(f) >= n:
            tail = f[-n:]
            ok = sum(1 for a, b in zip(tail, pw) if a == b or _near(a, b))
            if ok == n and (best is None or n > len(fold_keep(best).split())):
                best = p
    if best:
        return best
    words = before.split()
    return clean_space(" ".join(words[-2:])) if words else None


# ------------------------------------------------------------------ closing

@dataclass
class Closing:
    recipients: list[dict] = field(default_factory=list)
    signer: dict = field(default_factory=dict)
    signer_read: list[str] = field(default_factory=list)


_RECIP = re.compile(r"^\s*[-–•]\s*(.+?)\s*[;.,]?\s*$")
_PURPOSE = re.compile(r"\((để[^)]*|de [^)]*)\)")


def parse_closing(lines: list[str]) -> Closing:
    c = Closing()
    sign: list[str] = []
    for raw in lines:
        ln = raw.strip().replace("*", "")
        if not ln:
            continue
        f = fold_keep(ln)
        if re.match(r"^\s*n\w{1,2}i\s+nh\w{1,4}n\b", f):
            rest = ln.split(":", 1)[1].strip() if ":" in ln else ""
            if rest:
                sign.append(rest)
            continue
        m = _RECIP.match(ln)
        if m:
            text = m.group(1).rstrip(" ;.,")
            rec = {"text": text}
            pm = _PURPOSE.search(text)
            if pm:
                rec["text"] = clean_space(text[:pm.start()] + text[pm.end():]).rstrip(" ;.,")
                rec["purpose"] = pm.group(1)
            if text.endswith("./.") or text.endswith("./"):
                rec["text"] = text.rstrip("./")
            c.recipients.append(rec)
        else:
            sign.append(ln)
    c.signer_read = sign
    signer: dict = {}
    titles: list[str] = []
    name = None
    for ln in sign:
        m = SIGN_AUTH.match(ln)
        if m and not signer.get("authority"):
            signer["authority"] = m.group(1) + "."
            if m.group(2).strip():
                signer["on_behalf_of"] = m.group(2).strip()
            continue
        letters = [ch for ch in ln if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters) and len(letters) > 3:
            titles.append(ln)
            continue
        for r in RANKS:
            if ln.startswith(r):
                signer["rank"] = r
                ln = ln[len(r):].strip()
                break
        words = ln.split()
        if 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words):
            name = ln
    if titles:
        signer["title"] = titles[0]
        if len(titles) > 1:
            extra = titles[1]
            for r in RANKS:
                if extra.upper().endswith(r.upper()):
                    pass
            signer["extra_title"] = extra
    if name:
        signer["name"] = name
    c.signer = signer
    return c

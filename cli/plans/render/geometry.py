"""How wide a line of Times New Roman is, so that the renderer can size what Nghị định 30/2020 sizes
by the text: the rule under the issuing body and under the summary ("từ 1/3 đến 1/2 độ dài của dòng
chữ"), the signature column (the standard titles on one line), the issuing body's lines.

The advance widths are Adobe's Times metrics (the AFM files matplotlib ships: Times-Roman, -Bold,
-Italic, -BoldItalic), which Times New Roman and Liberation Serif follow to within a few per cent.
A Vietnamese letter is as wide as its base letter (the marks sit above or below it), so a line is
measured on its decomposed (NFD) base letters. Widths are in points; 1 pt = 20 twips, 1 cm = 567 twips.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

TWIPS_PER_CM = 567
TWIPS_PER_PT = 20

_FILES = {(False, False): "ptmr8a.afm", (True, False): "ptmb8a.afm", (False, True): "ptmri8a.afm",
          (True, True): "ptmbi8a.afm"}
# characters outside the AFM's standard encoding, by glyph name
_NAMES = {"–": "endash", "—": "emdash", "“": "quotedblleft", "”": "quotedblright", "‘": "quoteleft",
          "’": "quoteright", "…": "ellipsis", "•": "bullet", "đ": "d", "Đ": "D"}
_FALLBACK = 500  # a digit's width, for anything unknown (①, ≥ …)
# the horn of ư, ơ, Ư sticks out to the right: the extra advance in Times New Roman (1/1000 em), by
# (bold, italic)
_HORN = {"Ư": (54, 74, 32, 53), "ư": (42, 44, 45, 43), "ơ": (29, 54, 34, 37)}


@lru_cache(maxsize=4)
def _metrics(bold: bool, italic: bool) -> tuple[dict, dict]:
    """(width by character code, width by glyph name) from the AFM file, in 1/1000 em."""
    path = resources.files("matplotlib") / "mpl-data" / "fonts" / "afm" / _FILES[(bold, italic)]
    by_code, by_name = {}, {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("C "):
            continue
        fields = dict(part.strip().split(" ", 1) for part in line.split(";") if part.strip().count(" ") >= 1)
        width, name, code = float(fields["WX"]), fields["N"], int(fields["C"])
        by_name[name] = width
        if code >= 0:
            by_code[code] = width
    return by_code, by_name


def _char_width(ch: str, by_code: dict, by_name: dict, style: int = 0) -> float:
    parts = unicodedata.normalize("NFD", ch)
    if "\u031b" in parts:  # ư, ơ, Ư with any tone: the base letter and its horn
        horn = _HORN.get(unicodedata.normalize("NFC", parts[0] + "\u031b"), (0, 0, 0, 0))[style]
        return _char_width(parts[0], by_code, by_name) + horn
    if ch in _NAMES:
        ch = _NAMES[ch]
        if len(ch) > 1:
            return by_name.get(ch, _FALLBACK)
    base = parts[0] if ch not in ("d", "D") else ch
    return by_code.get(ord(base), _FALLBACK) if ord(base) < 256 else _FALLBACK


def text_width(text: str, size_pt: float, bold: bool = False, italic: bool = False, caps: bool = False) -> float:
    """The width of ``text`` on one line, in points."""
    by_code, by_name = _metrics(bold, italic)
    if caps:
        text = text.upper()
    style = (2 if italic else 0) + (1 if bold else 0)
    return sum(_char_width(c, by_code, by_name, style) for c in unicodedata.normalize("NFC", text)) * size_pt / 1000


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False, caps: bool = False,
         balance: bool = True) -> list[str]:
    """``text`` broken into lines no wider than ``width_pt``, between words. With ``balance`` the lines are
    made as even as the words allow (a heading in two lines of similar length, as offices type them),
    without adding a line."""
    words = text.split()
    if not words:
        return []

    def greedy(limit):
        lines, cur = [], ""
        for w in words:
            cand = f"{cur} {w}" if cur else w
            if cur and text_width(cand, size_pt, bold, caps=caps) > limit:
                lines.append(cur)
                cur = w
            else:
                cur = cand
        lines.append(cur)
        return lines

    lines = greedy(width_pt)
    if not balance or len(lines) < 2:
        return lines
    lo, hi = max(text_width(w, size_pt, bold, caps=caps) for w in words), width_pt
    while hi - lo > 1:  # the narrowest limit that keeps the same number of lines
        mid = (lo + hi) / 2
        if len(greedy(mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return greedy(hi)


def cm(twips: float) -> float:
    return twips / TWIPS_PER_CM

"""Word-level diff of Vietnamese text (difflib, standard library).

``word_diff(old, new)`` returns a :class:`TextDiff`: a list of segments, each ``("=", text)``,
``("-", text)``, ``("+", text)`` or ``("~", old, new)`` — the last one a replacement that differs only in
diacritics or tone placement ("hoà" → "hòa", "Cong an" → "Công an"), so a reviewer sees at once that no
word changed its meaning. Long unchanged runs can be shortened around the changes (``context``).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from plans.text import fold

# Words (letters with their combining marks, digits), runs of spaces, and single other signs.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def tokens(s: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", s or ""))


def _bare(s: str) -> str:
    """``s`` without diacritics, case kept apart from folding spaces: what a diacritic-only edit keeps."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


@dataclass
class TextDiff:
    segments: list[tuple] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s[0] != "=" for s in self.segments)

    @property
    def diacritics_only(self) -> bool:
        """Every change is a replacement that differs in diacritics only."""
        return self.changed and all(s[0] in ("=", "~") for s in self.segments)

    def counts(self) -> dict:
        out = {"removed": 0, "added": 0, "diacritics": 0}
        for s in self.segments:
            if s[0] == "-":
                out["removed"] += _words(s[1])
            elif s[0] == "+":
                out["added"] += _words(s[1])
            elif s[0] == "~":
                out["diacritics"] += _words(s[2])
        return out

    def context(self, words: int = 6) -> "TextDiff":
        """The same diff with each unchanged run longer than ``2 * words`` words cut to its first and
        last ``words`` words around an ellipsis (the start and end of the text keep only the side next
        to a change)."""
        out = []
        n = len(self.segments)
        for i, seg in enumerate(self.segments):
            if seg[0] != "=":
                out.append(seg)
                continue
            parts = _TOKEN.findall(seg[1])
            wcount = sum(1 for p in parts if not p.isspace())
            keep_head = i > 0  # text right after a change
            keep_tail = i < n - 1  # text right before a change
            limit = words * (int(keep_head) + int(keep_tail))
            if wcount <= max(limit, 0) + 2:
                out.append(seg)
                continue
            head = _first_words(parts, words) if keep_head else ""
            tail = _last_words(parts, words) if keep_tail else ""
            lead = seg[1][: len(seg[1]) - len(seg[1].lstrip())] if keep_head else ""
            trail = seg[1][len(seg[1].rstrip()):] if keep_tail else ""
            middle = " … " if head and tail else "… " if tail else " …" if head else "…"
            out.append(("=", lead + head.strip() + middle + tail.strip() + trail))
        return TextDiff(out)

    def as_json(self) -> list:
        return [list(s) for s in self.segments]


def _words(s: str) -> int:
    return sum(1 for p in _TOKEN.findall(s) if not p.isspace()) or (1 if s.strip() else 0)


def _first_words(parts: list[str], n: int) -> str:
    out, k = [], 0
    for p in parts:
        if not p.isspace():
            if k == n:
                break
            k += 1
        out.append(p)
    return "".join(out).rstrip()


def _last_words(parts: list[str], n: int) -> str:
    out, k = [], 0
    for p in reversed(parts):
        if not p.isspace():
            if k == n:
                break
            k += 1
        out.append(p)
    return "".join(reversed(out)).lstrip()


def word_diff(old: str | None, new: str | None) -> TextDiff:
    """Segments turning ``old`` into ``new``, word by word (see the module docstring)."""
    a, b = tokens(old or ""), tokens(new or "")
    sm = difflib.SequenceMatcher(None, [_bare(x) for x in a], [_bare(x) for x in b], autojunk=False)
    segs: list[tuple] = []

    def add(kind, *text):
        if segs and segs[-1][0] == kind and kind in "=-+":
            segs[-1] = (kind, segs[-1][1] + text[0])
        elif segs and segs[-1][0] == "~" and kind == "~":
            segs[-1] = ("~", segs[-1][1] + text[0], segs[-1][2] + text[1])
        else:
            segs.append((kind, *text))

    # Matched on words stripped of diacritics: a word that only changed a mark lines up with itself.
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2]):
                if x == y:
                    add("=", x)
                elif x.isspace() and y.isspace():
                    add("=", y)
                else:
                    add("~", x, y)
            continue
        if i2 > i1:
            add("-", "".join(a[i1:i2]))
        if j2 > j1:
            add("+", "".join(b[j1:j2]))
    # "~" runs separated only by spaces read as one replacement: "Cong an" → "Công an"
    merged: list[tuple] = []
    for s in segs:
        if (s[0] == "~" and len(merged) >= 2 and merged[-1][0] == "=" and merged[-1][1].isspace()
                and merged[-2][0] == "~"):
            sp = merged.pop()[1]
            prev = merged.pop()
            merged.append(("~", prev[1] + sp + s[1], prev[2] + sp + s[2]))
        else:
            merged.append(s)
    return TextDiff(merged)


def same_words(old: str | None, new: str | None) -> bool:
    """The two texts differ in diacritics, case or spacing only."""
    return fold(old or "") == fold(new or "")

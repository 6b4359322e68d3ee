"""Vietnamese text helpers: NFC, diacritic folding, tone-placement style."""
from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Lowercase, strip diacritics (đ → d) and collapse spaces: 'Công an TP' → 'cong an tp'."""
    s = unicodedata.normalize("NFD", s.translate(_D))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = re.sub(r"[^0-9a-zA-Z]+", " ", s.lower())
    return s.strip()


# Old ("hoà", "thuỷ") versus new ("hòa", "thủy") tone placement on the open
# diphthongs oa, oe, uy at the end of a word. Only the five tone marks move;
# the breve, circumflex and horn stay on their letter.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot below
_WORD = re.compile(r"\w+")


def _tone_split(word: str) -> tuple[str, int]:
    """('hoà' →) ('hoa', 2): the word without tone marks and the index of the toned letter (-1 if none)."""
    base, pos = [], -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            pos = len(base) - 1
        elif unicodedata.combining(ch) and base:
            base[-1] += ch
        else:
            base.append(ch)
    return "".join(unicodedata.normalize("NFC", b) for b in base), pos


def tone_style(s: str) -> tuple[list[str], list[str]]:
    """Return (old-style words, new-style words) found in ``s``.

    Only word-final oa, oe, uy are ambiguous ("hoàng", "thuyền" are written one way);
    after "q" (quý, quà) the u is part of the consonant and there is no choice.
    """
    old, new = [], []
    for m in _WORD.finditer(unicodedata.normalize("NFC", s)):
        word = m.group(0)
        base, pos = _tone_split(word)
        low = base.lower()
        if pos < 0 or len(low) < 2 or low[-2:] not in ("oa", "oe", "uy"):
            continue
        if low[:-2].endswith("q") or (low[-2] == "u" and low[:-2].endswith("g")):
            continue
        if pos == len(low) - 1:
            old.append(word)
        elif pos == len(low) - 2:
            new.append(word)
    return old, new

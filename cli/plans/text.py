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
# diphthongs oa, oe, uy. In the old style the mark sits on the second vowel.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_OLD = re.compile(r"(?i)\b\w*(o[a][%s]|o[e][%s]|u[y][%s])(?![a-zđ])" % ((_TONES,) * 3))
_NEW = re.compile(r"(?i)\b\w*(o[%s]a|o[%s]e|u[%s]y)(?![a-zđ])" % ((_TONES,) * 3))


def tone_style(s: str) -> tuple[list[str], list[str]]:
    """Return (old-style words, new-style words) found in ``s`` (word-final oa/oe/uy only).

    Only word-final diphthongs are ambiguous: "hoàng" and "thuyền" are written one way.
    A "qu" + y such as "quý" is not a diphthong and is ignored.
    """
    d = unicodedata.normalize("NFD", s)
    old = [nfc(m.group(0)) for m in _OLD.finditer(d) if not _is_qu(m.group(0))]
    new = [nfc(m.group(0)) for m in _NEW.finditer(d) if not _is_qu(m.group(0))]
    return old, new


def _is_qu(word: str) -> bool:
    base = fold(word)
    return base.endswith(("quy", "qua", "que"))

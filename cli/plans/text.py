"""Vietnamese text helpers: NFC, diacritic folding, tone-placement style."""
from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def dmy(d) -> str:
    """dd/mm/yyyy, the way every output shows a date; "" for none."""
    return d.strftime("%d/%m/%Y") if d else ""


def num(x) -> str:
    """A figure as outputs show it: at most two decimals, no trailing zeros ("88.84", "100", "-1.16")."""
    if x is None:
        return ""
    return f"{float(x):.2f}".rstrip("0").rstrip(".")


# Characters no output may carry: C0 controls but TAB, LF and CR; DEL; C1 controls; UTF-16 surrogates
# and the non-characters U+FFFE/U+FFFF. XML (so DOCX) refuses most of them, terminals obey some (ESC
# sequences), and none belongs in a plan. YAML lets them in only through double-quoted escapes ("\x07").
UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(s) -> str:
    """``s`` as text with every unsafe character (see ``UNSAFE_CHARS``) removed; "" for None."""
    s = "" if s is None else str(s)
    return UNSAFE_CHARS.sub("", s) if UNSAFE_CHARS.search(s) else s


def visible(s) -> str:
    """Like ``clean`` but each unsafe character becomes one visible sign (␇ for BEL, ␡ for DEL, � for
    the rest), so that columns in excerpts stay where they were."""
    s = "" if s is None else str(s)

    def sign(m):
        c = ord(m.group())
        return chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else "\ufffd"

    return UNSAFE_CHARS.sub(sign, s) if UNSAFE_CHARS.search(s) else s


# How outputs write a target's comparison: signs, never a leading "=" (a spreadsheet would take the
# cell for a formula); "==" in words.
_SIGN = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}
_EQUAL = {"vi": "bằng", "en": "exactly"}


def sign(comparator: str, lang: str = "vi") -> str:
    """``>=`` → ``≥``, ``<=`` → ``≤``, ``==`` → "bằng" / "exactly"."""
    if comparator == "==":
        return _EQUAL.get(lang, _EQUAL["vi"])
    return _SIGN.get(comparator, comparator or "")


def goal(comparator: str, threshold, unit: str | None, lang: str = "vi") -> str:
    """A target as outputs show it: "≥ 12%", "> 90%", "bằng 0"."""
    t = f"{threshold:g}" if isinstance(threshold, (int, float)) else str(threshold)
    return f"{sign(comparator, lang)} {t}{'%' if unit == 'percent' else ''}"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


class _Marks(dict):
    """``str.translate`` table that deletes combining marks (category Mn), each character's category
    looked up once."""

    def __missing__(self, code: int):
        value = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = value
        return value


_MARKS = _Marks()


def fold(s: str) -> str:
    """Lowercase, strip diacritics (đ → d) and collapse spaces: 'Công an TP' → 'cong an tp'."""
    s = unicodedata.normalize("NFD", s.translate(_D)).translate(_MARKS)
    s = re.sub(r"[^0-9a-zA-Z]+", " ", s.lower())
    return s.strip()


# Old ("hoà", "thuỷ") versus new ("hòa", "thủy") tone placement on the open
# diphthongs oa, oe, uy at the end of a word (in NFC, the tone sits on a
# precomposed letter). After "q" (quý, quà) the u belongs to the consonant and
# there is no choice; "hoàng", "thuyền" are written one way only.
_OLD = re.compile(r"(?<!q)(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\w)", re.IGNORECASE)
_NEW = re.compile(r"(?<!q)(?:[òóỏõọ][ae]|[ùúủũụ]y)(?!\w)", re.IGNORECASE)


def _word_at(s: str, end: int) -> str:
    start = end
    while start > 0 and s[start - 1].isalnum():
        start -= 1
    return s[start:end]


def tone_marks(s: str):
    """Yield (offset, word, style) for every word-final oa/oe/uy carrying a tone, style "old" or "new".

    ``s`` must be NFC (plan files are: rule R007 sees to that)."""
    for style, rx in (("old", _OLD), ("new", _NEW)):
        for m in rx.finditer(s):
            word = _word_at(s, m.end())
            yield m.end() - len(word), word, style


def tone_style(s: str) -> tuple[list[str], list[str]]:
    """Return (old-style words, new-style words) found in ``s``."""
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    hits = sorted(tone_marks(s))
    return [w for _, w, st in hits if st == "old"], [w for _, w, st in hits if st == "new"]


def _collator():
    """Vietnamese collation (CLDR "vi": a ă â b c d đ e ê …, tones after letters) from ICU;
    DUCET through pyuca where ICU is not installed."""
    try:
        import icu

        return icu.Collator.createInstance(icu.Locale("vi")).getSortKey
    except ImportError:  # pragma: no cover - depends on the platform
        from pyuca import Collator

        return Collator().sort_key


_SORT_KEY = None


def vi_key(s: str):
    """Sort key for Vietnamese text: ``sorted(names, key=vi_key)``."""
    global _SORT_KEY
    if _SORT_KEY is None:
        _SORT_KEY = _collator()
    return _SORT_KEY(s or "")


# NFC as far as Vietnamese needs it. Text pasted from PDFs or macOS arrives decomposed: a base letter
# followed by combining marks ("e" + U+0323 + U+0302 for "ệ"). Only such clusters are composed, and only
# when the result is a Latin letter. Full NFC would also rewrite characters that are not Vietnamese and
# are not decomposed at all (singleton and composition-exclusion mappings: KELVIN SIGN → "K",
# CJK compatibility ideographs, Devanagari nukta letters), and change what the author wrote.
_CLUSTER = re.compile(r"[^\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\n]"
                      r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _compose(m: re.Match) -> str:
    cluster = m.group(0)
    base = cluster[0]
    if unicodedata.normalize("NFC", base) != base:  # the base itself is a singleton (KELVIN SIGN …)
        return cluster
    out = unicodedata.normalize("NFC", cluster)
    if out != cluster and unicodedata.name(out[0], "").startswith("LATIN "):
        return out
    return cluster


def vietnamese_changes(text: str):
    """Yield ``(start, end, composed)`` for every cluster :func:`vietnamese_nfc` rewrites."""
    for m in _CLUSTER.finditer(text):
        out = _compose(m)
        if out != m.group(0):
            yield m.start(), m.end(), out


def vietnamese_nfc(text: str) -> str:
    """``text`` with every decomposed Latin letter (base + combining marks) composed (NFC); nothing else
    changes. Rule R007 flags exactly what this changes, and ``plans lint --fix`` writes it."""
    if unicodedata.is_normalized("NFC", text):  # fast path: nothing to compose
        return text
    return _CLUSTER.sub(_compose, text)

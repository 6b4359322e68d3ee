"""Vietnamese diacritics put back into OCR text that lost them, learned from the repository.

A noisy-channel model over syllables:

- the **language model** is a syllable bigram model (interpolated with unigrams) over the Vietnamese
  text the repository holds with its diacritics: the reviewed plans, the agency registries, the
  indicator catalog and every source text that kept its diacritics;
- the **channel** says which syllable an OCR token stands for. It is learned from the parallel corpus
  the repository already is: each OCR source in ``plans/sources/`` against the reviewed plan that was
  typed from it (tokens aligned by their folded form), so "ctia" → "của", "Pang" → "Đảng",
  "chdng" → "chống"; a token never seen there may stand for any syllable with the same letters
  without diacritics ("phong" → phòng, phóng …) or, at a cost, one letter away.

The best sequence is found by Viterbi. Numbers, dates and document symbols (a chunk holding a digit
run or a "/", such as ``53/KH-BCĐ``, ``05/02/2025``, ``100%``) are never touched; the case of each
token (UPPER, Capital, lower) is kept.

Pure functions and one :class:`Model`; nothing here reads the repository by itself: the caller hands
texts in (:func:`corpus_from_repository` does that for the command and the bench).
"""
from __future__ import annotations

import difflib
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from plans.text import fold as _fold_text

WORD = re.compile(r"[0-9A-Za-zÀ-ỹĐđ&€¢]+", re.UNICODE)  # & € ¢ are OCR's readings of ế, ê, c
_VOWELS = set("aeiouy")


def fold(tok: str) -> str:
    """A token's letters without diacritics, lowercase ("Đảng" → "dang")."""
    return _fold_text(tok).replace(" ", "")


def has_marks(tok: str) -> bool:
    return any(ord(c) > 127 for c in tok)


NUM = "<num>"   # every number is one word to the language model: "năm <num>" is the context of a year


def words(text: str) -> list[str]:
    return [NUM if w.isdigit() else w.lower() for w in _LM_WORD.findall(unicodedata.normalize("NFC", text))]


_LM_WORD = re.compile(r"[0-9A-Za-zÀ-ỹĐđ]+", re.UNICODE)


@dataclass
class Model:
    uni: Counter = field(default_factory=Counter)
    bi: Counter = field(default_factory=Counter)
    by_fold: dict = field(default_factory=lambda: defaultdict(Counter))
    channel: dict = field(default_factory=lambda: defaultdict(Counter))
    total: int = 0
    _fold_keys: list = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    # -- training ----------------------------------------------------------------------------------
    def add_text(self, text: str) -> None:
        ws = words(text)
        prev = "<s>"
        for w in ws:
            self.uni[w] += 1
            self.bi[(prev, w)] += 1
            self.by_fold[fold(w)][w] += 1
            prev = w
        self.total += len(ws)
        self._fold_keys = []
        self._cache.clear()

    def add_parallel(self, ocr: str, reviewed: str) -> int:
        """Learn which syllable each OCR token stood for, aligning the OCR text with the reviewed text
        (folded tokens matched; equal-length gaps between matches paired one to one). Returns the
        number of pairs learned."""
        a = [w for w in WORD.findall(unicodedata.normalize("NFC", ocr))]
        a = [w for w in a if any(c.isalnum() for c in w)]
        b = words(reviewed)
        fa = [fold(w) for w in a]
        fb = [fold(w) for w in b]
        sm = difflib.SequenceMatcher(None, fa, fb, autojunk=False)
        n = 0
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1 and i2 - i1 <= 4):
                for i, j in zip(range(i1, i2), range(j1, j2)):
                    if not re.search(r"\d{2,}", a[i]):
                        self.channel[a[i].lower()][b[j]] += 1
                        n += 1
        self._cache.clear()
        return n

    # -- scoring -----------------------------------------------------------------------------------
    def p_uni(self, w: str) -> float:
        v = len(self.uni) + 1
        return (self.uni.get(w, 0) + 0.1) / (self.total + 0.1 * v)

    def p_bi(self, prev: str, w: str) -> float:
        alpha = 3.0
        c_prev = self.uni.get(prev, 0) if prev != "<s>" else 0
        return (self.bi.get((prev, w), 0) + alpha * self.p_uni(w)) / (c_prev + alpha)

    def candidates(self, tok: str) -> list[tuple[str, float]]:
        """(syllable, log channel weight) for a lowercase token, best first, at most 8."""
        if tok == NUM:
            return [(NUM, 0.0)]
        hit = self._cache.get(tok)
        if hit is not None:
            return hit
        out: dict[str, float] = {}
        learned = self.channel.get(tok)
        if learned:
            tot = sum(learned.values())
            for w, c in learned.items():
                out[w] = math.log((c + 0.2) / (tot + 1.0))
        f = fold(tok)
        group = self.by_fold.get(f)
        if group:
            gt = sum(group.values())
            for w, c in group.items():
                # the same letters without diacritics: likely, but less sure than a learned reading
                out[w] = max(out.get(w, -99.0), math.log(0.5 * (c + 0.5) / (gt + 1.0)) - (0.0 if not learned else 1.0))
        if re.search(r"[0-9&€¢]", tok):
            # a digit or sign inside a word is OCR noise: 6 → o (tội, số, có), 1 → l, 4 → a (án) …
            for key in _noise_variants(tok):
                g = self.by_fold.get(key)
                if not g:
                    continue
                gt = sum(g.values())
                for w, c in g.items():
                    out[w] = max(out.get(w, -99.0), math.log(0.3 * (c + 0.5) / (gt + 1.0)) - 1.0)
        if not out and len(f) >= 2:
            if not self._fold_keys:
                self._fold_keys = sorted(self.by_fold)
            from rapidfuzz import fuzz, process
            from rapidfuzz.distance import Levenshtein

            # one letter off; for a longer token two ("thye", "thure" for "thuc"), less likely, so that
            # only the context (the bigram "thực hiện") chooses them
            far = 2 if len(f) >= 4 else 1
            near = process.extract(f, self._fold_keys, scorer=Levenshtein.distance, score_cutoff=far, limit=None)
            # the nearest spellings first, and among equally near ones the most used syllables
            near.sort(key=lambda k: (k[1], -sum(self.by_fold[k[0]].values())))
            for key, dist, _ in near[:6 * far]:
                g = self.by_fold[key]
                gt = sum(g.values())
                for w, c in g.items():
                    out[w] = max(out.get(w, -99.0), math.log(0.15 * (c + 0.5) / (gt + 1.0)) - 2.0 * dist)
            del fuzz
        if tok in self.uni or not out:
            out[tok] = max(out.get(tok, -99.0), math.log(0.3) if out else 0.0)
        out.pop(NUM, None)  # the number placeholder is context, never a word to write
        if not out:
            out[tok] = 0.0
        best = sorted(out.items(), key=lambda kv: -kv[1])[:8]
        self._cache[tok] = best
        return best

    # -- decoding ----------------------------------------------------------------------------------
    def decode(self, toks: list[str]) -> list[str]:
        """Viterbi over the lowercase tokens ``toks``: the most likely syllables."""
        if not toks:
            return []
        prev_layer = {"<s>": (0.0, None)}
        back: list[dict[str, tuple[float, str | None]]] = []
        for tok in toks:
            layer: dict[str, tuple[float, str | None]] = {}
            for cand, ch in self.candidates(tok):
                best, arg = -1e18, None
                for p, (score, _) in prev_layer.items():
                    s = score + math.log(self.p_bi(p, cand))
                    if s > best:
                        best, arg = s, p
                layer[cand] = (best + ch, arg)
            back.append(layer)
            prev_layer = layer
        cur = max(prev_layer, key=lambda k: prev_layer[k][0])
        out = [cur]
        for layer in reversed(back[1:]):
            cur = layer[cur][1]
            out.append(cur)
        return list(reversed(out))


_NOISE = {"6": "oe", "0": "o", "1": "li", "4": "a", "3": "a", "8": "e", "5": "s", "9": "g", "&": "e", "€": "e",
          "¢": "co"}


def _noise_variants(tok: str) -> list[str]:
    base = fold(re.sub(r"[0-9&€¢]", "#", tok)).replace("#", "")
    outs = [""]
    for ch in tok.lower():
        opts = _NOISE.get(ch)
        if opts is None:
            f = fold(ch)
            outs = [o + f for o in outs]
        else:
            outs = [o + x for o in outs for x in opts][:16]
    return [o for o in outs if o] + ([base] if base else [])


# ------------------------------------------------------------------ applying it to text

_PROTECT = re.compile(r"\d{2,}|/|\d[.,]\d|%|^\W*\d+\W*$")
_TOKEN_OK = re.compile(r"^(?=.*[A-Za-zÀ-ỹĐđ])(?!(?:.*\d){2})[A-Za-zÀ-ỹĐđ&€¢\d]{1,6}$|^[A-Za-zÀ-ỹĐđ&€¢]+$")


def _restorable(chunk: str) -> bool:
    return not _PROTECT.search(chunk)


def _cased(src: str, out: str) -> str:
    letters = [c for c in src if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return out.upper()
    if src[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


@dataclass
class Restored:
    text: str
    changed: int      # tokens changed
    tokens: int       # tokens looked at


_HORN = re.compile(r"(?<=[A-Za-z])([UuOo])['’‘](?=[A-Za-z])")


def restore(model: Model, text: str) -> Restored:
    """``text`` with diacritics restored token by token; protected chunks (numbers, dates, symbols)
    untouched."""
    text = unicodedata.normalize("NFC", text)
    # OCR prints the horn as an apostrophe: THU'C → THƯC (then restored to THỰC)
    text = _HORN.sub(lambda m: {"U": "Ư", "u": "ư", "O": "Ơ", "o": "ơ"}[m.group(1)], text)
    spans: list[tuple[int, int, str]] = []  # (start, end, token) of restorable tokens
    for cm in re.finditer(r"\S+", text):
        chunk = cm.group()
        if not _restorable(chunk):
            if re.fullmatch(r"\W*\d+\W*", chunk):
                spans.append((-1, -1, NUM))  # context only: a number is never changed
            continue
        for wm in WORD.finditer(chunk):
            tok = wm.group()
            if not _TOKEN_OK.match(tok) or not any(c.isalpha() for c in tok) or len(tok) < 2:
                continue
            if tok.isalpha() and tok.isupper() and len(tok) >= 2 and not any(fold(c) in _VOWELS for c in tok):
                continue  # an acronym without vowels (UBND, TP): kept
            spans.append((cm.start() + wm.start(), cm.start() + wm.end(), tok))
    lows = [s[2] if s[0] < 0 else s[2].lower() for s in spans]
    best = model.decode(lows)
    out, last, changed = [], 0, 0
    for (a, b, tok), new in zip(spans, best):
        if a < 0:
            continue
        out.append(text[last:a])
        repl = _cased(tok, new) if new != tok.lower() else tok
        if repl != tok:
            changed += 1
        out.append(repl)
        last = b
    out.append(text[last:])
    return Restored("".join(out), changed, sum(1 for s in spans if s[0] >= 0))


def needs_restoring(model: Model, text: str) -> float:
    """Share of the text's syllables that are not written as the corpus writes them (0 for proper
    Vietnamese, 0.3–0.7 for OCR that lost its diacritics)."""
    ws = [w for w in words(text) if not any(ch.isdigit() for ch in w) and len(w) > 1]
    if not ws:
        return 0.0
    known = sum(1 for w in ws if w in model.uni)
    return 1 - known / len(ws)


# ------------------------------------------------------------------ building it from a repository

def diacritic_share(text: str) -> float:
    ws = [w for w in words(text) if not w.isdigit()]
    return sum(1 for w in ws if has_marks(w)) / len(ws) if ws else 0.0


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k in ("id", "field", "indicator", "file", "issuer", "recipient", "lead", "partner", "executor",
                     "advisor", "reporters", "agencies", "groups", "parent", "successor", "kind", "unit"):
                if k != "issuer" or not isinstance(v, str) or "." in v:
                    continue
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


DOCUMENT_ORDER = ("title", "preamble", "objectives", "sections", "footnotes", "recipients", "signer")


def plan_text(data: dict, keys=None) -> str:
    """The Vietnamese text of a reviewed plan (``keys``: only those fields, in that order)."""
    if keys is not None:
        return "\n".join(s for k in keys for s in _strings(data.get(k)))
    return "\n".join(s for s in _strings({k: v for k, v in data.items()
                                          if k not in ("source", "notes", "unverified")}))


_MODELS: dict = {}


def _signature(root: str) -> tuple:
    out = []
    for sub in ("plans", "kpi"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, sub)):
            dirnames.sort()
            for n in sorted(filenames):
                try:
                    st = os.stat(os.path.join(dirpath, n))
                except OSError:
                    continue
                out.append((dirpath, n, st.st_mtime_ns, st.st_size))
    return tuple(out)


def corpus_from_repository(root: str, exclude_plans: set[str] = frozenset(), exclude_sources: set[str] = frozenset(),
                           parallel: bool = True) -> Model:
    """The model of the repository at ``root`` (see :func:`build_from_repository`), kept for the life of
    the process while no file of plans/ or kpi/ changes."""
    key = (os.path.realpath(root), frozenset(exclude_plans), frozenset(exclude_sources), parallel)
    sig = _signature(root)
    hit = _MODELS.get(key)
    if hit is not None and hit[0] == sig:
        return hit[1]
    m = build_from_repository(root, exclude_plans, exclude_sources, parallel)
    if len(_MODELS) > 8:
        _MODELS.clear()
    _MODELS[key] = (sig, m)
    return m


def build_from_repository(root: str, exclude_plans: set[str] = frozenset(), exclude_sources: set[str] = frozenset(),
                          parallel: bool = True) -> Model:
    """A model from the repository at ``root`` (its ``plans/`` and ``kpi/``): every reviewed plan but
    ``exclude_plans`` (ids), the registries, the indicators, the sources with diacritics and, for the
    channel, every OCR source paired with its reviewed plan (leaving out ``exclude_sources`` — file
    names — and the plans excluded)."""
    import yaml

    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    m = Model()
    plans_dir = os.path.join(root, "plans")
    pairs = []
    for dirpath, dirnames, filenames in os.walk(plans_dir):
        dirnames[:] = sorted(d for d in dirnames if d != "sources")
        for name in sorted(filenames):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8") as f:
                    data = yaml.load(f, Loader=_Loader)
            except (OSError, yaml.YAMLError, UnicodeDecodeError):
                continue
            if not isinstance(data, dict):
                continue
            if data.get("kind") == "Plan":
                if data.get("id") in exclude_plans:
                    continue
                m.add_text(plan_text(data))
                src = (data.get("source") or {}).get("file")
                if isinstance(src, str):
                    pairs.append((os.path.join(plans_dir, src), data))
            elif data.get("kind") == "Agencies":
                for a in (data.get("agencies") or []) + (data.get("groups") or []):
                    if isinstance(a, dict):
                        names = [a.get("name")] + list(a.get("short") or []) + list(a.get("aliases") or [])
                        for n in names:
                            if isinstance(n, str) and diacritic_share(n) > 0.2:
                                m.add_text(n)
    kpi = os.path.join(root, "kpi", "indicators.yaml")
    if os.path.isfile(kpi):
        try:
            with open(kpi, encoding="utf-8") as f:
                m.add_text(plan_text(yaml.load(f, Loader=_Loader) or {}))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            pass
    src_dir = os.path.join(plans_dir, "sources")
    if os.path.isdir(src_dir):
        for name in sorted(os.listdir(src_dir)):
            if name in exclude_sources or not name.endswith(".txt"):
                continue
            try:
                with open(os.path.join(src_dir, name), encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            if diacritic_share(text) > 0.45:
                m.add_text(text)
    if parallel:
        for path, data in pairs:
            if os.path.basename(path) in exclude_sources:
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            if diacritic_share(text) <= 0.45:
                m.add_parallel(text, plan_text(data, DOCUMENT_ORDER))
    return m

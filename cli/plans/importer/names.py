"""Agency names in a plan's text → registry ids, through the same resolution as ``plans status``
(:mod:`plans.queries.names`: diacritic-free, typo-tolerant), preferring the plan's own jurisdiction.

A list such as "Sở Văn hóa, Thể thao và Du lịch, Công an thành phố, các sở, ngành, địa phương" is cut
where the registry says a name ends: the longest run of comma/"và"-separated pieces that is wholly one
body's or group's name wins. A piece no name covers is never given an id: it is returned as unknown,
with the nearest bodies.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from plans.queries.names import FOUND, NameIndex

FULL_COVER = 0.99
MAX_JOIN = 5
# OCR text only: a name the registry does not hold word for word is taken as its nearest body when that
# body covers it well and no other comes close ("Bền Chỉ huy Bộ đội biên phòng" → the border guard
# command); it is still listed for review (unverified), never silently.
GUESS_AT = 75.0
GUESS_MARGIN = 20.0
GROUP_LETTERS = 88.0  # OCR text only: letter-level likeness at which a broken group name is that group


@dataclass
class Unknown:
    text: str
    candidates: list[tuple[str, str, float]] = field(default_factory=list)  # (id, name, percent)
    guessed: str | None = None  # OCR text only: the id taken for it, to be confirmed by a reviewer


@dataclass
class NameList:
    ids: list[str] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)


_FILLER = re.compile(r"^(?:(?:các|cac)\s+(?:đơn vị|don vi|cơ quan|co quan)\s+)?(?:có liên quan|co lien quan|liên quan|lien quan)$",
                     re.I)
_LEAD_WORDS = re.compile(r"^\s*(?:với|voi|cùng|cung|và|va|giao|đề nghị|de nghi)\s+", re.I)
_TAIL_WORDS = re.compile(r"\s+(?:có liên quan|co lien quan|liên quan|lien quan|triển khai|trien khai|"
                         r"theo chức năng,? nhiệm vụ(?: được giao)?|tổ chức|to chuc)\s*$", re.I)


class Resolver:
    """Resolve names against ``repo``'s registries, trying ``jurisdiction`` first, then the central
    registry (vn), then all."""

    def __init__(self, repo, jurisdiction: str | None = None):
        self.repo = repo
        self.index = NameIndex(repo)
        self.jurisdiction = jurisdiction
        self._scoped: dict[str | None, NameIndex] = {}
        self._cache: dict[tuple, tuple | None] = {}
        self._inv: dict = {}
        self._wm: dict[str, dict[str, float]] = {}
        self._rcache: dict[tuple, object] = {}  # (scoped index, text) → resolution, kept across jurisdictions
        self._groups: list[tuple[str, str, str]] | None = None
        self.want_nearest = True  # off while only counting ids (the jurisdiction vote)
        self.ocr = False  # set when the text's diacritics were restored: near names may be guessed

    def scoped(self, j: str | None) -> NameIndex:
        if j is None:
            return self.index
        if j not in self._scoped:
            sub = _subindex(self.index)
            sub.names = {k: v for k, v in self.index.names.items() if k.startswith(j + ".")}
            sub.official = {k: {i for i in v if i.startswith(j + ".")} for k, v in self.index.official.items()}
            sub.official = {k: v for k, v in sub.official.items() if v}
            self._scoped[j] = sub
        return self._scoped[j]

    def _resolve(self, idx: NameIndex, text: str):
        """``idx.resolve(text)`` scored only over the bodies sharing a word (or a near word) with
        ``text``: the same answer, without scoring every body of the registry."""
        key = (id(idx), text)
        if key in self._rcache:
            return self._rcache[key]
        r = self._rcache[key] = self._resolve_uncached(idx, text)
        return r

    def _resolve_uncached(self, idx: NameIndex, text: str):
        from plans.text import fold

        toks = fold(text).split()
        if not toks:
            return idx.resolve(text)
        inv = self._inverted(idx)
        ids: set[str] = set()
        common: set[str] | None = None
        places = self._place_words(idx)
        for m in self._matches(idx, toks):
            if any(w in places for w in m):
                continue  # a place word fits every body of its registry
            hit: set[str] = set()
            for w in m:
                hit |= inv.get(w, set())
            ids |= hit
            common = hit if common is None else common & hit
        if common is not None and not common:
            return None  # no single name holds all these words: not one body
        if not ids:
            # no word of the text is a word of any name (place words aside): only an abbreviation or a
            # place ("CT", "thành phố") can still name a body; a longer text names none, and scoring it
            # against every body of the registry is what made a 20-page import slow
            return idx.resolve(text) if len(toks) <= 2 else None
        sub = _subindex(idx)
        sub.names = {k: idx.names[k] for k in ids}
        return sub.resolve(text)

    def _matches(self, idx: NameIndex, toks: list[str]):
        out = []
        for t in toks:
            m = self._wm.get(t)
            if m is None:
                m = self._wm[t] = idx._word_matches([t])[0]
            out.append(m)
        return out

    def _place_words(self, idx: NameIndex) -> set[str]:
        key = ("places", id(idx))
        pw = self._inv.get(key)
        if pw is None:
            pw = set()
            for v in idx.place.values():
                pw |= set(v)
            self._inv[key] = pw
        return pw

    def _inverted(self, idx: NameIndex) -> dict[str, set[str]]:
        key = id(idx)
        inv = self._inv.get(key)
        if inv is None:
            inv = {}
            for eid, names in idx.names.items():
                for n in names:
                    for w in n:
                        inv.setdefault(w, set()).add(eid)
            self._inv[key] = inv
        return inv

    def set_jurisdiction(self, j: str | None) -> None:
        self.jurisdiction = j
        self._cache.clear()

    def _scopes(self):
        out = []
        if self.jurisdiction:
            out.append(self.jurisdiction)
        if self.jurisdiction != "vn":
            out.append("vn")
        out.append(None)
        return out

    def one(self, text: str, max_extra: int = 1, wide: bool = True) -> str | None:
        """The id of the body or group ``text`` names wholly (at most ``max_extra`` of the name's words
        not typed), or None; with ``wide`` False, only in the plan's jurisdiction and the central registry."""
        key = (text.lower(), self.jurisdiction, max_extra, self.ocr, wide)
        if key in self._cache:
            hit = self._cache[key]
            return hit[0] if hit else None
        found = None
        for j in (self._scopes() if wide else self._scopes()[:-1]):
            idx = self.scoped(j)
            if not idx.names:
                continue
            r = self._resolve(idx, text)
            if r is not None and r.status == FOUND and (r.exact or (r.candidates and r.candidates[0][1] >= 100 * FULL_COVER)):
                if not r.exact:
                    from plans.text import fold

                    sc = idx.score(r.entity.id, idx._word_matches(fold(text).split()))
                    if sc.extra > max_extra:
                        continue
                found = r.entity.id
                break
        if found is None and self.ocr:
            found = self._group_by_letters(text)
        self._cache[key] = (found,) if found else None
        return found

    def _group_by_letters(self, text: str) -> str | None:
        """OCR text only: a group named with a word OCR broke ("các s, ngành, địa phương", "Các 80,
        ngành", "Cdce sở, ngành") → the group whose name it spells nearly letter for letter (a short
        word cannot be matched word by word). Only group names ("các …") are taken so, and only a
        clear winner."""
        from rapidfuzz import fuzz

        from plans.text import fold

        q = " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())
        if not re.match(r"^c\w{1,3}\s", q) or not 3 <= len(q.split()) <= 10:
            return None
        if self._groups is None:
            self._groups = [(g.id, g.jurisdiction, " ".join(re.sub(r"[^\w\s]", " ", fold(n)).split()))
                            for g in self.repo.groups.values() for n in g.names()]
        for j in self._scopes()[:-1]:
            scored: dict[str, float] = {}
            for gid, gj, name in self._groups:
                if gj == j:
                    scored[gid] = max(scored.get(gid, 0.0), fuzz.ratio(q, name))
            ranked = sorted(scored.items(), key=lambda kv: -kv[1])
            if ranked and ranked[0][1] >= GROUP_LETTERS and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= 4):
                return ranked[0][0]
        return None

    def nearest(self, text: str, n: int = 3) -> list[tuple[str, str, float]]:
        if not self.want_nearest:
            return []
        r = self.scoped(self.jurisdiction).resolve(text) if self.jurisdiction else self.index.resolve(text)
        out = [(e.id, e.name, pct) for e, pct in r.candidates[:n]]
        if not out and r.entity is not None:
            out = [(r.entity.id, r.entity.name, 100.0)]
        return out

    def names(self, text: str) -> NameList:
        """Every body or group named in the list ``text``. When a piece is unknown and holds digits that
        OCR puts for letters ("Các 56" for "Các sở", "các 16 chức" for "các tổ chức", "d6i"), the list is
        read again with those digits as letters, and that reading is kept when it leaves fewer unknown."""
        out = self._names(text)
        if _open(out) and _SUSPECT.search(text):
            stray = _STRAY.sub("", text)  # a speck read as a digit between two words ("Tổ 6 quốc")
            for mended in ocr_mendings(text) + ([stray] if stray != text else []):
                alt = self._names(mended)
                if _open(alt) < _open(out) and len(alt.ids) >= len(out.ids) - _open(out):
                    out = alt
                    if not _open(out):
                        break
        return out

    def _two_names(self, piece: str) -> list[str] | None:
        """Two names printed without the comma between them ("Công an thành phố Bộ Chỉ huy Bộ đội biên
        phòng thành phố"): the two bodies, when every cut whose halves are both names gives the same two."""
        words = piece.split()
        if not 4 <= len(words) <= 14:
            return None  # a long piece is a sentence, not two names
        found = set()
        for k in range(2, len(words) - 1):
            if not (words[k][:1].isupper() or words[k].lower() in ("các", "cac")):
                continue  # a name starts with a capital ("Bộ Chỉ huy …") or is a group ("các sở …")
            a = self.one(" ".join(words[:k]))
            b = self.one(" ".join(words[k:])) if a else None
            if a and b and a != b:
                found.add((a, b))
        return list(found.pop()) if len(found) == 1 else None

    def _one_run(self, cand: str, max_extra: int, wide: bool = True) -> str | None:
        """The body ``cand`` names, read as typed first ("các đơn vị có liên quan" is a group's name),
        then without the lead and tail words a list puts around names ("phối hợp với …", "… có liên quan")."""
        bare = _LEAD_WORDS.sub("", cand).strip(" ,;.")
        if not bare:
            return None
        tried = [bare]
        stripped = _TAIL_WORDS.sub("", bare).strip(" ,;.")
        if stripped and stripped != bare:
            tried.append(stripped)
        for c in tried:
            ent = self.one(c, max_extra, wide)
            if ent:
                return ent
        return None

    def _and_pair(self, parts: list[str], seps: list[str], i: int, j: int, ent: str) -> list[str]:
        """A run "A và B" that a registry holds as one body's alias ("Ủy ban Trung ương Mặt trận … và các
        tổ chức thành viên") still names B when B alone is another body or group: both, A first."""
        for k in range(i, j - 1):
            if not re.fullmatch(r"\s+(?:và|va)\s+", seps[k]):
                continue
            head = "".join(parts[m] + (seps[m] if m < k else "") for m in range(i, k + 1)).strip()
            tail = "".join(parts[m] + (seps[m] if m < j - 1 else "") for m in range(k + 1, j)).strip()
            a, b = self._one_run(head, 0), self._one_run(tail, 0)
            if a and b and a != b and ent in (a, b):
                return [a, b]
        return [ent]

    def _group_parts(self) -> list[tuple[str, list[str]]]:
        """(group id, folded comma parts) of every group name of three or more parts ("các bộ, ngành,
        địa phương"), and the set of the words standing alone in such lists ("ban", "ngành", "đoàn thể")."""
        if getattr(self, "_gparts", None) is None:
            gp, single = [], set()
            for g in self.repo.groups.values():
                for n in g.names():
                    ps = [_fold_part(x) for x in re.split(r",", n) if x.strip()]
                    single.update(p for p in ps[1:] if len(p.split()) <= 2)
                    if len(ps) >= 3:
                        gp.append((g.id, g.jurisdiction, ps))
            self._gparts, self._gsingle = gp, single
        return self._gparts

    def _combined_group(self, parts: list[str], seps: list[str], i: int) -> tuple[int, list[str]] | None:
        """"các bộ, ban, ngành, đoàn thể, địa phương": a comma run that begins and ends as a combined
        group's name does ("các bộ, ngành, địa phương") and holds its other parts in order, the words
        between being list words ("ban") or names of their own ("đoàn thể"): (end, [group, others])."""
        if not re.match(r"^\s*(?:các|cac)\s", _LEAD_WORDS.sub("", parts[i]), re.I):
            return None
        groups = self._group_parts()
        run = []
        for k in range(i, min(len(parts), i + 2 * MAX_JOIN)):
            run.append(_fold_part(_TAIL_WORDS.sub("", _LEAD_WORDS.sub("", parts[k])).strip(" ,;.")))
            if seps[k] != ",":
                break
        for j in range(len(run), 2, -1):
            seq = run[:j]
            for scope in self._scopes()[:-1]:
                for gid, gj, gps in groups:
                    if gj != scope or len(gps) >= j or gps[0] != seq[0] or gps[-1] != seq[-1]:
                        continue
                    it, inner = 0, []
                    for p in seq:
                        if it < len(gps) and p == gps[it]:
                            it += 1
                        else:
                            inner.append(p)
                    if it != len(gps):
                        continue
                    others, ok = [], True
                    for p in inner:
                        ent = self.one(p, 0)
                        if ent:
                            others.append(ent)
                        elif p not in self._gsingle:
                            ok = False
                            break
                    if ok:
                        return i + j, [gid] + [o for o in others if o != gid]
        return None

    def _name_then_run(self, parts: list[str], seps: list[str], i: int) -> tuple[int, list[str]] | None:
        """A name printed without the comma before a list ("Hội Liên hiệp phụ nữ thành phố các sở, ngành,
        địa phương"): the piece is cut where a name ends and a longer registry name, running on over
        the next pieces, begins; the longest such run wins. (end, [first, second])."""
        words = _LEAD_WORDS.sub("", parts[i]).split()
        if len(words) < 3 or i + 1 >= len(parts):
            return None
        best = None
        for k in range(2, len(words)):
            if not (words[k][:1].isupper() or words[k].lower() in ("các", "cac")):
                continue
            a = self.one(" ".join(words[:k]))
            if not a:
                continue
            for j in range(min(len(parts), i + MAX_JOIN), i + 1, -1):
                tail = " ".join(words[k:]) + seps[i] + "".join(
                    parts[m] + (seps[m] if m < j - 1 else "") for m in range(i + 1, j))
                b = self._one_run(tail.strip(), 0)
                if b and b != a:
                    if best is None or j > best[0]:
                        best = (j, [a, b])
                    break
        return best

    def _names(self, text: str) -> NameList:
        out = NameList()
        text = re.sub(r"\s+", " ", text).strip(" ,;.:")
        if not text:
            return out
        pieces = [p for p in re.split(r"(,|;|\s+và\s+|\s+va\s+|\s+cùng\s+)", text)]
        parts = pieces[0::2]
        seps = pieces[1::2] + [""]
        i = 0
        while i < len(parts):
            taken = False
            grouped = self._combined_group(parts, seps, i)
            # the plan's own registries first: a longer run that only another province's registry
            # holds as one name ("các ban, sở, ngành, đoàn thể") is not preferred to their names
            runs = [(j, wide) for wide in (False, True) for j in range(min(len(parts), i + MAX_JOIN), i, -1)]
            for j, wide in runs:
                if grouped and grouped[0] > j:
                    break  # a longer run is one combined group with other words between its own
                cand = "".join(parts[k] + (seps[k] if k < j - 1 else "") for k in range(i, j)).strip()
                ent = self._one_run(cand, 1 if j == i + 1 else 0, wide)
                if ent:
                    both = self._and_pair(parts, seps, i, j, ent)
                    out.ids.extend(x for x in both if x not in out.ids)
                    i, taken = j, True
                    break
            if not taken and grouped:
                out.ids.extend(x for x in grouped[1] if x not in out.ids)
                i, taken = grouped[0], True
            if not taken:
                run = self._name_then_run(parts, seps, i)
                if run:
                    out.ids.extend(x for x in run[1] if x not in out.ids)
                    i = run[0]
                    continue
                piece = _TAIL_WORDS.sub("", _LEAD_WORDS.sub("", parts[i])).strip(" ,;.")
                split = self._two_names(piece) if piece else None
                if split:
                    out.ids.extend(x for x in split if x not in out.ids)
                elif piece and not _FILLER.match(piece) and len(piece) > 2:
                    u = Unknown(piece, self.nearest(piece))
                    c = u.candidates
                    if (self.ocr and c and c[0][2] >= GUESS_AT and len(piece.split()) >= 2
                            and (len(c) == 1 or c[0][2] - c[1][2] >= GUESS_MARGIN)):
                        u.guessed = c[0][0]
                        if u.guessed not in out.ids:
                            out.ids.append(u.guessed)
                    out.unknown.append(u)
                i += 1
        return out


def _fold_part(p: str) -> str:
    from plans.text import fold

    return " ".join(fold(p).replace("-", " ").split())


def _subindex(idx: NameIndex) -> NameIndex:
    """A copy of ``idx`` whose names the caller narrows, without ``idx``'s memo of answers (a shallow copy
    would share it: an answer of the whole registry would be taken for the narrowed one, and back)."""
    sub = copy.copy(idx)
    sub.__dict__.pop("_resolved", None)
    return sub


def _open(nl: NameList) -> int:
    """Names of ``nl`` left without an id (a guessed one counts half: a mended reading that resolves it
    wholly is better)."""
    return sum(0.5 if u.guessed else 1 for u in nl.unknown)


# OCR reads some letters as digits: "sở" → "s6", "56"; "tổ" → "16"; "đội" → "d6i"; "xã" → "x4", "x3"
_DIGIT_AS = {"0": "o", "1": "tl", "3": "a", "4": "a", "5": "s", "6": "o", "8": "a", "9": "g"}
# a token mixing letters and digits, or a lone 1-2 digit token between two words ("Các 56, ngành")
_SUSPECT = re.compile(r"\b(?=\w*\d)(?=\w*[^\W\d_])\w+\b|(?<=[^\W\d_] )\d{1,2}(?=\s*[,;]|\s+[^\W\d_])")


_STRAY = re.compile(r"(?<=[^\W\d_]) \d(?= [^\W\d_])")


def ocr_mendings(text: str, limit: int = 8) -> list[str]:
    """Readings of ``text`` with the digits of suspect tokens taken as the letters OCR confuses them
    with (a number, a date or a symbol such as "799", "15/6", "05/KH" is never a suspect token)."""
    import itertools

    spans = [m.span() for m in _SUSPECT.finditer(text)]
    if not spans:
        return []
    choices = []
    for a, b in spans:
        tok = text[a:b]
        opts = [list(_DIGIT_AS.get(ch, ch)) if ch.isdigit() else [ch] for ch in tok]
        alts = ["".join(x) for x in itertools.islice(itertools.product(*opts), limit)]
        choices.append(alts)
    out = []
    for combo in itertools.islice(itertools.product(*choices), limit):
        t, last = [], 0
        for (a, b), rep in zip(spans, combo):
            t.append(text[last:a] + rep)
            last = b
        t.append(text[last:])
        out.append("".join(t))
    return out

"""Find an agency or group by what a person types: id, official name, short form, alias,
with or without diacritics, with small typos ("so giao duc hai phong").

How well a body matches is decided word by word, on each of its names separately:

- every typed word is matched to a word of that name or of the body's place ("thành phố Hải Phòng",
  its initials "TP", "HP", the registry code "hp"): exactly, or within a small typo for words longer than three letters;
  ``cover`` is the share of typed words matched (a typo counts a little less than an exact word);
- ``extra`` counts the words of that name the person did not type, leaving out the place words:
  a body's place is implied by its registry, so "Công an" fits "Công an thành phố Hải Phòng",
  "Công an thành phố Hà Nội" and Huế's alias "Công an" equally (no extra word), and "Bộ Công an"
  less well (one extra word, "Bộ");
- a body's score is that of its best name; bodies are ranked by (cover, fewest extra words).

A place typed ("so tu phap ha noi") is matched only by the bodies of that place, so it selects the
jurisdiction. Several bodies with the same best score are equally good answers: the name is
ambiguous and they are the candidates. The exact id, or the exact official name of one body, is
always that body.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from plans.text import fold

if TYPE_CHECKING:  # annotations only: `plans --help` does not build the model's classes (20 ms)
    from plans.loading.model import Agency, Group, Repository

FOUND, AMBIGUOUS, UNKNOWN = "found", "ambiguous", "unknown"

SHORT_WORD = 3       # words this short (codes such as "so", "an", "tp", "hp") must be typed exactly
TYPO_CUTOFF = 80     # rapidfuzz ratio at or above which a longer typed word stands for a known word
MIN_COVER = 0.75     # below this share of typed words matched, the name is unknown (nearest suggested)


@dataclass
class Resolution:
    status: str
    entity: Agency | Group | None = None
    candidates: list[tuple[Agency | Group, float]] = field(default_factory=list)
    query: str = ""
    exact: bool = False  # the text was the body's id or its official name


@dataclass(frozen=True)
class Score:
    cover: float   # share of typed words matched, 0..1
    extra: int     # words of the best name not typed (place words aside)

    def key(self):
        return (-round(self.cover, 3), self.extra)

    @property
    def percent(self) -> float:
        return round(100 * self.cover, 1)


class NameIndex:
    """Folded names and words of every agency and group, built once per repository."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self.official: dict[str, set[str]] = {}          # folded official name -> ids
        self.names: dict[str, list[tuple[str, ...]]] = {}  # id -> words of each name (and of the id)
        self.place: dict[str, frozenset[str]] = {}       # id -> words of its place and registry code
        places: dict[str, frozenset[str]] = {}
        for ent in (*repo.agencies.values(), *repo.groups.values()):
            self.official.setdefault(fold(ent.name), set()).add(ent.id)
            variants = {tuple(fold(n).split()) for n in (ent.id, *ent.names())}
            self.names[ent.id] = sorted(v for v in variants if v)
            j = ent.jurisdiction
            if j not in places:
                places[j] = _place_words(repo.jurisdiction_names.get(j, ""), j)
            self.place[ent.id] = places[j]
        self.vocabulary = sorted({w for ws in self.names.values() for n in ws for w in n}
                                 | {w for p in places.values() for w in p})

    # -- scoring ---------------------------------------------------------------------------------
    def _word_matches(self, tokens: list[str]) -> list[dict[str, float]]:
        """For each typed word, the known words it may stand for, with a weight in (0, 1]."""
        from rapidfuzz import fuzz, process

        out = []
        for tok in tokens:
            if len(tok) <= SHORT_WORD:
                out.append({tok: 1.0})
            else:
                m = {w: sc / 100 for w, sc, _ in process.extract(tok, self.vocabulary, scorer=fuzz.ratio,
                                                                  score_cutoff=TYPO_CUTOFF, limit=20)}
                m[tok] = 1.0
                out.append(m)
        return out

    def score(self, ent_id: str, matches: list[dict[str, float]]) -> Score:
        """The best (cover, extra) of any name of ``ent_id`` for the typed words ``matches``."""
        place = self.place[ent_id]
        best = None
        for name in self.names[ent_id]:
            words = set(name) | place
            got, used = 0.0, set()
            for m in matches:
                hit = max(((wt, w) for w, wt in m.items() if w in words), default=None)
                if hit:
                    got += hit[0]
                    used.add(hit[1])
            extra = sum(1 for w in name if w not in used and w not in place)
            s = Score(got / len(matches), extra)
            if best is None or s.key() < best.key():
                best = s
        return best or Score(0.0, 0)

    def resolve(self, text: str, limit: int = 8) -> Resolution:
        """What ``text`` names (asked again with the same words, the same answer, not scored again)."""
        memo = self.__dict__.setdefault("_resolved", {})
        if (text, limit) not in memo:
            memo[(text, limit)] = self._resolve(text, limit)
        return memo[(text, limit)]

    def _resolve(self, text: str, limit: int) -> Resolution:
        repo = self.repo
        if text in repo.agencies or text in repo.groups:
            return Resolution(FOUND, repo.entity(text), query=text, exact=True)
        q = fold(text)
        official = self.official.get(q)
        if official and len(official) == 1:
            return Resolution(FOUND, repo.entity(next(iter(official))), query=text, exact=True)
        tokens = q.split()
        if not tokens:
            return Resolution(UNKNOWN, query=text)
        matches = self._word_matches(tokens)
        scored = sorted(((self.score(e, matches), e) for e in self.names), key=lambda x: (x[0].key(), x[1]))
        scored = [(s, e) for s, e in scored if s.cover > 0]
        if not scored or scored[0][0].cover < MIN_COVER:
            return Resolution(UNKNOWN, candidates=[(repo.entity(e), s.percent) for s, e in scored[:3]], query=text)
        top = scored[0][0].key()
        best = [(repo.entity(e), s.percent) for s, e in scored if s.key() == top]
        if len(best) == 1:
            return Resolution(FOUND, best[0][0], candidates=[(repo.entity(e), s.percent) for s, e in scored[:limit]],
                              query=text)
        return Resolution(AMBIGUOUS, candidates=best, query=text)


def _place_words(place: str, code: str) -> frozenset[str]:
    """The words a person may type for a place: its name ("thanh pho hai phong"), its registry code
    ("hp") and the initials of two or more consecutive words ("tp", "hp", "tphp")."""
    words = fold(place).split()
    initials = {"".join(w[0] for w in words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)}
    return frozenset(words) | frozenset(fold(code).split()) | initials


def name_index(repo: Repository) -> NameIndex:
    """The :class:`NameIndex` of ``repo``, made once while its registries stay as they are (a query that
    resolves a name before and after adding plans to the model folds every name once)."""
    key = (len(repo.agencies), len(repo.groups), len(repo.jurisdiction_names))
    memo = getattr(repo, "_name_index", None)
    if memo is None or memo[0] != key:
        memo = (key, NameIndex(repo))
        try:
            repo._name_index = memo
        except (AttributeError, TypeError):
            return memo[1]
    return memo[1]


def resolve(repo: Repository, text: str) -> Resolution:
    return name_index(repo).resolve(text)


# -- plans -----------------------------------------------------------------------------------------
# A plan is named by its id ("vn-2025-53-kh-bcd") or by its printed number as typed ("53/KH-BCĐ",
# "53/kh-bcd", "53-KH-BCD"): case, diacritics (Đ/D) and which separator stands between the parts do not count.
# An illegible number ("4…/KH-BCĐ") can be typed with "..." for "…". A number that several plans carry
# is ambiguous: their ids are the candidates.


@lru_cache(maxsize=8192)  # listings ask for every row's plan against every plan: fold each number once
def _number_key(number: str) -> str:
    return fold((number or "").replace("...", "…").replace("…", " x "))


@dataclass
class PlanResolution:
    status: str
    plan: object | None = None
    candidates: list = field(default_factory=list)  # plans, best first
    query: str = ""
    exact: bool = False  # the text was the plan's id


def resolve_plan(repo: Repository, text: str) -> PlanResolution:
    """The plan ``text`` names: its id, or its printed number (see above)."""
    text = (text or "").strip()
    if text in repo.plans:
        return PlanResolution(FOUND, repo.plans[text], query=text, exact=True)
    key = _number_key(text)
    if not key:
        return PlanResolution(UNKNOWN, query=text)
    by_number = [p for p in repo.plans.values() if _number_key(p.number) == key]
    if not by_number:  # an id typed in another case or with other separators ("VN 2025 53 KH BCD")
        by_number = [p for p in repo.plans.values() if fold(p.id) == key]
    if len(by_number) == 1:
        return PlanResolution(FOUND, by_number[0], query=text)
    if by_number:
        return PlanResolution(AMBIGUOUS, candidates=sorted(by_number, key=lambda p: p.id), query=text)
    from rapidfuzz import fuzz, process

    choices = {p.id: p.id for p in repo.plans.values()}
    choices.update({p.id + " ": p.number for p in repo.plans.values()})
    near = process.extract(text, choices, scorer=fuzz.WRatio, score_cutoff=60, limit=6)
    seen, out = set(), []
    for _, _, k in near:
        pid = k.strip()
        if pid not in seen:
            seen.add(pid)
            out.append(repo.plans[pid])
    return PlanResolution(UNKNOWN, candidates=out[:3], query=text)


def _number_counts(repo) -> dict:
    """How many plans of ``repo`` carry each number key; counted again only when the plans' numbers
    change (a listing labels thousands of rows against the same plans)."""
    from collections import Counter
    from operator import attrgetter

    numbers = tuple(map(attrgetter("number"), repo.plans.values()))
    memo = getattr(repo, "_plan_number_counts", None)
    if memo is None or memo[0] != numbers:
        memo = (numbers, Counter(_number_key(n) for n in numbers))
        try:
            repo._plan_number_counts = memo
        except (AttributeError, TypeError):
            pass
    return memo[1]


def plan_label(repo: Repository, plan) -> str:
    """How listings name a plan: its printed number, with its date when the number alone does not tell it
    apart (an illegible "…/KH-BCĐ", "4…/KH-BCĐ", no number, or a number another plan also carries)."""
    number = plan.number or ""
    shared = _number_counts(repo)[_number_key(number)] > 1
    if number and "…" not in number and "..." not in number and not shared:
        return number
    when = plan.date_label() or (str(plan.period_start.year) if plan.period_start else "")
    if not number:
        return f"{plan.id} ({when})" if when else plan.id
    return f"{number} ({when})" if when else f"{number} ({plan.id})"
